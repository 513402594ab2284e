#include "smsscan/transport/curl/curl_session.hpp"

#include "smsscan/transport/curl/curl_pump.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

namespace smsscan::transport::curl {

namespace {

using std::chrono::milliseconds;

// State shared by a session and the files it opened (a file may outlive it).
struct SessionCore
{
  SessionCore(bool mitigate, const NameResolver& names) : pump(mitigate), resolver(names) {}
  Pump pump;
  const NameResolver& resolver;
  std::string host;       // as the target gave it
  std::uint16_t port = 0; // as the target gave it (0: 445)
  bool located = false;   // the NetBIOS lookup ran (once per session)
  std::string resolved;   // "PC042 via WINS 10.1.0.2"
  std::string tried;      // what the NetBIOS lookup tried, when it found nothing
  std::string url_prefix; // "smb://host-or-address[:port]/"
  std::string connected;  // "address:port" of the last transfer that connected
  bool has_user = false;
  std::string username; // "DOMAIN/user" or "user"
  std::string password;
  milliseconds timeout{30000};
  std::optional<Clock::time_point> deadline;
  const std::atomic<bool>* cancelled = nullptr;

  // The limit of one operation: now + timeout, or the machine's deadline.
  Clock::time_point limit() const
  {
    const auto by_timeout = Clock::now() + timeout;
    return deadline ? std::min(*deadline, by_timeout) : by_timeout;
  }
  bool past_deadline() const { return deadline && Clock::now() >= *deadline; }
};

std::string escape(CURL* easy, std::string_view segment)
{
  char* escaped = curl_easy_escape(easy, segment.data(), static_cast<int>(segment.size()));
  if (escaped == nullptr)
    return {};
  std::string result(escaped);
  curl_free(escaped);
  return result;
}

std::string describe(CURLcode code, const char* errbuf)
{
  std::string text = curl_easy_strerror(code);
  if (errbuf != nullptr && *errbuf != '\0') {
    std::string extra(errbuf);
    while (!extra.empty() && (extra.back() == '\n' || extra.back() == '\r'))
      extra.pop_back();
    if (!extra.empty() && extra != text)
      text += ": " + extra;
  }
  return text + " (libcurl error " + std::to_string(static_cast<int>(code)) + ")";
}

// 67 login denied -> auth_failed; 9 access denied (tree connect) ->
// access_denied; 78 file not found (any failure to open the file, or a
// missing share) -> not_found; 6/7/28 (resolve, connect, timeout) ->
// unreachable; anything else -> error.
OpenStatus classify(CURLcode code)
{
  switch (code) {
  case CURLE_OK:
    return OpenStatus::ok;
  case CURLE_LOGIN_DENIED:
    return OpenStatus::auth_failed;
  case CURLE_REMOTE_ACCESS_DENIED:
    return OpenStatus::access_denied;
  case CURLE_REMOTE_FILE_NOT_FOUND:
    return OpenStatus::not_found;
  case CURLE_COULDNT_RESOLVE_HOST:
  case CURLE_COULDNT_CONNECT:
  case CURLE_OPERATION_TIMEDOUT:
    return OpenStatus::unreachable;
  default:
    return OpenStatus::error;
  }
}

OpenResult failure(OpenStatus status, std::string detail)
{
  OpenResult result;
  result.status = status;
  result.detail = std::move(detail);
  return result;
}

class CurlFile final : public RemoteFile
{
public:
  CurlFile(std::shared_ptr<SessionCore> core, std::unique_ptr<Transfer> transfer, std::string name, std::uint64_t size,
           std::optional<std::int64_t> modified)
      : m_core(std::move(core)), m_transfer(std::move(transfer)), m_name(std::move(name)), m_size(size),
        m_modified(modified)
  {
  }

  ~CurlFile() override { abort(); }

  std::uint64_t size() const override { return m_size; }
  std::optional<std::int64_t> modified() const override { return m_modified; }
  TimeSource time_source() const override { return m_modified ? TimeSource::smb_change_time : TimeSource::none; }
  std::string actual_name() const override { return m_name; }
  std::uint64_t bytes_transferred() const override { return m_transfer ? m_transfer->data.size() : m_received; }

  ReadStatus read(std::uint64_t offset, std::size_t length, std::uint8_t* out) override
  {
    if (offset > m_size || length > m_size - offset)
      return ReadStatus::failed;
    if (length == 0)
      return ReadStatus::ok;
    if (!m_transfer)
      return ReadStatus::failed; // aborted earlier
    const std::uint64_t end = offset + length;
    Transfer& t = *m_transfer;
    if (t.data.size() < end && !t.done) {
      const auto wait =
        m_core->pump.run([&] { return t.done || t.data.size() >= end; }, [&] { return std::uint64_t{t.data.size()}; },
                         m_core->deadline.value_or(Clock::time_point::max()), m_core->timeout, m_core->cancelled);
      if (wait != Pump::Wait::ready) {
        abort(); // timed out or cancelled: the connection is of no further use
        return ReadStatus::failed;
      }
    }
    if (t.data.size() < end)
      return ReadStatus::failed; // the transfer ended early or failed
    std::memcpy(out, t.data.data() + offset, length);
    return ReadStatus::ok;
  }

private:
  void abort()
  {
    if (!m_transfer)
      return;
    m_received = m_transfer->data.size();
    m_core->pump.remove(*m_transfer);
    curl_easy_cleanup(m_transfer->easy);
    m_transfer.reset();
  }

