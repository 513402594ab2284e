#include "smsscan/transport/samba/smbclient_handler.hpp"

#include "smsscan/transport/samba/log_markers.hpp"
#include "smsscan/transport/samba/protocol.hpp"
#include "smsscan/transport/samba/smbclient_library.hpp"
#include "smsscan/util/error.hpp"
#include "smsscan/util/host_address.hpp"
#include "smsscan/util/text.hpp"

#include <fcntl.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace smsscan::transport::samba {

namespace {

using util::errno_text;
using worker::Reader;
using worker::Writer;

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

// A file open in this worker, as the inspector reads it: straight through
// libsmbclient, no scanner in between. Without an SMBCFILE (a file the
// inspector does not read) every read fails.
class WorkerFile : public RemoteFile
{
public:
  WorkerFile(SMBCCTX* context, SMBCFILE* file, const Entry& entry) : m_ctx(context), m_file(file), m_entry(entry) {}

  std::uint64_t size() const override { return m_entry.size; }
  std::optional<std::int64_t> modified() const override
  {
    return m_entry.mtime != 0 ? std::optional<std::int64_t>(m_entry.mtime) : std::nullopt;
  }
  TimeSource time_source() const override { return m_entry.mtime != 0 ? TimeSource::mtime : TimeSource::none; }
  std::string actual_name() const override { return m_entry.name; }
  std::uint64_t bytes_transferred() const override { return m_read; }

  ReadStatus read(std::uint64_t offset, std::size_t length, std::uint8_t* out) override
  {
    if (m_file == nullptr || smbc_getFunctionLseek(m_ctx)(m_ctx, m_file, static_cast<off_t>(offset), SEEK_SET) < 0) {
      return ReadStatus::failed;
    }
    std::size_t done = 0;
    while (done < length) {
      const ssize_t got = smbc_getFunctionRead(m_ctx)(m_ctx, m_file, out + done, length - done);
      if (got < 0 && errno == EINTR) {
        continue;
      }
      if (got <= 0) {
        return ReadStatus::failed;
      }
      done += static_cast<std::size_t>(got);
    }
    m_read += length;
    return ReadStatus::ok;
  }

private:
  SMBCCTX* m_ctx;
  SMBCFILE* m_file;
  const Entry& m_entry;
  std::uint64_t m_read = 0;
};

// Cleared when a call connected without the messages expected: the markers
// are then not trusted for the rest of the worker's life.
bool g_markers_trusted = true;

constexpr std::uint16_t k_direct_port = 445;
constexpr std::uint16_t k_netbios_port = 139;

class SmbclientHandler : public worker::Handler
{
public:
  explicit SmbclientHandler(const SmbclientOptions& options) : m_options(options)
  {
    init_library(LibraryOptions{options.ntlmv1});
  }
  ~SmbclientHandler() override
  {
    reset();
    if (m_ctx != nullptr) {
      smbc_free_context(m_ctx, 1);
    }
  }

  bool handle(Reader& in, Writer& out) override
  {
    switch (static_cast<Op>(in.u8())) {
    case Op::begin:
      begin(in);
      return false;
    case Op::open:
      open(in, out);
      return true;
    case Op::read:
      read(in, out);
      return true;
    case Op::close:
      close(in);
      return false;
    case Op::inspect:
      inspect(in, out);
      return true;
    }
    out.u8(0xff); // an unknown request: a reply the scanner side cannot decode
    return true;
  }

  void reset() override
  {
    if (m_ctx != nullptr) {
      for (const auto& [handle, file] : m_files) {
        smbc_getFunctionClose(m_ctx)(m_ctx, file);
      }
      end_session(m_ctx);
    }
    m_session = false;
    m_files.clear();
    m_listings.clear();
    m_shares.clear();
    m_fatal.reset();
    m_address.clear();
    m_port = 0;
    m_fallback = false;
    worker::wipe(m_credentials.password);
    m_credentials = {};
    set_debug_secret({});
  }

private:
  void begin(Reader& in)
  {
    reset();
    BeginRequest request;
    const bool valid = decode(in, request);
    m_credentials = {request.domain, request.user, request.password};
    worker::wipe(request.password);
    if (!valid) {
      m_fatal = Outcome{OpenStatus::error, "bad request from the scanner"};
      return;
    }
    set_debug_secret(m_credentials.password);
    m_label = "\\\\" + request.host;
    if (!locate(request)) {
      return;
    }
    m_port = request.port;
    m_fallback = request.port == 0;
    std::string problem;
    if (m_ctx == nullptr) {
      m_ctx = new_context(problem);
    }
    if (m_ctx == nullptr) {
      m_fatal = Outcome{OpenStatus::error, problem};
      return;
    }
    SessionOptions options;
    options.timeout_ms = request.timeout_ms;
    m_timeout_ms = request.timeout_ms;
    options.credentials = request.has_credentials ? &m_credentials : nullptr;
    start_session(m_ctx, options);
    m_session = true;
  }

