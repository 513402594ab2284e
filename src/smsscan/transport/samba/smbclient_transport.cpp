#include "smsscan/transport/samba/smbclient_transport.hpp"

#include "smsscan/util/text.hpp"

#include <libsmbclient.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace smsscan::transport {

namespace {

using target::Credentials;
using target::Target;
using util::iequals;
using util::split;
using util::to_lower;
using util::to_upper;
using util::trim;

using Clock = std::chrono::steady_clock;

// ================================================================ messages
//
// Parent and worker exchange datagrams over a SOCK_SEQPACKET socket pair:
// one request, at most one reply, strictly in turn. Numbers are host order
// (both ends are the same program).

constexpr std::size_t max_read_chunk = 60 * 1024;     // data bytes per READ reply
constexpr std::size_t max_message = 64 * 1024 + 8192; // any message, with headers
constexpr int socket_buffer = 512 * 1024;
constexpr auto worker_grace = std::chrono::seconds(2); // past the deadline, before a busy worker is killed

enum class Op : std::uint8_t {
  begin = 1, // host, port, timeout, credentials; no reply (failures surface at the first open)
  open,      // share, folder, name -> status, detail, handle, size, mtime, actual name
  read,      // handle, offset, length -> ok + bytes | failed + detail
  close,     // handle; no reply
  end,       // -> ok; the context is freed and the worker is ready for another session
};

class Writer
{
public:
  explicit Writer(Op op) { u8(static_cast<std::uint8_t>(op)); }
  Writer() = default;
  void u8(std::uint8_t value) { m_data.push_back(value); }
  void u32(std::uint32_t value) { raw(&value, sizeof value); }
  void u64(std::uint64_t value) { raw(&value, sizeof value); }
  void i64(std::int64_t value) { raw(&value, sizeof value); }
  void str(std::string_view text)
  {
    u32(static_cast<std::uint32_t>(text.size()));
    raw(text.data(), text.size());
  }
  void raw(const void* data, std::size_t size)
  {
    const auto* bytes = static_cast<const std::uint8_t*>(data);
    m_data.insert(m_data.end(), bytes, bytes + size);
  }
  std::vector<std::uint8_t>& data() { return m_data; }
  // Overwrites the buffer (it may hold the password) before it is freed.
  void wipe()
  {
    volatile std::uint8_t* p = m_data.data();
    for (std::size_t i = 0; i < m_data.size(); ++i) {
      p[i] = 0;
    }
  }

private:
  std::vector<std::uint8_t> m_data;
};

class Reader
{
public:
  Reader(const std::uint8_t* data, std::size_t size) : m_data(data), m_left(size) {}
  bool ok() const { return m_ok; }
  std::uint8_t u8() { return value<std::uint8_t>(); }
  std::uint32_t u32() { return value<std::uint32_t>(); }
  std::uint64_t u64() { return value<std::uint64_t>(); }
  std::int64_t i64() { return value<std::int64_t>(); }
  std::string str()
  {
    const std::uint32_t size = u32();
    if (!m_ok || size > m_left) {
      m_ok = false;
      return {};
    }
    std::string text(reinterpret_cast<const char*>(m_data), size);
    m_data += size;
    m_left -= size;
    return text;
  }
  const std::uint8_t* rest(std::size_t& size) const
  {
    size = m_left;
    return m_data;
  }

private:
  void raw(void* out, std::size_t size)
  {
    if (!m_ok || size > m_left) {
      m_ok = false;
      return;
    }
    std::memcpy(out, m_data, size);
    m_data += size;
    m_left -= size;
  }

  // One fixed-size field in host byte order (both ends are this machine).
  template <typename T>
  T value()
  {
    T result{};
    raw(&result, sizeof result);
    return result;
  }

  const std::uint8_t* m_data;
  std::size_t m_left;
  bool m_ok = true;
};

bool send_message(int fd, const std::vector<std::uint8_t>& data)
{
  while (true) {
    const ssize_t sent = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (sent < 0 && errno == EINTR) {
      continue;
    }
    return sent == static_cast<ssize_t>(data.size());
  }
}

// One datagram into buffer (resized to its length). false on end of file,
// error or a datagram too large.
bool receive_message(int fd, std::vector<std::uint8_t>& buffer)
{
  // One zeroed scratch buffer per thread: resizing the caller's buffer up to
  // max_message for every message would clear that much memory each time.
  thread_local std::vector<std::uint8_t> scratch(max_message);
  while (true) {
    const ssize_t got = ::recv(fd, scratch.data(), scratch.size(), MSG_TRUNC);
    if (got < 0 && errno == EINTR) {
      continue;
    }
    if (got <= 0 || static_cast<std::size_t>(got) > scratch.size()) {
      buffer.clear();
      return false;
    }
    buffer.assign(scratch.begin(), scratch.begin() + got);
    return true;
  }
}

void set_buffers(int fd)
{
  const int size = socket_buffer;
  ::setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &size, sizeof size);
  ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
}

std::string upper(std::string_view text)
{
  std::string result(text);
  for (char& c : result) {
    if (c >= 'a' && c <= 'z') {
      c = static_cast<char>(c - 'a' + 'A');
    }
  }
  return result;
}

// ================================================================ worker
//
// Runs in a single-threaded child process; everything libsmbclient is here.

// What libsmbclient said while one operation ran (see the header).
struct Capture
{
  bool active = false;
  bool attempted = false;    // "SMBC_server: server_n=": a new connection was being made
  bool session_ok = false;   // " session setup ok"
  bool tcon_ok = false;      // " tconx ok"
  std::string logon_problem; // "... login failed: <reason>"
};

