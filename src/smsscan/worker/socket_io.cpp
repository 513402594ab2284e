#include "smsscan/worker/socket_io.hpp"

#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace smsscan::worker {

namespace {

constexpr int k_socket_buffer = 512 * 1024;

void set_buffers(int fd)
{
  const int size = k_socket_buffer;
  ::setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &size, sizeof size);
  ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
}

// sendmsg, again after a signal interrupted it.
ssize_t send_all(int fd, msghdr& message)
{
  while (true) {
    const ssize_t sent = ::sendmsg(fd, &message, MSG_NOSIGNAL);
    if (sent < 0 && errno == EINTR) {
      continue;
    }
    return sent;
  }
}

} // namespace

bool make_socket_pair(int (&pair)[2])
{
  if (::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, pair) != 0) {
    return false;
  }
  set_buffers(pair[0]);
  set_buffers(pair[1]);
  return true;
}

bool send_message(int fd, const std::vector<std::uint8_t>& head, const std::vector<std::uint8_t>& body)
{
  iovec parts[2] = {{const_cast<std::uint8_t*>(head.data()), head.size()},
                    {const_cast<std::uint8_t*>(body.data()), body.size()}};
  msghdr message{};
  message.msg_iov = parts;
  message.msg_iovlen = 2;
  const ssize_t sent = send_all(fd, message);
  return sent >= 0 && static_cast<std::size_t>(sent) == head.size() + body.size();
}

bool send_message(int fd, const std::vector<std::uint8_t>& message)
{
  return send_message(fd, {}, message);
}

bool receive_message(int fd, std::vector<std::uint8_t>& message)
{
  // One scratch buffer per thread: resizing the caller's buffer to the
  // largest message for every receive would clear that much memory each time.
  thread_local std::vector<std::uint8_t> scratch(k_max_message);
  while (true) {
    const ssize_t got = ::recv(fd, scratch.data(), scratch.size(), MSG_TRUNC);
    if (got < 0 && errno == EINTR) {
      continue;
    }
    if (got <= 0 || static_cast<std::size_t>(got) > scratch.size()) {
      message.clear();
      return false;
    }
    message.assign(scratch.begin(), scratch.begin() + got);
    return true;
  }
}

bool send_with_fd(int fd, const std::vector<std::uint8_t>& message, int passed_fd)
{
  iovec data{const_cast<std::uint8_t*>(message.data()), message.size()};
  msghdr header{};
  header.msg_iov = &data;
  header.msg_iovlen = 1;
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))] = {};
  if (passed_fd >= 0) {
    header.msg_control = control;
    header.msg_controllen = sizeof control;
    cmsghdr* attached = CMSG_FIRSTHDR(&header);
    attached->cmsg_level = SOL_SOCKET;
    attached->cmsg_type = SCM_RIGHTS;
    attached->cmsg_len = CMSG_LEN(sizeof(int));
    std::memcpy(CMSG_DATA(attached), &passed_fd, sizeof(int));
  }
  const ssize_t sent = send_all(fd, header);
  return sent >= 0 && static_cast<std::size_t>(sent) == message.size();
}

bool receive_with_fd(int fd, std::vector<std::uint8_t>& message, std::size_t max_size, int& passed_fd)
{
  passed_fd = -1;
  message.assign(max_size, 0);
  iovec data{message.data(), message.size()};
  msghdr header{};
  header.msg_iov = &data;
  header.msg_iovlen = 1;
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))] = {};
  header.msg_control = control;
  header.msg_controllen = sizeof control;
  ssize_t got = -1;
  do {
    got = ::recvmsg(fd, &header, MSG_CMSG_CLOEXEC);
  } while (got < 0 && errno == EINTR);
  for (cmsghdr* attached = CMSG_FIRSTHDR(&header); got >= 0 && attached != nullptr;
       attached = CMSG_NXTHDR(&header, attached)) {
    if (attached->cmsg_level == SOL_SOCKET && attached->cmsg_type == SCM_RIGHTS &&
        attached->cmsg_len >= CMSG_LEN(sizeof(int))) {
      std::memcpy(&passed_fd, CMSG_DATA(attached), sizeof(int));
    }
  }
  if (got <= 0 || (header.msg_flags & MSG_TRUNC) != 0) {
    if (passed_fd >= 0) {
      ::close(passed_fd);
      passed_fd = -1;
    }
    message.clear();
    return false;
  }
  message.resize(static_cast<std::size_t>(got));
  return true;
}

} // namespace smsscan::worker