  std::shared_ptr<SessionCore> m_core;
  std::unique_ptr<Transfer> m_transfer;
  std::string m_name;
  std::uint64_t m_size = 0;
  std::optional<std::int64_t> m_modified;
  std::uint64_t m_received = 0;
};

std::string url_host(const std::string& host, std::uint16_t port)
{
  const bool ipv6 = host.find(':') != std::string::npos;
  std::string text = ipv6 ? "[" + host + "]" : host;
  if (port != 0)
    text += ":" + std::to_string(port);
  return text;
}

class CurlSession final : public MachineSession
{
public:
  explicit CurlSession(std::shared_ptr<SessionCore> core) : m_core(std::move(core)) {}

  std::string connection() const override
  {
    if (m_core->connected.empty())
      return {};
    if (!m_core->resolved.empty())
      return m_core->connected + " (" + m_core->resolved + ")";
    if (host_kind(m_core->host) != HostKind::address)
      return m_core->connected + " (" + m_core->host + " via DNS)";
    return m_core->connected;
  }

  OpenResult open(const std::string& share, const std::string& folder, const std::string& name) override
  {
    if (std::optional<OpenResult> refused = check(share, name)) {
      return std::move(*refused);
    }
    locate();
    auto transfer = std::make_unique<Transfer>();
    transfer->easy = curl_easy_init();
    if (transfer->easy == nullptr) {
      return failure(OpenStatus::error, "libcurl could not create a transfer");
    }
    configure(*transfer, url(transfer->easy, share, folder, name));
    if (!m_core->pump.add(*transfer)) {
      curl_easy_cleanup(transfer->easy);
      return failure(OpenStatus::error, "libcurl could not start the transfer");
    }
    Transfer& t = *transfer;
    const auto wait = m_core->pump.run([&] { return t.done || !t.data.empty(); }, [] { return std::uint64_t{0}; },
                                       m_core->limit(), m_core->timeout, m_core->cancelled);
    const int wait_error = errno;
    if (wait != Pump::Wait::ready || (t.done && t.result != CURLE_OK)) {
      OpenResult result = wait != Pump::Wait::ready ? wait_failure(wait, wait_error) : transfer_failure(t);
      drop(t);
      return result;
    }
    return opened(std::move(transfer), name);
  }

private:
  // Why open() cannot even start, if it cannot.
  std::optional<OpenResult> check(const std::string& share, const std::string& name) const
  {
    if (!m_core->pump.valid())
      return failure(OpenStatus::error, "libcurl could not create a multi handle");
    if (share.empty() || name.empty())
      return failure(OpenStatus::error, "empty share or file name");
    if (m_core->cancelled != nullptr && m_core->cancelled->load())
      return failure(OpenStatus::error, "cancelled");
    if (m_core->past_deadline())
      return failure(OpenStatus::unreachable, timed_out_message(m_core->timeout));
    if (m_core->port == 139)
      return failure(OpenStatus::unreachable,
                     "port 139 (the NetBIOS session service) needs a NetBIOS session request first, which "
                     "libcurl cannot send: use --transport smbclient for this machine");
    return std::nullopt;
  }

  // The URL's host: the NetBIOS lookup's address, else the name for libcurl
  // to resolve.
  void locate() const
  {
    SessionCore& core = *m_core;
    if (core.located)
      return;
    core.located = true;
    std::string host = core.host;
    if (core.resolver.netbios_enabled() && host_kind(core.host) == HostKind::netbios) {
      const NetbiosLookup lookup = core.resolver.lookup_netbios(core.host, core.limit(), core.cancelled);
      if (lookup.found) {
        host = lookup.found->address;
        core.resolved = lookup.found->name + " via " + lookup.found->source;
      } else {
        core.tried = lookup.tried;
      }
    }
    core.url_prefix = "smb://" + url_host(host, core.port) + "/";
  }

  // smb://host[:port]/share/folder/parts/name, each segment escaped.
  std::string url(CURL* easy, const std::string& share, const std::string& folder, const std::string& name) const
  {
    std::string text = m_core->url_prefix + escape(easy, share);
    std::size_t start = 0;
    while (start <= folder.size()) {
      std::size_t stop = folder.find_first_of("\\/", start);
      if (stop == std::string::npos)
        stop = folder.size();
      if (stop > start)
        text += "/" + escape(easy, std::string_view(folder).substr(start, stop - start));
      start = stop + 1;
    }
    return text + "/" + escape(easy, name);
  }