Capture g_capture;
// Cleared when a connection succeeded without the messages expected: the
// markers are then not trusted (another libsmbclient wording).
bool g_markers_trusted = true;

// A successful call that connected must have shown both markers.
void check_markers()
{
  if (g_capture.attempted && !(g_capture.session_ok && g_capture.tcon_ok)) {
    g_markers_trusted = false;
  }
}
int g_forward_level = -1;       // SMSSCAN_SMBCLIENT_DEBUG
std::string g_forward_password; // masked in forwarded messages

void on_libsmbclient_log(void*, int level, const char* message)
{
  if (message == nullptr) {
    return;
  }
  if (g_capture.active) {
    if (std::strstr(message, "SMBC_server: server_n=") != nullptr) {
      g_capture.attempted = true;
      g_capture.session_ok = false;
      g_capture.tcon_ok = false;
    } else if (std::strstr(message, " session setup ok") != nullptr) {
      g_capture.session_ok = true;
    } else if (std::strstr(message, " tconx ok") != nullptr) {
      g_capture.tcon_ok = true;
    } else if (const char* failed = std::strstr(message, "login failed: ")) {
      g_capture.logon_problem = failed + std::strlen("login failed: ");
      while (!g_capture.logon_problem.empty() &&
             (g_capture.logon_problem.back() == '\n' || g_capture.logon_problem.back() == ' ')) {
        g_capture.logon_problem.pop_back();
      }
    }
  }
  if (level <= g_forward_level) {
    std::string text(message);
    if (!g_forward_password.empty()) {
      for (std::size_t at = text.find(g_forward_password); at != std::string::npos;
           at = text.find(g_forward_password, at)) {
        text.replace(at, g_forward_password.size(), "****");
      }
    }
    while (!text.empty() && text.back() == '\n') {
      text.pop_back();
    }
    std::fprintf(stderr, "smbclient[%d] %d: %s\n", static_cast<int>(::getpid()), level, text.c_str());
  }
}

struct WorkerCredentials
{
  std::string domain;
  std::string user;
  std::string password;
};

void on_auth(SMBCCTX* context, const char*, const char*, char* workgroup, int workgroup_size, char* user, int user_size,
             char* password, int password_size)
{
  const auto* credentials = static_cast<const WorkerCredentials*>(smbc_getOptionUserData(context));
  const auto copy = [](char* out, int size, const std::string& value, bool keep_if_empty) {
    if (size <= 0 || (keep_if_empty && value.empty())) {
      return;
    }
    const std::size_t length = std::min(value.size(), static_cast<std::size_t>(size - 1));
    std::memcpy(out, value.data(), length);
    out[length] = '\0';
  };
  if (credentials == nullptr) {
    copy(user, user_size, "", false);
    copy(password, password_size, "", false);
    return;
  }
  copy(workgroup, workgroup_size, credentials->domain, true); // empty: libsmbclient's default workgroup
  copy(user, user_size, credentials->user, false);            // empty: anonymous
  copy(password, password_size, credentials->password, false);
}

struct Entry
{
  std::string name;
  std::uint64_t size = 0;
  std::int64_t mtime = 0;
  bool directory = false;
};

// A folder as listed once per session: its entries, or why it could not be.
struct Listing
{
  OpenStatus status = OpenStatus::ok;
  std::string detail;
  std::vector<Entry> entries;
};

struct ShareState
{
  bool connected = false;           // a logon and tree connect to it succeeded in this context
  std::optional<OpenStatus> closed; // not_found (no such share) or access_denied (refused)
  std::string detail;
};

struct Outcome
{
  OpenStatus status = OpenStatus::ok;
  std::string detail;
};

std::string percent_encode(std::string_view text)
{
  static const char hex[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    const bool plain = (byte >= 'a' && byte <= 'z') || (byte >= 'A' && byte <= 'Z') || (byte >= '0' && byte <= '9') ||
                       std::strchr("-._~$!&'()+,;=@", c) != nullptr;
    if (plain && byte != 0) {
      out += c;
    } else {
      out += '%';
      out += hex[byte >> 4];
      out += hex[byte & 15];
    }
  }
  return out;
}

bool is_unreachable_errno(int error)
{
  switch (error) {
  case ECONNREFUSED:
  case EHOSTUNREACH:
  case ENETUNREACH:
  case ETIMEDOUT:
#ifdef ETIME
  case ETIME:
#endif
  case ECONNRESET:
  case ECONNABORTED:
  case ENETDOWN:
  case EHOSTDOWN:
  case ENETRESET:
  case ESHUTDOWN:
  case ENOTCONN:
  case EPIPE:
    return true;
  default:
    return false;
  }
}

std::string errno_text(int error)
{
  return std::string(std::strerror(error)) + " (errno " + std::to_string(error) + ")";
}

class SmbWorker
{
public:
  ~SmbWorker() { end(); }

