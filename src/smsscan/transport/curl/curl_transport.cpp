// The libcurl transport; see curl_transport.hpp for what libcurl's SMB
// support allows and how this file copes with it.
#include "smsscan/transport/curl/curl_transport.hpp"

#include <curl/curl.h>

#include <poll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#if defined(__linux__)
#include <linux/sockios.h>
#endif

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace smsscan::transport {
namespace {

using target::Credentials;
using target::Target;

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// The longest poll() sleep: how soon Ctrl-C is noticed, and how soon libcurl
// may write after we withheld POLLOUT.
constexpr milliseconds k_max_wait{100};
// A file larger than this is not buffered (the engine reads PE headers and
// version resources of files of a few MB).
constexpr std::size_t k_max_buffered = std::size_t{256} << 20;

void global_init()
{
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

bool busy_poll_requested()
{
  const char* value = std::getenv("SMSSCAN_CURL_BUSY_POLL");
  return value != nullptr && *value != '\0' && std::string_view(value) != "0";
}

// Bytes the kernel holds for the socket but has not sent yet. Non-zero means
// the send buffer is under pressure, so libcurl may hold data that did not
// fit and must be told when the socket is writable again. Returns 1 (ask for
// POLLOUT, as libcurl did) when it cannot be told.
int unsent_bytes(curl_socket_t fd)
{
#if defined(SIOCOUTQNSD)
  int unsent = 0;
  if (ioctl(fd, SIOCOUTQNSD, &unsent) == 0)
    return unsent;
#else
  (void)fd;
#endif
  return 1;
}

// One transfer: what arrived so far and how it ended.
struct Transfer
{
  CURL* easy = nullptr;
  std::vector<std::uint8_t> data;
  bool done = false;
  bool overflow = false;
  CURLcode result = CURLE_OK;
  std::string note; // why we ended the transfer ourselves
  char errbuf[CURL_ERROR_SIZE] = {};

  static std::size_t on_write(char* ptr, std::size_t size, std::size_t count, void* self)
  {
    auto* transfer = static_cast<Transfer*>(self);
    const std::size_t bytes = size * count;
    if (bytes > k_max_buffered - std::min(k_max_buffered, transfer->data.size())) {
      transfer->overflow = true;
      return 0; // aborts the transfer (CURLE_WRITE_ERROR)
    }
    const auto* begin = reinterpret_cast<const std::uint8_t*>(ptr);
    transfer->data.insert(transfer->data.end(), begin, begin + bytes);
    return bytes;
  }
};

// The multi handle of a session and the poll() loop that drives it.
class Pump
{
public:
  explicit Pump(bool mitigate_busy_poll) : mitigate_(mitigate_busy_poll)
  {
    multi_ = curl_multi_init();
    if (multi_ != nullptr) {
      curl_multi_setopt(multi_, CURLMOPT_SOCKETFUNCTION, &Pump::on_socket);
      curl_multi_setopt(multi_, CURLMOPT_SOCKETDATA, this);
      curl_multi_setopt(multi_, CURLMOPT_TIMERFUNCTION, &Pump::on_timer);
      curl_multi_setopt(multi_, CURLMOPT_TIMERDATA, this);
    }
  }
  ~Pump()
  {
    if (multi_ != nullptr)
      curl_multi_cleanup(multi_);
  }
  Pump(const Pump&) = delete;
  Pump& operator=(const Pump&) = delete;

  bool valid() const { return multi_ != nullptr; }

  bool add(Transfer& transfer)
  {
    if (curl_multi_add_handle(multi_, transfer.easy) != CURLM_OK)
      return false;
    transfers_.push_back(&transfer);
    return true;
  }

  void remove(Transfer& transfer)
  {
    auto it = std::find(transfers_.begin(), transfers_.end(), &transfer);
    if (it == transfers_.end())
      return;
    transfers_.erase(it);
    curl_multi_remove_handle(multi_, transfer.easy);
  }

  enum class Wait { ready, timed_out, cancelled, failed };

  // Drives every transfer of the session until ready() holds. Gives up at
  // hard_limit, when progress() has not changed for `idle`, or on cancel.
  template <class Ready, class Progress>
  Wait run(Ready ready, Progress progress, Clock::time_point hard_limit, milliseconds idle,
           const std::atomic<bool>* cancelled)
  {
    auto last_progress = progress();
    auto idle_limit = Clock::now() + idle;
    std::vector<pollfd> fds;
    std::vector<bool> withheld; // POLLOUT withheld from this socket
    for (;;) {
      if (ready())
        return Wait::ready;
      if (cancelled != nullptr && cancelled->load())
        return Wait::cancelled;
      auto now = Clock::now();
      const auto current = progress();
      if (current != last_progress) {
        last_progress = current;
        idle_limit = now + idle;
      }
      const auto limit = std::min(hard_limit, idle_limit);
      if (now >= limit)
        return Wait::timed_out;

      fds.clear();
      withheld.clear();
      for (const auto& [fd, socket] : sockets_) {
        const int what = socket.what;
        short events = 0;
        bool held = false;
        if ((what & CURL_POLL_IN) != 0)
          events |= POLLIN;
        if ((what & CURL_POLL_OUT) != 0) {
          // libcurl's SMB code asks for IN and OUT all the time. A connected
          // socket is nearly always writable, so honouring OUT spins while
          // the server works. OUT alone (connecting) is always honoured.
          if (mitigate_ && (what & CURL_POLL_IN) != 0 && unsent_bytes(fd) == 0)
            held = true;
          else
            events |= POLLOUT;
        }
        fds.push_back(pollfd{fd, events, 0});
        withheld.push_back(held);
      }

      auto wake = std::min(limit, now + k_max_wait);
      if (timer_)
        wake = std::min(wake, *timer_);
      const auto wait_ms = std::chrono::ceil<milliseconds>(std::max(wake - now, Clock::duration::zero()));
      const int n = ::poll(fds.data(), static_cast<nfds_t>(fds.size()), static_cast<int>(wait_ms.count()));
      if (n < 0 && errno != EINTR)
        return Wait::failed;

      int running = 0;
      if (n > 0) {
        for (std::size_t i = 0; i < fds.size(); ++i) {
          const pollfd& p = fds[i];
          if (p.revents == 0)
            continue;
          int flags = 0;
          if ((p.revents & (POLLIN | POLLHUP | POLLPRI)) != 0)
            flags |= CURL_CSELECT_IN;
          if ((p.revents & POLLOUT) != 0)
            flags |= CURL_CSELECT_OUT;
          if ((p.revents & (POLLERR | POLLNVAL)) != 0)
            flags |= CURL_CSELECT_ERR;
          curl_multi_socket_action(multi_, p.fd, flags, &running);
          // After handling a message libcurl often changes state without
          // sending (logon done, now start the request) and relies on the
          // socket being writable to be called again: call it once more.
          if (mitigate_ && wants_in_and_out(p.fd))
            curl_multi_socket_action(multi_, p.fd, CURL_CSELECT_OUT, &running);
        }
      } else if (n == 0) {
        // Safety net: let libcurl write where we withheld POLLOUT, in case it
        // has data pending; it finds nothing to do otherwise.
        for (std::size_t i = 0; i < fds.size(); ++i)
          if (withheld[i] && wants_in_and_out(fds[i].fd))
            curl_multi_socket_action(multi_, fds[i].fd, CURL_CSELECT_OUT, &running);
      }
      if (n == 0 || (timer_ && Clock::now() >= *timer_)) {
        timer_.reset();
        curl_multi_socket_action(multi_, CURL_SOCKET_TIMEOUT, 0, &running);
      }
      collect();
      if (n > 0)
        for (const auto& p : fds)
          if ((p.revents & (POLLIN | POLLHUP)) != 0)
            check_closed(p.fd);
    }
  }

private:
  bool wants_in_and_out(curl_socket_t fd) const
  {
    auto it = sockets_.find(fd);
    return it != sockets_.end() && it->second.what == CURL_POLL_INOUT;
  }

  static int on_socket(CURL* easy, curl_socket_t fd, int what, void* self, void*)
  {
    auto* pump = static_cast<Pump*>(self);
    if (what == CURL_POLL_REMOVE)
      pump->sockets_.erase(fd);
    else
      pump->sockets_[fd] = Socket{what, easy};
    return 0;
  }

  // libcurl's SMB code takes a closed connection for "nothing yet" and would
  // wait (spinning on the readable socket) until a timeout. When the socket
  // is readable and at its end, end the transfer ourselves.
  void check_closed(curl_socket_t fd)
  {
    auto it = sockets_.find(fd);
    if (it == sockets_.end() || (it->second.what & CURL_POLL_IN) == 0)
      return;
    char byte = 0;
    if (::recv(fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT) != 0)
      return; // data waiting, or nothing yet (EAGAIN), or an error libcurl sees
    CURL* easy = it->second.easy;
    for (auto t = transfers_.begin(); t != transfers_.end(); ++t) {
      Transfer* transfer = *t;
      if (transfer->easy != easy || transfer->done)
        continue;
      transfer->done = true;
      transfer->result = CURLE_RECV_ERROR;
      transfer->note = "the server closed the connection";
      transfers_.erase(t);
      curl_multi_remove_handle(multi_, easy); // closes the socket
      return;
    }
  }

  static int on_timer(CURLM*, long timeout_ms, void* self)
  {
    auto* pump = static_cast<Pump*>(self);
    if (timeout_ms < 0)
      pump->timer_.reset();
    else
      pump->timer_ = Clock::now() + milliseconds(timeout_ms);
    return 0;
  }

  void collect()
  {
    int queued = 0;
    while (CURLMsg* msg = curl_multi_info_read(multi_, &queued)) {
      if (msg->msg != CURLMSG_DONE)
        continue;
      for (Transfer* transfer : transfers_) {
        if (transfer->easy == msg->easy_handle) {
          transfer->done = true;
          transfer->result = msg->data.result;
        }
      }
    }
  }

  CURLM* multi_ = nullptr;
  bool mitigate_ = true;
  struct Socket
  {
    int what = 0;         // CURL_POLL_IN, _OUT or _INOUT
    CURL* easy = nullptr; // the transfer using it
  };
  std::map<curl_socket_t, Socket> sockets_; // what libcurl wants per socket
  std::optional<Clock::time_point> timer_;
  std::vector<Transfer*> transfers_;
};

// State shared by a session and the files it opened (a file may outlive it).
struct SessionCore
{
  explicit SessionCore(bool mitigate) : pump(mitigate) {}
  Pump pump;
  std::string url_prefix; // "smb://host[:port]/"
  std::string display_host;
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

std::string seconds_text(milliseconds ms)
{
  const auto count = ms.count();
  if (count % 1000 == 0)
    return std::to_string(count / 1000) + " s";
  return std::to_string(count) + " ms";
}

class CurlFile final : public RemoteFile
{
public:
  CurlFile(std::shared_ptr<SessionCore> core, std::unique_ptr<Transfer> transfer, std::string name, std::uint64_t size,
           std::optional<std::int64_t> modified)
      : core_(std::move(core)), transfer_(std::move(transfer)), name_(std::move(name)), size_(size), modified_(modified)
  {
  }

  ~CurlFile() override { abort(); }

  std::uint64_t size() const override { return size_; }
  std::optional<std::int64_t> modified() const override { return modified_; }
  TimeSource time_source() const override { return modified_ ? TimeSource::smb_change_time : TimeSource::none; }
  std::string actual_name() const override { return name_; }
  std::uint64_t bytes_transferred() const override { return transfer_ ? transfer_->data.size() : received_; }

  ReadStatus read(std::uint64_t offset, std::size_t length, std::uint8_t* out) override
  {
    if (offset > size_ || length > size_ - offset)
      return ReadStatus::failed;
    if (length == 0)
      return ReadStatus::ok;
    if (!transfer_)
      return ReadStatus::failed; // aborted earlier
    const std::uint64_t end = offset + length;
    Transfer& t = *transfer_;
    if (t.data.size() < end && !t.done) {
      const auto wait =
        core_->pump.run([&] { return t.done || t.data.size() >= end; }, [&] { return t.data.size(); },
                        core_->deadline.value_or(Clock::time_point::max()), core_->timeout, core_->cancelled);
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
    if (!transfer_)
      return;
    received_ = transfer_->data.size();
    core_->pump.remove(*transfer_);
    curl_easy_cleanup(transfer_->easy);
    transfer_.reset();
  }

  std::shared_ptr<SessionCore> core_;
  std::unique_ptr<Transfer> transfer_;
  std::string name_;
  std::uint64_t size_ = 0;
  std::optional<std::int64_t> modified_;
  std::uint64_t received_ = 0;
};

class CurlSession final : public MachineSession
{
public:
  explicit CurlSession(std::shared_ptr<SessionCore> core) : core_(std::move(core)) {}

  OpenResult open(const std::string& share, const std::string& folder, const std::string& name) override
  {
    OpenResult result;
    SessionCore& core = *core_;
    if (!core.pump.valid()) {
      result.detail = "libcurl could not create a multi handle";
      return result;
    }
    if (share.empty() || name.empty()) {
      result.detail = "empty share or file name";
      return result;
    }
    if (core.cancelled != nullptr && core.cancelled->load()) {
      result.detail = "cancelled";
      return result;
    }
    if (core.deadline && Clock::now() >= *core.deadline) {
      result.status = OpenStatus::unreachable;
      result.detail = "the time allowed for " + core.display_host + " ran out";
      return result;
    }

    auto transfer = std::make_unique<Transfer>();
    transfer->easy = curl_easy_init();
    if (transfer->easy == nullptr) {
      result.detail = "libcurl could not create a transfer";
      return result;
    }
    CURL* easy = transfer->easy;

    std::string url = core.url_prefix + escape(easy, share);
    std::size_t start = 0;
    while (start <= folder.size()) {
      std::size_t stop = folder.find_first_of("\\/", start);
      if (stop == std::string::npos)
        stop = folder.size();
      if (stop > start)
        url += "/" + escape(easy, std::string_view(folder).substr(start, stop - start));
      start = stop + 1;
    }
    url += "/" + escape(easy, name);

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
    curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, transfer->errbuf);
    curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, &Transfer::on_write);
    curl_easy_setopt(easy, CURLOPT_WRITEDATA, transfer.get());
    curl_easy_setopt(easy, CURLOPT_USERNAME, core.has_user ? core.username.c_str() : "");
    curl_easy_setopt(easy, CURLOPT_PASSWORD, core.has_user ? core.password.c_str() : "");

    if (!core.pump.add(*transfer)) {
      curl_easy_cleanup(easy);
      result.detail = "libcurl could not start the transfer";
      return result;
    }

    Transfer& t = *transfer;
    const auto wait = core.pump.run([&] { return t.done || !t.data.empty(); }, [] { return 0; }, core.limit(),
                                    core.timeout, core.cancelled);
    auto drop = [&] {
      core.pump.remove(t);
      curl_easy_cleanup(easy);
    };

    switch (wait) {
    case Pump::Wait::ready:
      break;
    case Pump::Wait::timed_out:
      drop();
      result.status = OpenStatus::unreachable;
      if (core.deadline && Clock::now() >= *core.deadline)
        result.detail = "the time allowed for " + core.display_host + " ran out";
      else
        result.detail = "no answer from " + core.display_host + " within " + seconds_text(core.timeout);
      return result;
    case Pump::Wait::cancelled:
      drop();
      result.detail = "cancelled";
      return result;
    case Pump::Wait::failed: {
      const int error = errno;
      drop();
      result.detail = std::string("poll failed: ") + std::strerror(error);
      return result;
    }
    }

    if (t.done && t.result != CURLE_OK) {
      result.status = classify(t.result);
      result.detail = t.overflow        ? "the file is too large to buffer"
                      : !t.note.empty() ? t.note
                                        : describe(t.result, t.errbuf);
      drop();
      return result;
    }

    curl_off_t length = -1;
    curl_easy_getinfo(easy, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &length);
    if (length < 0) {
      if (!t.done) {
        drop();
        result.detail = "the server did not say how large the file is";
        return result;
      }
      length = static_cast<curl_off_t>(t.data.size());
    }
    curl_off_t filetime = -1;
    std::optional<std::int64_t> modified;
    if (curl_easy_getinfo(easy, CURLINFO_FILETIME_T, &filetime) == CURLE_OK && filetime != -1)
      modified = static_cast<std::int64_t>(filetime);

    result.status = OpenStatus::ok;
    result.file =
      std::make_unique<CurlFile>(core_, std::move(transfer), name, static_cast<std::uint64_t>(length), modified);
    return result;
  }

private:
  std::shared_ptr<SessionCore> core_;
};

class CurlTransport final : public Transport
{
public:
  CurlTransport() : mitigate_(!busy_poll_requested()) { global_init(); }

  std::string_view name() const override { return "curl"; }

  std::unique_ptr<MachineSession> start(const Target& target, const SessionSettings& settings) override
  {
    auto core = std::make_shared<SessionCore>(mitigate_);
    const bool ipv6 = target.host.find(':') != std::string::npos;
    std::string host = ipv6 ? "[" + target.host + "]" : target.host;
    if (target.port != 0)
      host += ":" + std::to_string(target.port);
    core->url_prefix = "smb://" + host + "/";
    core->display_host = host;
    if (settings.credentials != nullptr && !settings.credentials->user.empty()) {
      const Credentials& c = *settings.credentials;
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

private:
  bool mitigate_;
};

} // namespace

std::unique_ptr<Transport> make_curl_transport()
{
  return std::make_unique<CurlTransport>();
}

} // namespace smsscan::transport