  // Where the machine is: the scanner's NetBIOS answer, or DNS here. Sets
  // the URL's host part; false (the session's fatal outcome set) when the
  // name cannot be resolved.
  bool locate(const BeginRequest& request)
  {
    m_address = request.address;
    if (m_address.empty()) {
      util::Expected<std::string> address = util::numeric_address(request.host);
      if (!address) {
        const std::string before = request.tried.empty() ? "" : request.tried + "; DNS: ";
        m_fatal =
          Outcome{OpenStatus::unreachable, "cannot resolve " + request.host + ": " + before + address.error().message};
        return false;
      }
      m_address = *address;
    }
    // With the NetBIOS name in the URL, libsmbclient calls the machine by
    // that name on port 139; its only lmhosts entry maps it to the address.
    if (!request.netbios_name.empty() && set_lmhosts_entry(request.netbios_name, m_address)) {
      m_host = percent_encode(request.netbios_name);
    } else {
      // libsmbclient 4.17 takes no [IPv6] brackets; it splits host:port
      // before decoding, so an address with its colons percent-encoded
      // passes whole.
      m_host = percent_encode(m_address);
    }
    return true;
  }

  void open(Reader& in, Writer& out)
  {
    OpenRequest request;
    OpenReply reply;
    if (!decode(in, request)) {
      reply.detail = "bad request from the scanner";
    } else {
      const Entry* entry = nullptr;
      const Outcome outcome = open_file(request, entry, reply.handle);
      reply.status = outcome.status;
      reply.detail = outcome.detail;
      if (entry != nullptr) {
        reply.size = entry->size;
        reply.mtime = entry->mtime;
        reply.actual_name = entry->name;
      }
    }
    reply.address = m_address;
    reply.port = m_fallback ? 0 : m_port;
    encode(out, reply);
  }

  // Each named file of one folder: found in the listing, opened (unless the
  // inspector reads nothing of it), inspected here and closed. After an
  // outcome that ends the session the rest answer the same; once the time
  // the scanner gave is up, the rest answer unreachable.
  void inspect(Reader& in, Writer& out)
  {
    InspectRequest request;
    InspectReply reply;
    if (!decode(in, request) || !m_options.inspector) {
      const std::string why = m_options.inspector ? "bad request from the scanner" : "no inspector in this worker";
      reply.files.assign(request.names.size(), InspectedFile{OpenStatus::error, why, {}});
    } else {
      const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(request.time_left_ms);
      for (const std::string& name : request.names) {
        if (!m_fatal && std::chrono::steady_clock::now() >= until) {
          m_fatal = Outcome{OpenStatus::unreachable, timed_out_message(std::chrono::milliseconds(m_timeout_ms))};
        }
        reply.files.push_back(inspect_one(OpenRequest{request.share, request.folder, name}));
      }
    }
    reply.address = m_address;
    reply.port = m_fallback ? 0 : m_port;
    encode(out, reply);
  }

  InspectedFile inspect_one(const OpenRequest& request)
  {
    const Entry* entry = nullptr;
    std::uint32_t handle = 0;
    const bool just_find = !m_options.inspector->reads_content(request.name);
    const Outcome outcome = open_file(request, entry, handle, just_find);
    InspectedFile inspected{outcome.status, outcome.detail, {}};
    if (outcome.status == OpenStatus::ok && entry != nullptr) {
      const auto found = m_files.find(handle);
      WorkerFile file(m_ctx, found != m_files.end() ? found->second : nullptr, *entry);
      inspected.inspection = m_options.inspector->inspect(file);
      if (found != m_files.end()) {
        smbc_getFunctionClose(m_ctx)(m_ctx, found->second);
        m_files.erase(found);
      }
    }
    return inspected;
  }