  void begin(Reader& in)
  {
    end();
    const std::string host = in.str();
    const std::uint32_t port = in.u32();
    const std::uint32_t timeout_ms = in.u32();
    const bool has_credentials = in.u8() != 0;
    m_credentials.domain = in.str();
    m_credentials.user = in.str();
    m_credentials.password = in.str();
    if (!in.ok()) {
      m_fatal = Outcome{OpenStatus::error, "bad request from the scanner"};
      return;
    }
    g_forward_password = m_credentials.password;
    m_label = "\\\\" + host;
    init_library();

    std::string address;
    std::string problem;
    if (!resolve(host, address, problem)) {
      m_fatal = Outcome{OpenStatus::unreachable, "cannot resolve " + host + ": " + problem};
      return;
    }
    // libsmbclient 4.17 takes no [IPv6] brackets; it splits host:port before
    // decoding, so an address with its colons percent-encoded passes whole.
    m_base = "smb://" + percent_encode(address) + "/";

    m_ctx = smbc_new_context();
    if (m_ctx == nullptr) {
      m_fatal = Outcome{OpenStatus::error, "libsmbclient: cannot create a context: " + errno_text(errno)};
      return;
    }
    smbc_setDebug(m_ctx, base_debug_level());
    smbc_setOptionProtocols(m_ctx, "NT1", "SMB3"); // client min/max protocol (process-wide in 4.17)
    smbc_setOptionUserData(m_ctx, has_credentials ? &m_credentials : nullptr);
    smbc_setFunctionAuthDataWithContext(m_ctx, on_auth);
    smbc_setOptionUseKerberos(m_ctx, 0);
    smbc_setOptionFallbackAfterKerberos(m_ctx, 1);
    smbc_setOptionUseCCache(m_ctx, 0);
    smbc_setOptionNoAutoAnonymousLogin(m_ctx, 1);
    smbc_setOptionOneSharePerServer(m_ctx, 0);
    smbc_setOptionCaseSensitive(m_ctx, 0);
    smbc_setOptionUrlEncodeReaddirEntries(m_ctx, 0);
    smbc_setOptionBrowseMaxLmbCount(m_ctx, 1);
    smbc_setPort(m_ctx, static_cast<std::uint16_t>(port == 0 ? 445 : port));
    smbc_setTimeout(m_ctx, static_cast<int>(std::min<std::uint32_t>(timeout_ms, 0x7fffffff)));
    if (!m_credentials.domain.empty()) {
      smbc_setWorkgroup(m_ctx, m_credentials.domain.c_str());
    }
    if (smbc_init_context(m_ctx) == nullptr) {
      const int error = errno;
      smbc_free_context(m_ctx, 1);
      m_ctx = nullptr;
      m_fatal = Outcome{OpenStatus::error, "libsmbclient: cannot initialise a context: " + errno_text(error)};
    }
  }

  void open(Reader& in, Writer& out)
  {
    const std::string share = in.str();
    const std::string folder = in.str();
    const std::string name = in.str();
    Outcome outcome;
    const Entry* entry = nullptr;
    std::uint32_t handle = 0;
    if (!in.ok()) {
      outcome = {OpenStatus::error, "bad request from the scanner"};
    } else {
      outcome = open_file(share, folder, name, entry, handle);
    }
    out.u8(static_cast<std::uint8_t>(outcome.status));
    out.str(outcome.detail);
    out.u32(handle);
    out.u64(entry ? entry->size : 0);
    out.i64(entry ? entry->mtime : 0);
    out.str(entry ? entry->name : std::string());
  }

  void read(Reader& in, Writer& out)
  {
    const std::uint32_t handle = in.u32();
    const std::uint64_t offset = in.u64();
    const std::uint32_t length = in.u32();
    const auto found = m_files.find(handle);
    if (!in.ok() || found == m_files.end() || length > max_read_chunk || m_ctx == nullptr) {
      out.u8(1);
      out.str("bad read request");
      return;
    }
    SMBCFILE* file = found->second;
    if (smbc_getFunctionLseek(m_ctx)(m_ctx, file, static_cast<off_t>(offset), SEEK_SET) < 0) {
      const int error = errno;
      out.u8(1);
      out.str("seek to " + std::to_string(offset) + " failed: " + errno_text(error));
      return;
    }
    m_buffer.resize(length);
    std::size_t done = 0;
    while (done < length) {
      const ssize_t got = smbc_getFunctionRead(m_ctx)(m_ctx, file, m_buffer.data() + done, length - done);
      if (got < 0 && errno == EINTR) {
        continue;
      }
      if (got <= 0) {
        const int error = errno;
        out.u8(1);
        out.str(got == 0 ? "end of file at offset " + std::to_string(offset + done)
                         : "read at offset " + std::to_string(offset + done) + " failed: " + errno_text(error));
        return;
      }
      done += static_cast<std::size_t>(got);
    }
    out.u8(0);
    out.raw(m_buffer.data(), length);
  }

  void close(Reader& in)
  {
    const std::uint32_t handle = in.u32();
    const auto found = m_files.find(handle);
    if (in.ok() && found != m_files.end()) {
      if (m_ctx != nullptr) {
        smbc_getFunctionClose(m_ctx)(m_ctx, found->second);
      }
      m_files.erase(found);
    }
  }

  void end()
  {
    if (m_ctx != nullptr) {
      for (const auto& [handle, file] : m_files) {
        smbc_getFunctionClose(m_ctx)(m_ctx, file);
      }
      smbc_free_context(m_ctx, 1);
      m_ctx = nullptr;
    }
    m_files.clear();
    m_listings.clear();
    m_shares.clear();
    m_fatal.reset();
    wipe(m_credentials.password);
    wipe(g_forward_password);
    m_credentials = {};
  }

private:
  static void wipe(std::string& text)
  {
    volatile char* p = text.data();
    for (std::size_t i = 0; i < text.size(); ++i) {
      p[i] = 0;
    }
    text.clear();
  }

  static int base_debug_level() { return g_forward_level > 0 ? std::min(g_forward_level, 10) : 0; }

  // libsmbclient's module state lives for the whole process: an anchor
  // context that is never freed keeps it from being torn down and re-read
  // (smb.conf) at every session.
  static void init_library()
  {
    static bool done = false;
    if (done) {
      return;
    }
    done = true;
    if (const char* level = std::getenv("SMSSCAN_SMBCLIENT_DEBUG")) {
      g_forward_level = std::atoi(level);
    }
    SMBCCTX* anchor = smbc_new_context();
    if (anchor == nullptr) {
      return;
    }
    smbc_setLogCallback(anchor, nullptr, on_libsmbclient_log); // process-wide: no more output to stdout
    smbc_setDebug(anchor, base_debug_level());
    smbc_setFunctionAuthDataWithContext(anchor, on_auth);
    smbc_setOptionUserData(anchor, nullptr);
    smbc_init_context(anchor);
  }

