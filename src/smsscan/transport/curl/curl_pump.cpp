#include "smsscan/transport/curl/curl_pump.hpp"

#include <sys/ioctl.h>
#include <sys/socket.h>
#if defined(__linux__)
#include <linux/sockios.h>
#endif

#include <algorithm>
#include <cerrno>

namespace smsscan::transport::curl {

namespace {

using std::chrono::milliseconds;

// The longest poll() sleep: how soon Ctrl-C is noticed, and how soon libcurl
// may write after we withheld POLLOUT.
constexpr milliseconds k_max_wait{100};

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

} // namespace

std::size_t Transfer::on_write(char* ptr, std::size_t size, std::size_t count, void* self)
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

Pump::Pump(bool mitigate_busy_poll) : m_mitigate(mitigate_busy_poll)
{
  m_multi = curl_multi_init();
  if (m_multi != nullptr) {
    curl_multi_setopt(m_multi, CURLMOPT_SOCKETFUNCTION, &Pump::on_socket);
    curl_multi_setopt(m_multi, CURLMOPT_SOCKETDATA, this);
    curl_multi_setopt(m_multi, CURLMOPT_TIMERFUNCTION, &Pump::on_timer);
    curl_multi_setopt(m_multi, CURLMOPT_TIMERDATA, this);
  }
}

Pump::~Pump()
{
  if (m_multi != nullptr)
    curl_multi_cleanup(m_multi);
}

bool Pump::add(Transfer& transfer)
{
  if (curl_multi_add_handle(m_multi, transfer.easy) != CURLM_OK)
    return false;
  m_transfers.push_back(&transfer);
  return true;
}

void Pump::remove(Transfer& transfer)
{
  auto it = std::find(m_transfers.begin(), m_transfers.end(), &transfer);
  if (it == m_transfers.end())
    return;
  m_transfers.erase(it);
  curl_multi_remove_handle(m_multi, transfer.easy);
}

Pump::Wait Pump::run(const std::function<bool()>& ready, const std::function<std::uint64_t()>& progress,
                     Clock::time_point hard_limit, milliseconds idle, const std::atomic<bool>* cancelled)
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
    const auto now = Clock::now();
    const auto current = progress();
    if (current != last_progress) {
      last_progress = current;
      idle_limit = now + idle;
    }
    const auto limit = std::min(hard_limit, idle_limit);
    if (now >= limit)
      return Wait::timed_out;

    build_poll_set(fds, withheld);
    auto wake = std::min(limit, now + k_max_wait);
    if (m_timer)
      wake = std::min(wake, *m_timer);
    const auto wait_ms = std::chrono::ceil<milliseconds>(std::max(wake - now, Clock::duration::zero()));
    const int n = ::poll(fds.data(), static_cast<nfds_t>(fds.size()), static_cast<int>(wait_ms.count()));
    if (n < 0 && errno != EINTR)
      return Wait::failed;
    dispatch(fds, withheld, n);
  }
}

void Pump::build_poll_set(std::vector<pollfd>& fds, std::vector<bool>& withheld) const
{
  fds.clear();
  withheld.clear();
  for (const auto& [fd, socket] : m_sockets) {
    const int what = socket.what;
    short events = 0;
    bool held = false;
    if ((what & CURL_POLL_IN) != 0)
      events |= POLLIN;
    if ((what & CURL_POLL_OUT) != 0) {
      // libcurl's SMB code asks for IN and OUT all the time. A connected
      // socket is nearly always writable, so honouring OUT spins while the
      // server works. OUT alone (connecting) is always honoured.
      if (m_mitigate && (what & CURL_POLL_IN) != 0 && unsent_bytes(fd) == 0)
        held = true;
      else
        events |= POLLOUT;
    }
    fds.push_back(pollfd{fd, events, 0});
    withheld.push_back(held);
  }
}

