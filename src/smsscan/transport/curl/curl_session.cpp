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
  explicit SessionCore(bool mitigate) : pump(mitigate) {}
  Pump pump;
  std::string url_prefix; // "smb://host[:port]/"
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

class CurlSession final : public MachineSession
{
public:
  explicit CurlSession(std::shared_ptr<SessionCore> core) : m_core(std::move(core)) {}

  OpenResult open(const std::string& share, const std::string& folder, const std::string& name) override
  {
    if (std::optional<OpenResult> refused = check(share, name)) {
      return std::move(*refused);
    }
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
    return std::nullopt;
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

  static OpenResult transfer_failure(const Transfer& t)
  {
    return failure(classify(t.result), t.overflow        ? "the file is too large to buffer"
                                       : !t.note.empty() ? t.note
                                                         : describe(t.result, t.errbuf));
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
                                                  bool mitigate_busy_poll)
{
  auto core = std::make_shared<SessionCore>(mitigate_busy_poll);
  const bool ipv6 = target.host.find(':') != std::string::npos;
  std::string host = ipv6 ? "[" + target.host + "]" : target.host;
  if (target.port != 0)
    host += ":" + std::to_string(target.port);
  core->url_prefix = "smb://" + host + "/";
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