  static bool resolve(const std::string& host, std::string& address, std::string& problem)
  {
    unsigned char scratch[sizeof(struct in6_addr)];
    if (::inet_pton(AF_INET, host.c_str(), scratch) == 1 || ::inet_pton(AF_INET6, host.c_str(), scratch) == 1) {
      address = host;
      return true;
    }
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    const int rc = ::getaddrinfo(host.c_str(), nullptr, &hints, &found);
    if (rc != 0 || found == nullptr) {
      problem = rc == EAI_SYSTEM ? errno_text(errno) : ::gai_strerror(rc);
      return false;
    }
    // IPv4 first: NT4 and Windows 2000 speak nothing else.
    const addrinfo* chosen = found;
    for (const addrinfo* candidate = found; candidate; candidate = candidate->ai_next) {
      if (candidate->ai_family == AF_INET) {
        chosen = candidate;
        break;
      }
    }
    char text[NI_MAXHOST];
    const int named = ::getnameinfo(chosen->ai_addr, chosen->ai_addrlen, text, sizeof text, nullptr, 0, NI_NUMERICHOST);
    ::freeaddrinfo(found);
    if (named != 0) {
      problem = ::gai_strerror(named);
      return false;
    }
    address = text;
    return true;
  }

  void capture_begin()
  {
    g_capture = Capture{};
    g_capture.active = true;
    smbc_setDebug(m_ctx, std::max(4, base_debug_level()));
  }

  void capture_end()
  {
    g_capture.active = false;
    smbc_setDebug(m_ctx, base_debug_level());
  }

  std::string unc(const std::string& share, const std::vector<std::string_view>& parts,
                  const std::string& name = {}) const
  {
    std::string text = m_label + "\\" + share;
    for (std::string_view part : parts) {
      text += "\\";
      text += part;
    }
    if (!name.empty()) {
      text += "\\" + name;
    }
    return text;
  }

  std::string url(const std::string& share, const std::vector<std::string_view>& parts,
                  const std::string& name = {}) const
  {
    std::string text = m_base + percent_encode(share);
    for (std::string_view part : parts) {
      text += "/" + percent_encode(part);
    }
    if (!name.empty()) {
      text += "/" + percent_encode(name);
    }
    return text;
  }

  // What a failed libsmbclient call (errno error, during which g_capture was
  // active) means. Sets the share's state and the session's fatal outcome.
  Outcome classify(int error, ShareState& share_state, const std::string& share, const std::string& what)
  {
    Capture seen = g_capture;
    if (!g_markers_trusted) {
      seen.attempted = false;
    }
    if (seen.attempted && seen.session_ok && seen.tcon_ok) {
      share_state.connected = true;
    }
    if (error == EACCES || error == EPERM) {
      if (seen.attempted && !seen.session_ok) {
        std::string detail = m_label + ": the logon (session setup) was refused";
        if (!seen.logon_problem.empty()) {
          detail += ": " + seen.logon_problem;
        }
        m_fatal = Outcome{OpenStatus::auth_failed, detail};
        return *m_fatal;
      }
      if (seen.attempted && !seen.tcon_ok) {
        share_state.closed = OpenStatus::access_denied;
        share_state.detail = m_label + "\\" + share + ": the logon succeeded but the share refused the connection";
        return {OpenStatus::access_denied, share_state.detail};
      }
      if (!seen.attempted && !share_state.connected) {
        // libsmbclient said nothing about connecting although this share was
        // never reached (or its messages proved unreliable): count it as a
        // refused logon, the side that protects the account from lockout.
        m_fatal =
          Outcome{OpenStatus::auth_failed, m_label + "\\" + share + ": access refused (" + errno_text(error) +
                                             "); libsmbclient did not say whether the logon or the share refused it"};
        return *m_fatal;
      }
      return {OpenStatus::access_denied, what + ": access denied"};
    }
    if (error == ENODEV ||
        ((error == ENOENT || error == ENOTDIR) && seen.attempted && seen.session_ok && !seen.tcon_ok)) {
      share_state.closed = OpenStatus::not_found;
      share_state.detail = m_label + "\\" + share + ": no such share";
      return {OpenStatus::not_found, share_state.detail};
    }
    if (error == ENOENT || error == ENOTDIR) {
      return {OpenStatus::not_found, {}};
    }
    if (is_unreachable_errno(error)) {
      m_fatal = Outcome{OpenStatus::unreachable, m_label + ": " + errno_text(error)};
      return *m_fatal;
    }
    return {OpenStatus::error, what + ": " + errno_text(error)};
  }

  Listing list_folder(const std::string& share, ShareState& share_state, const std::vector<std::string_view>& parts)
  {
    Listing listing;
    capture_begin();
    SMBCFILE* dir = smbc_getFunctionOpendir(m_ctx)(m_ctx, url(share, parts).c_str());
    const int error = errno;
    capture_end();
    if (dir == nullptr) {
      const Outcome outcome = classify(error, share_state, share, unc(share, parts));
      listing.status = outcome.status;
      listing.detail = outcome.detail;
      return listing;
    }
    check_markers();
    share_state.connected = true;
    const smbc_readdirplus2_fn next = smbc_getFunctionReaddirPlus2(m_ctx);
    struct stat info
    {
    };
    while (const libsmb_file_info* found = next(m_ctx, dir, &info)) {
      if (found->name == nullptr || std::strcmp(found->name, ".") == 0 || std::strcmp(found->name, "..") == 0) {
        continue;
      }
      Entry entry;
      entry.name = found->name;
      entry.size = static_cast<std::uint64_t>(info.st_size);
      entry.mtime = static_cast<std::int64_t>(info.st_mtime);
      entry.directory = S_ISDIR(info.st_mode) || (found->attrs & 0x10) != 0; // FILE_ATTRIBUTE_DIRECTORY
      listing.entries.push_back(std::move(entry));
      info = {};
    }
    smbc_getFunctionClosedir(m_ctx)(m_ctx, dir);
    return listing;
  }