// Hands libcurl what poll() found (ready sockets, or a time-out).
void Pump::dispatch(const std::vector<pollfd>& fds, const std::vector<bool>& withheld, int ready)
{
  int running = 0;
  if (ready > 0) {
    for (const pollfd& p : fds) {
      if (p.revents == 0)
        continue;
      int flags = 0;
      if ((p.revents & (POLLIN | POLLHUP | POLLPRI)) != 0)
        flags |= CURL_CSELECT_IN;
      if ((p.revents & POLLOUT) != 0)
        flags |= CURL_CSELECT_OUT;
      if ((p.revents & (POLLERR | POLLNVAL)) != 0)
        flags |= CURL_CSELECT_ERR;
      curl_multi_socket_action(m_multi, p.fd, flags, &running);
      // After handling a message libcurl often changes state without sending
      // (logon done, now start the request) and relies on the socket being
      // writable to be called again: call it once more.
      if (m_mitigate && wants_in_and_out(p.fd))
        curl_multi_socket_action(m_multi, p.fd, CURL_CSELECT_OUT, &running);
    }
  } else if (ready == 0) {
    // Safety net: let libcurl write where we withheld POLLOUT, in case it has
    // data pending; it finds nothing to do otherwise.
    for (std::size_t i = 0; i < fds.size(); ++i)
      if (withheld[i] && wants_in_and_out(fds[i].fd))
        curl_multi_socket_action(m_multi, fds[i].fd, CURL_CSELECT_OUT, &running);
  }
  if (ready == 0 || (m_timer && Clock::now() >= *m_timer)) {
    m_timer.reset();
    curl_multi_socket_action(m_multi, CURL_SOCKET_TIMEOUT, 0, &running);
  }
  collect();
  if (ready > 0)
    for (const auto& p : fds)
      if ((p.revents & (POLLIN | POLLHUP)) != 0)
        check_closed(p.fd);
}

bool Pump::wants_in_and_out(curl_socket_t fd) const
{
  auto it = m_sockets.find(fd);
  return it != m_sockets.end() && it->second.what == CURL_POLL_INOUT;
}

int Pump::on_socket(CURL* easy, curl_socket_t fd, int what, void* self, void*)
{
  auto* pump = static_cast<Pump*>(self);
  if (what == CURL_POLL_REMOVE)
    pump->m_sockets.erase(fd);
  else
    pump->m_sockets[fd] = Socket{what, easy};
  return 0;
}

// When the socket is readable and at its end, end the transfer ourselves
// (libcurl's SMB code would wait, spinning, until a timeout).
void Pump::check_closed(curl_socket_t fd)
{
  auto it = m_sockets.find(fd);
  if (it == m_sockets.end() || (it->second.what & CURL_POLL_IN) == 0)
    return;
  char byte = 0;
  if (::recv(fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT) != 0)
    return; // data waiting, or nothing yet (EAGAIN), or an error libcurl sees
  CURL* easy = it->second.easy;
  for (auto t = m_transfers.begin(); t != m_transfers.end(); ++t) {
    Transfer* transfer = *t;
    if (transfer->easy != easy || transfer->done)
      continue;
    transfer->done = true;
    transfer->result = CURLE_RECV_ERROR;
    transfer->note = "the server closed the connection";
    m_transfers.erase(t);
    curl_multi_remove_handle(m_multi, easy); // closes the socket
    return;
  }
}

int Pump::on_timer(CURLM*, long timeout_ms, void* self)
{
  auto* pump = static_cast<Pump*>(self);
  if (timeout_ms < 0)
    pump->m_timer.reset();
  else
    pump->m_timer = Clock::now() + milliseconds(timeout_ms);
  return 0;
}

void Pump::collect()
{
  int queued = 0;
  while (CURLMsg* msg = curl_multi_info_read(m_multi, &queued)) {
    if (msg->msg != CURLMSG_DONE)
      continue;
    for (Transfer* transfer : m_transfers) {
      if (transfer->easy == msg->easy_handle) {
        transfer->done = true;
        transfer->result = msg->data.result;
      }
    }
  }
}

} // namespace smsscan::transport::curl