  void read(Reader& in, Writer& out)
  {
    ReadRequest request;
    const bool valid = decode(in, request);
    const auto found = m_files.find(request.handle);
    if (!valid || found == m_files.end() || !m_session) {
      encode_read_failed(out, "bad read request");
      return;
    }
    SMBCFILE* file = found->second;
    if (smbc_getFunctionLseek(m_ctx)(m_ctx, file, static_cast<off_t>(request.offset), SEEK_SET) < 0) {
      const int error = errno;
      encode_read_failed(out, "seek to " + std::to_string(request.offset) + " failed: " + errno_text(error));
      return;
    }
    m_buffer.resize(request.length);
    std::size_t done = 0;
    while (done < request.length) {
      const ssize_t got = smbc_getFunctionRead(m_ctx)(m_ctx, file, m_buffer.data() + done, request.length - done);
      if (got < 0 && errno == EINTR) {
        continue;
      }
      if (got <= 0) {
        const int error = errno;
        const std::string at = std::to_string(request.offset + done);
        encode_read_failed(out, got == 0 ? "end of file at offset " + at
                                         : "read at offset " + at + " failed: " + errno_text(error));
        return;
      }
      done += static_cast<std::size_t>(got);
    }
    encode_read_ok(out, m_buffer.data(), request.length);
  }