  Outcome open_file(const std::string& share, const std::string& folder, const std::string& name, const Entry*& entry,
                    std::uint32_t& handle)
  {
    if (m_fatal) {
      return *m_fatal;
    }
    if (m_ctx == nullptr) {
      return {OpenStatus::error, "libsmbclient session not started"};
    }
    ShareState& share_state = m_shares[upper(share)];
    if (share_state.closed) {
      return {*share_state.closed, share_state.detail};
    }
    std::vector<std::string_view> parts;
    for (std::string_view part : split(folder, '\\')) {
      if (!part.empty()) {
        parts.push_back(part);
      }
    }
    std::string key = upper(share);
    for (std::string_view part : parts) {
      key += "\\" + upper(part);
    }
    auto cached = m_listings.find(key);
    if (cached == m_listings.end()) {
      Listing listing = list_folder(share, share_state, parts);
      if (m_fatal) {
        return *m_fatal;
      }
      if (share_state.closed) {
        return {*share_state.closed, share_state.detail};
      }
      cached = m_listings.emplace(key, std::move(listing)).first;
    }
    const Listing& listing = cached->second;
    if (listing.status != OpenStatus::ok) {
      return {listing.status, listing.detail};
    }
    const Entry* match = nullptr;
    for (const Entry& candidate : listing.entries) {
      if (candidate.name == name) {
        match = &candidate;
        break;
      }
      if (match == nullptr && iequals(candidate.name, name)) {
        match = &candidate;
      }
    }
    if (match == nullptr || match->directory) {
      return {OpenStatus::not_found, {}};
    }
    capture_begin();
    SMBCFILE* file = smbc_getFunctionOpen(m_ctx)(m_ctx, url(share, parts, match->name).c_str(), O_RDONLY, 0);
    const int error = errno;
    capture_end();
    if (file == nullptr) {
      return classify(error, share_state, share, unc(share, parts, match->name));
    }
    check_markers();
    share_state.connected = true;
    handle = m_next_handle++;
    m_files.emplace(handle, file);
    entry = match;
    return {OpenStatus::ok, {}};
  }

  SMBCCTX* m_ctx = nullptr;
  WorkerCredentials m_credentials;
  std::string m_label; // "\\host" for details
  std::string m_base;  // "smb://address/"
  std::optional<Outcome> m_fatal;
  std::map<std::string, ShareState> m_shares;
  std::map<std::string, Listing> m_listings;
  std::map<std::uint32_t, SMBCFILE*> m_files;
  std::uint32_t m_next_handle = 1;
  std::vector<std::uint8_t> m_buffer;
};

[[noreturn]] void worker_main(int fd)
{
  SmbWorker worker;
  std::vector<std::uint8_t> request;
  while (receive_message(fd, request)) {
    Reader in(request.data(), request.size());
    const auto op = static_cast<Op>(in.u8());
    Writer out;
    bool reply = false;
    switch (op) {
    case Op::begin:
      worker.begin(in);
      break;
    case Op::open:
      worker.open(in, out);
      reply = true;
      break;
    case Op::read:
      worker.read(in, out);
      reply = true;
      break;
    case Op::close:
      worker.close(in);
      break;
    case Op::end:
      worker.end();
      out.u8(0);
      reply = true;
      break;
    default:
      ::_exit(3);
    }
    std::fill(request.begin(), request.end(), std::uint8_t{0}); // BEGIN carries the password
    if (reply && !send_message(fd, out.data())) {
      break;
    }
  }
  worker.end();
  ::_exit(0);
}

// ================================================================ spawner
//
// Forked once when the transport is created. It forks the workers on
// request, hands their sockets back with SCM_RIGHTS, kills the ones the
// scanner gives up on, and reaps them all (so that their CPU time is
// accounted to the scanner).

enum class SpawnerOp : std::uint8_t { spawn = 1, kill = 2 };

void redirect_to_null(int target)
{
  const int null = ::open("/dev/null", O_RDWR | O_CLOEXEC);
  if (null >= 0) {
    ::dup2(null, target);
    if (null != target) {
      ::close(null);
    }
  }
}

