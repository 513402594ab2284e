#include "smsscan/worker/spawner.hpp"

#include "smsscan/worker/frame.hpp"
#include "smsscan/worker/socket_io.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <vector>

namespace smsscan::worker::detail {

namespace {

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

// Keeps only stdin/out/err and the control socket, which becomes fd 3: a
// worker must not hold the scanner's files or pipes open. stdin and stdout
// go to /dev/null, so nothing a library prints can reach the reports.
int isolate(int control)
{
  // Out of the way of stdin/out/err first (they may have been closed, and
  // the socket pair got one of their numbers).
  const int high = ::fcntl(control, F_DUPFD_CLOEXEC, 10);
  if (high >= 0) {
    ::close(control);
    control = high;
  }
  redirect_to_null(STDIN_FILENO);
  redirect_to_null(STDOUT_FILENO);
  if (control != 3) {
    ::dup2(control, 3);
    ::close(control);
    control = 3;
  }
  ::fcntl(control, F_SETFD, FD_CLOEXEC);
  ::close_range(4, ~0U, 0);
  return control;
}

// Forks one worker; returns its pid (or -1 with error set) and the
// scanner's end of its socket pair in scanner_end.
pid_t fork_worker(int control, const HandlerFactory& make_handler, int& scanner_end, int& error)
{
  int pair[2] = {-1, -1};
  if (!make_socket_pair(pair)) {
    error = errno;
    return -1;
  }
  const pid_t spawner = ::getpid();
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::close(control);
    ::close(pair[0]);
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != spawner) {
      ::_exit(0);
    }
    std::unique_ptr<Handler> handler = make_handler ? make_handler() : nullptr;
    if (!handler) {
      ::_exit(4);
    }
    run_worker(pair[1], *handler);
  }
  error = errno;
  ::close(pair[1]);
  if (pid < 0) {
    ::close(pair[0]);
    return -1;
  }
  scanner_end = pair[0];
  return pid;
}

} // namespace

[[noreturn]] void run_worker(int fd, Handler& handler)
{
  std::vector<std::uint8_t> request;
  while (receive_message(fd, request)) {
    Reader in(request);
    const auto frame = static_cast<Frame>(in.u8());
    Writer out;
    bool reply = false;
    if (frame == Frame::request) {
      reply = handler.handle(in, out);
    } else if (frame == Frame::reset) {
      handler.reset();
      out.u8(0);
      reply = true;
    } else {
      break;
    }
    std::fill(request.begin(), request.end(), std::uint8_t{0}); // a request may carry a password
    if (reply && !send_message(fd, out.data())) {
      break;
    }
  }
  handler.reset();
  ::_exit(0);
}

[[noreturn]] void run_spawner(int control, const HandlerFactory& make_handler)
{
  ::signal(SIGINT, SIG_IGN); // the scanner decides when to stop
  ::signal(SIGPIPE, SIG_IGN);
  ::signal(SIGCHLD, SIG_DFL);
  control = isolate(control);

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
    if (ready == 0 || (ready < 0 && errno == EINTR)) {
      continue;
    }
    if (ready < 0 || !receive_message(control, request) || request.empty()) {
      break;
    }
    Reader in(request);
    const auto op = static_cast<SpawnerOp>(in.u8());
    if (op == SpawnerOp::kill) {
      const auto pid = static_cast<pid_t>(in.u32());
      // Only a child not yet reaped: its pid cannot have been reused.
      if (in.ok() && std::find(children.begin(), children.end(), pid) != children.end()) {
        ::kill(pid, SIGKILL);
      }
      continue;
    }
    if (op != SpawnerOp::spawn) {
      break;
    }
    int scanner_end = -1;
    int error = 0;
    const pid_t pid = fork_worker(control, make_handler, scanner_end, error);
    if (pid > 0) {
      children.push_back(pid);
    }
    Writer reply;
    reply.u32(pid > 0 ? static_cast<std::uint32_t>(pid) : 0);
    reply.u32(pid > 0 ? 0 : static_cast<std::uint32_t>(error));
    const bool sent = send_with_fd(control, reply.data(), scanner_end);
    if (scanner_end >= 0) {
      ::close(scanner_end);
    }
    if (!sent) {
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

} // namespace smsscan::worker::detail