  void close(Reader& in)
  {
    CloseRequest request;
    const bool valid = decode(in, request);
    const auto found = m_files.find(request.handle);
    if (valid && found != m_files.end()) {
      if (m_ctx != nullptr) {
        smbc_getFunctionClose(m_ctx)(m_ctx, found->second);
      }
      m_files.erase(found);
    }
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

  // smb://host:port/share/parts/name for the port being tried.
  std::string url(std::uint16_t port, const std::string& share, const std::vector<std::string_view>& parts,
                  const std::string& name = {}) const
  {
    std::string text = "smb://" + m_host + ":" + std::to_string(port) + "/" + percent_encode(share);
    for (std::string_view part : parts) {
      text += "/" + percent_encode(part);
    }
    if (!name.empty()) {
      text += "/" + percent_encode(name);
    }
    return text;
  }

  // What a failed call means (classify_failure), applied to the share's and
  // the session's state.
  Outcome failed(const LogMarkers& seen, int error, ShareState& share_state, const std::string& share,
                 const std::string& item)
  {
    FailureContext context{m_label, share, item, share_state.connected, g_markers_trusted};
    context.netbios_port = m_port == k_netbios_port;
    context.ntlmv1_allowed = m_options.ntlmv1;
    Classification verdict = classify_failure(seen, error, context);
    if (verdict.status == OpenStatus::unreachable && m_fallback) {
      verdict.detail += m_port == k_netbios_port ? " on port 445, then on port 139" : " on port 445";
    }
    if (verdict.share_reached) {
      share_state.connected = true;
    }
    const Outcome outcome{verdict.status, verdict.detail};
    if (verdict.scope == FailureScope::session) {
      m_fatal = outcome;
    } else if (verdict.scope == FailureScope::share) {
      share_state.closed = verdict.status;
      share_state.detail = verdict.detail;
    }
    return outcome;
  }

  // Makes a call that may connect (opendir, open) on the machine's port.
  // Without a port given, the first connection tries 445, then 139 when 445
  // refused, did not answer or reset before any logon: a refused logon is
  // never tried again on the other port. seen and error describe the last try.
  template <typename Call>
  SMBCFILE* connect_call(Call call, LogMarkers& seen, int& error)
  {
    const auto attempt = [&](std::uint16_t port) {
      const LogCapture capture(seen);
      SMBCFILE* result = call(port);
      error = errno;
      return result;
    };
    if (!m_fallback) {
      return attempt(m_port);
    }
    SMBCFILE* result = attempt(k_direct_port);
    if (result == nullptr && is_port_fallback_errno(error) && !(g_markers_trusted && seen.session_ok)) {
      result = attempt(k_netbios_port);
      m_port = k_netbios_port;
    } else {
      m_port = k_direct_port;
    }
    if (result != nullptr || !is_unreachable_errno(error)) {
      m_fallback = false; // the machine answered on m_port: it stays there
    }
    return result;
  }

  // A call that connected and succeeded.
  void succeeded(const LogMarkers& seen, ShareState& share_state)
  {
    if (!markers_consistent(seen)) {
      g_markers_trusted = false;
    }
    share_state.connected = true;
  }

  Listing list_folder(const std::string& share, ShareState& share_state, const std::vector<std::string_view>& parts)
  {
    Listing listing;
    LogMarkers seen;
    int error = 0;
    SMBCFILE* dir = connect_call(
      [&](std::uint16_t port) { return smbc_getFunctionOpendir(m_ctx)(m_ctx, url(port, share, parts).c_str()); }, seen,
      error);
    if (dir == nullptr) {
      const Outcome outcome = failed(seen, error, share_state, share, unc(share, parts));
      listing.status = outcome.status;
      listing.detail = outcome.detail;
      return listing;
    }
    succeeded(seen, share_state);
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

  // The listing of share\folder, from the cache or listed now.
  const Listing* listing_of(const std::string& share, ShareState& share_state,
                            const std::vector<std::string_view>& parts)
  {
    std::string key = util::to_upper(share);
    for (std::string_view part : parts) {
      key += "\\" + util::to_upper(part);
    }
    auto cached = m_listings.find(key);
    if (cached == m_listings.end()) {
      Listing listing = list_folder(share, share_state, parts);
      if (m_fatal || share_state.closed) {
        return nullptr;
      }
      cached = m_listings.emplace(key, std::move(listing)).first;
    }
    return &cached->second;
  }

  // The entries named like name in any case (Windows servers have one at
  // most; a Samba server on a case-sensitive file system may have several).
  static std::vector<const Entry*> matches(const Listing& listing, const std::string& name)
  {
    std::vector<const Entry*> found;
    for (const Entry& candidate : listing.entries) {
      if (util::iequals(candidate.name, name)) {
        found.push_back(&candidate);
      }
    }
    return found;
  }

  // Finds the file in its folder's listing and, unless just_find, opens it
  // (handle set). A file only found reads nothing: its size and time come
  // from the listing.
  Outcome open_file(const OpenRequest& request, const Entry*& entry, std::uint32_t& handle, bool just_find = false)
  {
    if (m_fatal) {
      return *m_fatal;
    }
    if (m_ctx == nullptr || !m_session) {
      return {OpenStatus::error, "libsmbclient session not started"};
    }
    ShareState& share_state = m_shares[util::to_upper(request.share)];
    if (share_state.closed) {
      return {*share_state.closed, share_state.detail};
    }
    std::vector<std::string_view> parts;
    for (std::string_view part : util::split(request.folder, '\\')) {
      if (!part.empty()) {
        parts.push_back(part);
      }
    }
    const Listing* listing = listing_of(request.share, share_state, parts);
    if (m_fatal) {
      return *m_fatal;
    }
    if (share_state.closed) {
      return {*share_state.closed, share_state.detail};
    }
    if (listing == nullptr) {
      return {OpenStatus::error, "no listing"};
    }
    if (listing->status != OpenStatus::ok) {
      return {listing->status, listing->detail};
    }
    const std::vector<const Entry*> named = matches(*listing, request.name);
    if (named.empty()) {
      return {OpenStatus::not_found, {}};
    }
    if (named.size() > 1) {
      std::vector<std::string> names;
      for (const Entry* candidate : named) {
        names.push_back(candidate->name);
      }
      std::sort(names.begin(), names.end());
      return {OpenStatus::rejected, unc(request.share, parts) + " holds several names that differ only in case: " +
                                      util::join(names, ", ") + "; which one Windows would use is unknown"};
    }
    const Entry* found = named.front();
    if (found->directory) {
      return {OpenStatus::rejected, unc(request.share, parts, found->name) + " is a folder, not a regular file"};
    }
    if (just_find) {
      entry = found;
      return {OpenStatus::ok, {}};
    }
    LogMarkers seen;
    int error = 0;
    SMBCFILE* file = connect_call(
      [&](std::uint16_t port) {
        return smbc_getFunctionOpen(m_ctx)(m_ctx, url(port, request.share, parts, found->name).c_str(), O_RDONLY, 0);
      },
      seen, error);
    if (file == nullptr) {
      return failed(seen, error, share_state, request.share, unc(request.share, parts, found->name));
    }
    succeeded(seen, share_state);
    handle = m_next_handle++;
    m_files.emplace(handle, file);
    entry = found;
    return {OpenStatus::ok, {}};
  }

  SmbclientOptions m_options;
  SMBCCTX* m_ctx = nullptr; // the worker's one context, for every session
  bool m_session = false;   // a BEGIN set the context up for a machine
  WorkerCredentials m_credentials;
  std::string m_label;            // "\\host" for details
  std::string m_address;          // the machine's address
  std::string m_host;             // the URL's host part: the NetBIOS name or the address
  std::uint16_t m_port = 0;       // the port in use (or being tried)
  std::uint32_t m_timeout_ms = 0; // per operation, as the scanner gave it
  bool m_fallback = false;        // no port given, and none answered yet: 445, then 139
  std::optional<Outcome> m_fatal;
  std::map<std::string, ShareState> m_shares;
  std::map<std::string, Listing> m_listings;
  std::map<std::uint32_t, SMBCFILE*> m_files;
  std::uint32_t m_next_handle = 1;
  std::vector<std::uint8_t> m_buffer;
};

} // namespace

std::unique_ptr<worker::Handler> make_smbclient_handler(const SmbclientOptions& options)
{
  return std::make_unique<SmbclientHandler>(options);
}

} // namespace smsscan::transport::samba