[[noreturn]] void spawner_main(int control)
{
  ::signal(SIGINT, SIG_IGN); // the scanner decides when to stop
  ::signal(SIGPIPE, SIG_IGN);
  ::signal(SIGCHLD, SIG_DFL);
  // Out of the way of stdin/out/err first (they may have been closed, and
  // the socket pair got one of their numbers).
  const int high = ::fcntl(control, F_DUPFD_CLOEXEC, 10);
  if (high >= 0) {
    ::close(control);
    control = high;
  }
  redirect_to_null(STDIN_FILENO);
  redirect_to_null(STDOUT_FILENO); // nothing from libsmbclient may reach the reports
  // Keep only stdin/out/err and the control socket (as 3): a worker must not
  // hold the scanner's files or pipes open.
  if (control != 3) {
    ::dup2(control, 3);
    ::close(control);
    control = 3;
  }
  ::fcntl(control, F_SETFD, FD_CLOEXEC);
  ::close_range(4, ~0U, 0);

  std::vector<pid_t> children;
  std::vector<std::uint8_t> request;
  const auto reap = [&] {
    while (true) {
      const pid_t done = ::waitpid(-1, nullptr, WNOHANG);
      if (done <= 0) {
        break;
      }
      children.erase(std::remove(children.begin(), children.end(), done), children.end());
    }
  };
  while (true) {
    pollfd wait{control, POLLIN, 0};
    const int ready = ::poll(&wait, 1, 1000);
    reap();
    if (ready < 0 && errno == EINTR) {
      continue;
    }
    if (ready == 0) {
      continue;
    }
    if (ready < 0 || !receive_message(control, request) || request.empty()) {
      break;
    }
    Reader in(request.data(), request.size());
    const auto op = static_cast<SpawnerOp>(in.u8());
    if (op == SpawnerOp::kill) {
      const auto pid = static_cast<pid_t>(in.u32());
      // Only a child not yet reaped: its pid cannot have been reused.
      if (in.ok() && std::find(children.begin(), children.end(), pid) != children.end()) {
        ::kill(pid, SIGKILL);
      }
      continue;
    }
    Writer reply;
    int pair[2] = {-1, -1};
    pid_t pid = -1;
    int error = 0;
    if (::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, pair) != 0) {
      error = errno;
    } else {
      set_buffers(pair[0]);
      set_buffers(pair[1]);
      const pid_t spawner = ::getpid();
      pid = ::fork();
      if (pid == 0) {
        ::close(control);
        ::close(pair[0]);
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (::getppid() != spawner) {
          ::_exit(0);
        }
        worker_main(pair[1]);
      }
      error = errno;
      ::close(pair[1]);
    }
    reply.u32(pid > 0 ? static_cast<std::uint32_t>(pid) : 0);
    reply.u32(pid > 0 ? 0 : static_cast<std::uint32_t>(error));
    msghdr message{};
    iovec data{reply.data().data(), reply.data().size()};
    message.msg_iov = &data;
    message.msg_iovlen = 1;
    alignas(cmsghdr) char control_buffer[CMSG_SPACE(sizeof(int))] = {};
    if (pid > 0) {
      children.push_back(pid);
      message.msg_control = control_buffer;
      message.msg_controllen = sizeof control_buffer;
      cmsghdr* header = CMSG_FIRSTHDR(&message);
      header->cmsg_level = SOL_SOCKET;
      header->cmsg_type = SCM_RIGHTS;
      header->cmsg_len = CMSG_LEN(sizeof(int));
      std::memcpy(CMSG_DATA(header), &pair[0], sizeof(int));
    }
    const ssize_t sent = ::sendmsg(control, &message, MSG_NOSIGNAL);
    if (pair[0] >= 0) {
      ::close(pair[0]);
    }
    if (sent < 0) {
      break;
    }
  }
  for (const pid_t child : children) {
    ::kill(child, SIGKILL);
  }
  while (::waitpid(-1, nullptr, 0) > 0 || errno == EINTR) {
  }
  ::_exit(0);
}

// ================================================================ scanner side

struct Worker
{
  pid_t pid = -1;
  int fd = -1;
};

class WorkerPool
{
public:
  WorkerPool()
  {
    int pair[2];
    if (::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, pair) != 0) {
      m_problem = "cannot create a socket pair: " + errno_text(errno);
      return;
    }
    std::fflush(nullptr); // the child must not inherit unwritten output
    const pid_t pid = ::fork();
    if (pid == 0) {
      ::close(pair[0]);
      spawner_main(pair[1]);
    }
    const int error = errno;
    ::close(pair[1]);
    if (pid < 0) {
      m_problem = "cannot fork the libsmbclient helper: " + errno_text(error);
      ::close(pair[0]);
      return;
    }
    m_spawner = pid;
    m_control = pair[0];
  }

  ~WorkerPool()
  {
    for (const Worker& worker : m_idle) {
      ::close(worker.fd);
    }
    if (m_control >= 0) {
      ::close(m_control); // the spawner kills what is left and exits
    }
    if (m_spawner > 0) {
      while (::waitpid(m_spawner, nullptr, 0) < 0 && errno == EINTR) {
      }
    }
  }

  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  std::optional<Worker> acquire(std::string& problem)
  {
    std::lock_guard<std::mutex> lock(m_mutex);
    if (!m_idle.empty()) {
      const Worker worker = m_idle.back();
      m_idle.pop_back();
      return worker;
    }
    if (m_control < 0) {
      problem = m_problem;
      return std::nullopt;
    }
    Writer request;
    request.u8(static_cast<std::uint8_t>(SpawnerOp::spawn));
    if (!send_message(m_control, request.data())) {
      problem = "the libsmbclient helper is gone: " + errno_text(errno);
      return std::nullopt;
    }
    std::uint8_t data[8] = {};
    iovec vector{data, sizeof data};
    msghdr message{};
    message.msg_iov = &vector;
    message.msg_iovlen = 1;
    alignas(cmsghdr) char control_buffer[CMSG_SPACE(sizeof(int))] = {};
    message.msg_control = control_buffer;
    message.msg_controllen = sizeof control_buffer;
    ssize_t got = -1;
    do {
      got = ::recvmsg(m_control, &message, MSG_CMSG_CLOEXEC);
    } while (got < 0 && errno == EINTR);
    if (got != static_cast<ssize_t>(sizeof data)) {
      problem = "the libsmbclient helper did not answer";
      return std::nullopt;
    }
    Reader in(data, sizeof data);
    Worker worker;
    worker.pid = static_cast<pid_t>(in.u32());
    const std::uint32_t error = in.u32();
    const cmsghdr* header = CMSG_FIRSTHDR(&message);
    if (worker.pid <= 0 || header == nullptr || header->cmsg_type != SCM_RIGHTS) {
      problem = "cannot start a libsmbclient worker: " + errno_text(static_cast<int>(error));
      return std::nullopt;
    }
    std::memcpy(&worker.fd, CMSG_DATA(header), sizeof(int));
    return worker;
  }

  void release(const Worker& worker)
  {
    std::lock_guard<std::mutex> lock(m_mutex);
    m_idle.push_back(worker);
  }

  // The worker is busy past its deadline, or in an unknown state: kill it.
  void discard(const Worker& worker)
  {
    ::close(worker.fd);
    std::lock_guard<std::mutex> lock(m_mutex);
    if (m_control >= 0) {
      Writer request;
      request.u8(static_cast<std::uint8_t>(SpawnerOp::kill));
      request.u32(static_cast<std::uint32_t>(worker.pid));
      send_message(m_control, request.data());
    }
  }

