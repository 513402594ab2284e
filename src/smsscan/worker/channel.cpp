#include "smsscan/worker/channel.hpp"

#include "smsscan/worker/frame.hpp"
#include "smsscan/worker/socket_io.hpp"

#include <poll.h>

#include <algorithm>
#include <cerrno>

namespace smsscan::worker {

namespace {

using Clock = std::chrono::steady_clock;
using detail::Frame;

// How often a wait looks at the cancel flag.
constexpr auto k_poll_slice = std::chrono::milliseconds(100);

std::vector<std::uint8_t> frame_byte(Frame frame)
{
  return {static_cast<std::uint8_t>(frame)};
}

} // namespace

Channel::~Channel()
{
  if (!m_worker) {
    return;
  }
  const auto until = std::min(m_limits.hard_deadline, Clock::now() + m_limits.release_wait);
  std::vector<std::uint8_t> reply;
  if (Clock::now() < until && send(frame_byte(Frame::reset), {}) == Wait::ok && await(reply, until) == Wait::ok) {
    m_pool.release(*m_worker);
    m_worker.reset();
  }
  drop();
}

bool Channel::open(std::string& problem)
{
  if (m_worker) {
    return true;
  }
  if (m_opened) {
    problem = "the " + m_pool.name() + " worker was lost";
    return false;
  }
  m_opened = true;
  util::Expected<Worker> worker = m_pool.acquire();
  if (!worker) {
    problem = worker.error().message;
    return false;
  }
  m_worker = *worker;
  return true;
}

std::optional<pid_t> Channel::worker_pid() const
{
  if (!m_worker) {
    return std::nullopt;
  }
  return m_worker->pid;
}

Channel::Wait Channel::call(const Writer& request, std::vector<std::uint8_t>& reply)
{
  const Wait sent = send(frame_byte(Frame::request), request.data());
  return sent == Wait::ok ? await(reply, m_limits.hard_deadline) : sent;
}

Channel::Wait Channel::post(const Writer& request)
{
  return send(frame_byte(Frame::request), request.data());
}

Channel::Wait Channel::send(const std::vector<std::uint8_t>& frame, const std::vector<std::uint8_t>& body)
{
  if (!m_worker) {
    return Wait::broken;
  }
  if (!send_message(m_worker->fd, frame, body)) {
    drop();
    return Wait::broken;
  }
  return Wait::ok;
}

Channel::Wait Channel::await(std::vector<std::uint8_t>& reply, Clock::time_point until)
{
  while (m_worker) {
    if (cancelled()) {
      drop();
      return Wait::cancelled;
    }
    const auto now = Clock::now();
    if (now >= until) {
      drop();
      return Wait::timed_out;
    }
    const auto slice = std::min<Clock::duration>(until - now, k_poll_slice);
    pollfd wait{m_worker->fd, POLLIN, 0};
    const int ready =
      ::poll(&wait, 1, static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(slice).count()) + 1);
    if (ready < 0 && errno != EINTR) {
      break;
    }
    if (ready > 0) {
      if (!receive_message(m_worker->fd, reply)) {
        break;
      }
      return Wait::ok;
    }
  }
  drop();
  return Wait::broken;
}

void Channel::drop()
{
  if (m_worker) {
    m_pool.discard(*m_worker);
    m_worker.reset();
  }
}

} // namespace smsscan::worker
