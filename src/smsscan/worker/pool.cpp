#include "smsscan/worker/pool.hpp"

#include "smsscan/util/error.hpp"
#include "smsscan/worker/frame.hpp"
#include "smsscan/worker/socket_io.hpp"
#include "smsscan/worker/spawner.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>

namespace smsscan::worker {

using detail::SpawnerOp;

WorkerPool::WorkerPool(PoolSettings settings) : m_settings(std::move(settings))
{
  int pair[2];
  if (!make_socket_pair(pair)) {
    m_problem = "cannot create a socket pair: " + util::errno_text(errno);
    return;
  }
  std::fflush(nullptr); // the child must not inherit unwritten output
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::close(pair[0]);
    detail::run_spawner(pair[1], m_settings.make_handler);
  }
  const int error = errno;
  ::close(pair[1]);
  if (pid < 0) {
    m_problem = "cannot fork the " + m_settings.name + " helper: " + util::errno_text(error);
    ::close(pair[0]);
    return;
  }
  m_spawner = pid;
  m_control = pair[0];
}

WorkerPool::~WorkerPool()
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

util::Expected<Worker> WorkerPool::acquire()
{
  std::lock_guard<std::mutex> lock(m_mutex);
  if (!m_idle.empty()) {
    const Worker worker = m_idle.back();
    m_idle.pop_back();
    return worker;
  }
  if (m_control < 0) {
    return util::unexpected(util::Error(m_problem));
  }
  Writer request;
  request.u8(static_cast<std::uint8_t>(SpawnerOp::spawn));
  if (!send_message(m_control, request.data())) {
    return util::unexpected(util::Error("the " + m_settings.name + " helper is gone: " + util::errno_text(errno)));
  }
  std::vector<std::uint8_t> reply;
  int fd = -1;
  if (!receive_with_fd(m_control, reply, 8, fd) || reply.size() != 8) {
    if (fd >= 0) {
      ::close(fd);
    }
    return util::unexpected(util::Error("the " + m_settings.name + " helper did not answer"));
  }
  Reader in(reply);
  Worker worker;
  worker.pid = static_cast<pid_t>(in.u32());
  const auto error = static_cast<int>(in.u32());
  if (worker.pid <= 0 || fd < 0) {
    if (fd >= 0) {
      ::close(fd);
    }
    return util::unexpected(util::Error("cannot start a " + m_settings.name + " worker: " + util::errno_text(error)));
  }
  worker.fd = fd;
  return worker;
}

void WorkerPool::release(const Worker& worker)
{
  std::lock_guard<std::mutex> lock(m_mutex);
  m_idle.push_back(worker);
}

void WorkerPool::discard(const Worker& worker)
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

std::size_t WorkerPool::idle() const
{
  std::lock_guard<std::mutex> lock(m_mutex);
  return m_idle.size();
}

} // namespace smsscan::worker