private:
  std::mutex m_mutex;
  pid_t m_spawner = -1;
  int m_control = -1;
  std::string m_problem;
  std::vector<Worker> m_idle;
};

// A session's line to its worker, shared with the files it opened.
class Channel
{
public:
  Channel(WorkerPool& pool, const Target& target, const SessionSettings& settings)
      : m_pool(pool), m_target(target), m_settings(settings)
  {
  }

  ~Channel()
  {
    if (!m_worker) {
      return;
    }
    // Free the context (logoff) and hand the worker back, unless it is
    // already past the deadline.
    const auto until = std::min(m_settings.deadline + worker_grace,
                                Clock::now() + std::min<Clock::duration>(m_settings.timeout, std::chrono::seconds(5)));
    std::vector<std::uint8_t> reply;
    if (Clock::now() < until && exchange(Writer(Op::end).data(), &reply, until) == Wait::ok) {
      m_pool.release(*m_worker);
    } else if (m_worker) {
      m_pool.discard(*m_worker);
    }
    m_worker.reset();
  }

  Channel(const Channel&) = delete;
  Channel& operator=(const Channel&) = delete;

  enum class Wait { ok, cancelled, timed_out, broken };

  bool cancelled() const { return m_settings.cancelled && m_settings.cancelled->load(); }
  bool past_deadline() const { return Clock::now() > m_settings.deadline; }
  bool usable() const { return m_worker.has_value(); }
  const SessionSettings& settings() const { return m_settings; }

  // Starts the worker and the libsmbclient context on first use.
  bool start(std::string& problem)
  {
    if (m_worker) {
      return true;
    }
    if (m_started) {
      problem = "the libsmbclient worker was lost";
      return false;
    }
    m_started = true;
    m_worker = m_pool.acquire(problem);
    if (!m_worker) {
      return false;
    }
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(m_settings.deadline - Clock::now());
    const auto timeout =
      std::clamp<std::chrono::milliseconds::rep>(std::min(m_settings.timeout, left).count(), 1000, 0x7fffffff);
    Writer begin(Op::begin);
    begin.str(m_target.host);
    begin.u32(m_target.port);
    begin.u32(static_cast<std::uint32_t>(timeout));
    const Credentials* credentials = m_settings.credentials;
    begin.u8(credentials ? 1 : 0);
    begin.str(credentials ? credentials->domain : std::string());
    begin.str(credentials ? credentials->user : std::string());
    begin.str(credentials ? credentials->password : std::string());
    const Wait sent = exchange(begin.data(), nullptr, m_settings.deadline + worker_grace);
    begin.wipe();
    if (sent != Wait::ok) {
      problem = "the libsmbclient worker is gone";
      return false;
    }
    return true;
  }

  // Sends a request and, when reply is given, waits for the answer until
  // `until`, watching for cancellation. A worker that does not answer in
  // time (or at all) is killed; the channel is then unusable.
  Wait exchange(const std::vector<std::uint8_t>& request, std::vector<std::uint8_t>* reply, Clock::time_point until)
  {
    if (!m_worker) {
      return Wait::broken;
    }
    if (!send_message(m_worker->fd, request)) {
      drop();
      return Wait::broken;
    }
    if (reply == nullptr) {
      return Wait::ok;
    }
    while (true) {
      if (cancelled()) {
        drop();
        return Wait::cancelled;
      }
      const auto now = Clock::now();
      if (now >= until) {
        drop();
        return Wait::timed_out;
      }
      const auto slice = std::min<Clock::duration>(until - now, std::chrono::milliseconds(100));
      pollfd wait{m_worker->fd, POLLIN, 0};
      const int ready =
        ::poll(&wait, 1, static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(slice).count()) + 1);
      if (ready < 0 && errno != EINTR) {
        drop();
        return Wait::broken;
      }
      if (ready > 0) {
        if (!receive_message(m_worker->fd, *reply)) {
          drop();
          return Wait::broken;
        }
        return Wait::ok;
      }
    }
  }

  Clock::time_point hard_deadline() const { return m_settings.deadline + worker_grace; }

private:
  void drop()
  {
    if (m_worker) {
      m_pool.discard(*m_worker);
      m_worker.reset();
    }
  }

  WorkerPool& m_pool;
  const Target& m_target;
  SessionSettings m_settings;
  std::optional<Worker> m_worker;
  bool m_started = false;
};

std::string timed_out_text(const SessionSettings& settings)
{
  return "timed out after " +
         std::to_string(std::chrono::duration_cast<std::chrono::seconds>(settings.timeout).count()) + " s";
}