  void configure(Transfer& transfer, const std::string& url) const
  {
    CURL* easy = transfer.easy;
    const SessionCore& core = *m_core;
    const long connect_ms =
      static_cast<long>(std::clamp<milliseconds::rep>(core.timeout.count(), 1, std::numeric_limits<long>::max()));
    curl_easy_setopt(easy, CURLOPT_URL, url.c_str());
#if LIBCURL_VERSION_NUM >= 0x075500
    curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "smb");
#else
    curl_easy_setopt(easy, CURLOPT_PROTOCOLS, static_cast<long>(CURLPROTO_SMB));
#endif
    curl_easy_setopt(easy, CURLOPT_NOPROXY, "*");
    curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS, connect_ms);
    curl_easy_setopt(easy, CURLOPT_FILETIME, 1L);
    curl_easy_setopt(easy, CURLOPT_FORBID_REUSE, 1L); // libcurl never reuses SMB connections anyway
    curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, transfer.errbuf);
    curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, &Transfer::on_write);
    curl_easy_setopt(easy, CURLOPT_WRITEDATA, &transfer);
    curl_easy_setopt(easy, CURLOPT_USERNAME, core.has_user ? core.username.c_str() : "");
    curl_easy_setopt(easy, CURLOPT_PASSWORD, core.has_user ? core.password.c_str() : "");
  }

  OpenResult wait_failure(Pump::Wait wait, int error) const
  {
    switch (wait) {
    case Pump::Wait::timed_out:
      return failure(OpenStatus::unreachable, timed_out_message(m_core->timeout));
    case Pump::Wait::cancelled:
      return failure(OpenStatus::error, "cancelled");
    case Pump::Wait::failed:
      return failure(OpenStatus::error, std::string("poll failed: ") + std::strerror(error));
    case Pump::Wait::ready:
      break;
    }
    return failure(OpenStatus::error, "no transfer");
  }

  OpenResult transfer_failure(const Transfer& t) const
  {
    std::string detail = t.overflow        ? "the file is too large to buffer"
                         : !t.note.empty() ? t.note
                                           : describe(t.result, t.errbuf);
    if (t.result == CURLE_COULDNT_RESOLVE_HOST)
      detail =
        "cannot resolve " + m_core->host + ": " + (m_core->tried.empty() ? "" : m_core->tried + "; DNS: ") + detail;
    if (t.result == CURLE_COULDNT_CONNECT && m_core->port == 0)
      detail += "; NT 4.0 machines answer on port 139 only, which libcurl cannot reach (it sends no NetBIOS "
                "session request): use --transport smbclient";
    return failure(classify(t.result), detail);
  }

  void drop(Transfer& t) const
  {
    m_core->pump.remove(t);
    curl_easy_cleanup(t.easy);
  }

  // The first bytes are there: size and change time are known.
  OpenResult opened(std::unique_ptr<Transfer> transfer, const std::string& name) const
  {
    Transfer& t = *transfer;
    curl_off_t length = -1;
    curl_easy_getinfo(t.easy, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &length);
    if (length < 0) {
      if (!t.done) {
        drop(t);
        return failure(OpenStatus::error, "the server did not say how large the file is");
      }
      length = static_cast<curl_off_t>(t.data.size());
    }
    char* ip = nullptr;
    long port = 0;
    if (curl_easy_getinfo(t.easy, CURLINFO_PRIMARY_IP, &ip) == CURLE_OK && ip != nullptr && *ip != '\0' &&
        curl_easy_getinfo(t.easy, CURLINFO_PRIMARY_PORT, &port) == CURLE_OK)
      m_core->connected = url_host(ip, static_cast<std::uint16_t>(port));
    curl_off_t filetime = -1;
    std::optional<std::int64_t> modified;
    if (curl_easy_getinfo(t.easy, CURLINFO_FILETIME_T, &filetime) == CURLE_OK && filetime != -1)
      modified = static_cast<std::int64_t>(filetime);
    OpenResult result;
    result.status = OpenStatus::ok;
    result.file =
      std::make_unique<CurlFile>(m_core, std::move(transfer), name, static_cast<std::uint64_t>(length), modified);
    return result;
  }

  std::shared_ptr<SessionCore> m_core;
};

} // namespace

std::unique_ptr<MachineSession> make_curl_session(const target::Target& target, const SessionSettings& settings,
                                                  const NameResolver& resolver, bool mitigate_busy_poll)
{
  auto core = std::make_shared<SessionCore>(mitigate_busy_poll, resolver);
  core->host = target.host;
  core->port = target.port;
  if (settings.credentials != nullptr && !settings.credentials->user.empty()) {
    const target::Credentials& c = *settings.credentials;
    core->has_user = true;
    core->username = c.domain.empty() ? c.user : c.domain + "/" + c.user;
    core->password = c.password;
  }
  core->timeout = std::max(settings.timeout, milliseconds(1));
  if (settings.deadline != Clock::time_point{})
    core->deadline = settings.deadline;
  core->cancelled = settings.cancelled;
  return std::make_unique<CurlSession>(std::move(core));
}

} // namespace smsscan::transport::curl