class SmbclientFile : public RemoteFile
{
public:
  SmbclientFile(std::shared_ptr<Channel> channel, std::uint32_t handle, std::uint64_t size, std::int64_t mtime,
                std::string name)
      : m_channel(std::move(channel)), m_handle(handle), m_size(size), m_mtime(mtime), m_name(std::move(name))
  {
  }

  ~SmbclientFile() override
  {
    if (m_channel->usable()) {
      Writer request(Op::close);
      request.u32(m_handle);
      m_channel->exchange(request.data(), nullptr, m_channel->hard_deadline());
    }
  }

  SmbclientFile(const SmbclientFile&) = delete;
  SmbclientFile& operator=(const SmbclientFile&) = delete;

  std::uint64_t size() const override { return m_size; }
  std::optional<std::int64_t> modified() const override
  {
    return m_mtime != 0 ? std::optional<std::int64_t>(m_mtime) : std::nullopt;
  }
  TimeSource time_source() const override { return m_mtime != 0 ? TimeSource::mtime : TimeSource::none; }
  std::string actual_name() const override { return m_name; }
  std::uint64_t bytes_transferred() const override { return m_read; }

  ReadStatus read(std::uint64_t offset, std::size_t length, std::uint8_t* out) override
  {
    std::size_t done = 0;
    std::vector<std::uint8_t> reply;
    while (done < length) {
      if (!m_channel->usable() || m_channel->cancelled() || m_channel->past_deadline()) {
        return ReadStatus::failed;
      }
      const std::size_t chunk = std::min(max_read_chunk, length - done);
      Writer request(Op::read);
      request.u32(m_handle);
      request.u64(offset + done);
      request.u32(static_cast<std::uint32_t>(chunk));
      if (m_channel->exchange(request.data(), &reply, m_channel->hard_deadline()) != Channel::Wait::ok) {
        return ReadStatus::failed;
      }
      Reader in(reply.data(), reply.size());
      if (in.u8() != 0 || !in.ok()) {
        return ReadStatus::failed;
      }
      std::size_t got = 0;
      const std::uint8_t* data = in.rest(got);
      if (got != chunk) {
        return ReadStatus::failed;
      }
      std::memcpy(out + done, data, chunk);
      done += chunk;
      m_read += chunk;
    }
    return ReadStatus::ok;
  }

private:
  std::shared_ptr<Channel> m_channel;
  std::uint32_t m_handle;
  std::uint64_t m_size;
  std::int64_t m_mtime;
  std::string m_name;
  std::uint64_t m_read = 0;
};

class SmbclientSession : public MachineSession
{
public:
  SmbclientSession(WorkerPool& pool, const Target& target, const SessionSettings& settings)
      : m_channel(std::make_shared<Channel>(pool, target, settings))
  {
  }

  OpenResult open(const std::string& share, const std::string& folder, const std::string& name) override
  {
    OpenResult result;
    if (m_fatal) {
      result.status = m_fatal->first;
      result.detail = m_fatal->second;
      return result;
    }
    const SessionSettings& settings = m_channel->settings();
    if (m_channel->cancelled()) {
      return fail(OpenStatus::error, "interrupted");
    }
    if (m_channel->past_deadline()) {
      return fail(OpenStatus::unreachable, timed_out_text(settings));
    }
    std::string problem;
    if (!m_channel->start(problem)) {
      return fail(OpenStatus::error, problem);
    }
    Writer request(Op::open);
    request.str(share);
    request.str(folder);
    request.str(name);
    std::vector<std::uint8_t> reply;
    switch (m_channel->exchange(request.data(), &reply, m_channel->hard_deadline())) {
    case Channel::Wait::ok:
      break;
    case Channel::Wait::cancelled:
      return fail(OpenStatus::error, "interrupted");
    case Channel::Wait::timed_out:
      return fail(OpenStatus::unreachable, timed_out_text(settings));
    case Channel::Wait::broken:
      return fail(OpenStatus::error, "the libsmbclient worker process ended unexpectedly");
    }
    Reader in(reply.data(), reply.size());
    const auto status = static_cast<OpenStatus>(in.u8());
    std::string detail = in.str();
    const std::uint32_t handle = in.u32();
    const std::uint64_t size = in.u64();
    const std::int64_t mtime = in.i64();
    std::string actual = in.str();
    if (!in.ok() || static_cast<std::uint8_t>(status) > static_cast<std::uint8_t>(OpenStatus::error)) {
      return fail(OpenStatus::error, "garbled answer from the libsmbclient worker");
    }
    if (status == OpenStatus::auth_failed || status == OpenStatus::unreachable) {
      return fail(status, detail);
    }
    result.status = status;
    result.detail = std::move(detail);
    if (status == OpenStatus::ok) {
      result.file = std::make_unique<SmbclientFile>(m_channel, handle, size, mtime, std::move(actual));
    }
    return result;
  }

private:
  // Remembers an outcome that ends the session's use of the machine.
  OpenResult fail(OpenStatus status, std::string detail)
  {
    m_fatal = {status, detail};
    OpenResult result;
    result.status = status;
    result.detail = std::move(detail);
    return result;
  }

  std::shared_ptr<Channel> m_channel;
  std::optional<std::pair<OpenStatus, std::string>> m_fatal;
};

class SmbclientTransport : public Transport
{
public:
  std::string_view name() const override { return "smbclient"; }
  std::unique_ptr<MachineSession> start(const Target& target, const SessionSettings& settings) override
  {
    return std::make_unique<SmbclientSession>(m_pool, target, settings);
  }

private:
  WorkerPool m_pool;
};

} // namespace

std::unique_ptr<Transport> make_smbclient_transport()
{
  return std::make_unique<SmbclientTransport>();
}

} // namespace smsscan::transport
