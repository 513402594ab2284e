// Tests for worker/spawner.cpp, the two process bodies of the worker
// component, in real forked processes: the spawner forks workers on request
// and hands over their sockets, kills only its own workers, reaps every one
// (no zombies), ignores Ctrl-C, keeps none of the scanner's files open in a
// worker, and takes its workers with it when the scanner goes; a worker
// answers requests, resets on a reset frame and at end of file, and stops at
// a frame it does not know.
#include "smsscan/worker/spawner.hpp"

#include "smsscan/worker/channel.hpp"
#include "smsscan/worker/frame.hpp"
#include "smsscan/worker/pool.hpp"
#include "smsscan/worker/socket_io.hpp"
#include "worker/worker_support.hpp"

#include <doctest/doctest.h>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <climits>
#include <string>
#include <thread>
#include <vector>

using namespace smsscan;
using namespace smsscan::worker;
using detail::Frame;
using detail::SpawnerOp;
using test::TestOp;
using namespace std::chrono_literals;

namespace {

// Where a descriptor of this process points ("/dev/null", "pipe:[123]"), or "".
std::string fd_target(int fd)
{
  char link[PATH_MAX];
  const std::string path = "/proc/self/fd/" + std::to_string(fd);
  const ssize_t length = ::readlink(path.c_str(), link, sizeof link - 1);
  return length > 0 ? std::string(link, static_cast<std::size_t>(length)) : std::string();
}

// Answers with what a worker process holds: its parent (the spawner), its
// open descriptors and where its standard ones point.
enum class InspectOp : std::uint8_t { inspect = 1 };

class InspectHandler : public Handler
{
public:
  bool handle(Reader&, Writer& out) override
  {
    out.u32(static_cast<std::uint32_t>(::getppid()));
    std::vector<std::uint32_t> open;
    for (int fd = 0; fd < 1024; ++fd) {
      if (::fcntl(fd, F_GETFD) >= 0) {
        open.push_back(static_cast<std::uint32_t>(fd));
      }
    }
    out.u32(static_cast<std::uint32_t>(open.size()));
    for (const std::uint32_t fd : open) {
      out.u32(fd);
    }
    for (int fd = 0; fd < 3; ++fd) {
      out.str(fd_target(fd));
    }
    return true;
  }
  void reset() override {}
};

struct Inspection
{
  pid_t parent = 0;
  std::vector<std::uint32_t> open;
  std::string stdio[3];
};

Inspection inspect(Channel& channel)
{
  Writer request;
  request.u8(static_cast<std::uint8_t>(InspectOp::inspect));
  std::vector<std::uint8_t> reply;
  REQUIRE(channel.call(request, reply) == Channel::Wait::ok);
  Reader in(reply);
  Inspection result;
  result.parent = static_cast<pid_t>(in.u32());
  const std::uint32_t count = in.u32();
  for (std::uint32_t i = 0; i < count && in.ok(); ++i) {
    result.open.push_back(in.u32());
  }
  for (std::string& target : result.stdio) {
    target = in.str();
  }
  REQUIRE(in.done());
  return result;
}

ChannelLimits generous()
{
  ChannelLimits limits;
  limits.hard_deadline = std::chrono::steady_clock::now() + 20s;
  return limits;
}

// A request frame carrying the test handler's request.
std::vector<std::uint8_t> framed(Frame frame, const Writer& body = Writer())
{
  Writer message;
  message.u8(static_cast<std::uint8_t>(frame));
  if (body.size() > 0) {
    message.raw(body.data().data(), body.size());
  }
  return message.data();
}

// The exit status of a child of this process, waiting up to limit; -1 when
// it did not exit normally in time.
int exit_status_of(pid_t pid, std::chrono::milliseconds limit = 5000ms)
{
  const auto until = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < until) {
    int status = 0;
    const pid_t done = ::waitpid(pid, &status, WNOHANG);
    if (done == pid) {
      return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }
    std::this_thread::sleep_for(10ms);
  }
  ::kill(pid, SIGKILL);
  ::waitpid(pid, nullptr, 0);
  return -1;
}

// The test handler, and a pipe its reset() writes an 'r' to.
class ResetProbe : public test::TestHandler
{
public:
  explicit ResetProbe(int fd) : m_fd(fd) {}
  void reset() override
  {
    test::TestHandler::reset();
    const char mark = 'r';
    if (::write(m_fd, &mark, 1) != 1) {
      ::_exit(5);
    }
  }

private:
  int m_fd;
};

// Everything readable on fd within limit.
std::string drain(int fd, std::chrono::milliseconds limit = 2000ms)
{
  std::string text;
  pollfd wait{fd, POLLIN, 0};
  while (::poll(&wait, 1, static_cast<int>(limit.count())) > 0) {
    char buffer[64];
    const ssize_t got = ::read(fd, buffer, sizeof buffer);
    if (got <= 0) {
      break;
    }
    text.append(buffer, static_cast<std::size_t>(got));
  }
  return text;
}

} // namespace

TEST_CASE("spawner: a discarded worker is killed and reaped")
{
  WorkerPool pool({"test", test::test_handler_factory()});
  util::Expected<Worker> worker = pool.acquire();
  REQUIRE(worker.has_value());
  const pid_t pid = worker->pid;
  CHECK(::kill(pid, 0) == 0);
  pool.discard(*worker);
  CHECK(test::process_gone(pid));
  CHECK(pool.idle() == 0);
}

TEST_CASE("spawner: a factory that makes no handler gives a worker that is gone at once")
{
  WorkerPool pool({"test", [] { return std::unique_ptr<Handler>(); }});
  Channel channel(pool, generous());
  std::string problem;
  REQUIRE(channel.open(problem));
  std::vector<std::uint8_t> reply;
  CHECK(channel.call(test::request(TestOp::echo), reply) == Channel::Wait::broken);
  CHECK_FALSE(channel.usable());
}

TEST_CASE("spawner: a worker holds none of the scanner's files; its stdin and stdout are /dev/null")
{
  // A pipe the scanner holds when the pool forks, as a report piped to
  // `head` would be: a worker holding its write end would keep the reader
  // from ever seeing the end of the output.
  int pipe_fds[2];
  REQUIRE(::pipe(pipe_fds) == 0);
  const std::string scanner_stderr = fd_target(STDERR_FILENO);
  WorkerPool pool({"test", [] { return std::make_unique<InspectHandler>(); }});
  Channel channel(pool, generous());
  std::string problem;
  REQUIRE(channel.open(problem));
  const Inspection seen = inspect(channel);
  REQUIRE(seen.open.size() == 4); // stdin, stdout, stderr and its socket
  CHECK(seen.open[0] == 0);
  CHECK(seen.open[1] == 1);
  CHECK(seen.open[2] == 2);
  CHECK(seen.open[3] > 2);
  CHECK(seen.stdio[0] == "/dev/null");
  CHECK(seen.stdio[1] == "/dev/null"); // nothing a library prints reaches a report
  CHECK(seen.stdio[2] == scanner_stderr);

  // With the worker (and the spawner) still running, closing the write end
  // here ends the pipe.
  ::close(pipe_fds[1]);
  pollfd wait{pipe_fds[0], POLLIN, 0};
  REQUIRE(::poll(&wait, 1, 2000) == 1);
  char byte = 0;
  CHECK(::read(pipe_fds[0], &byte, 1) == 0);
  ::close(pipe_fds[0]);
}

TEST_CASE("spawner: Ctrl-C is the scanner's to handle; the spawner and its workers ignore it")
{
  WorkerPool pool({"test", [] { return std::make_unique<InspectHandler>(); }});
  Channel channel(pool, generous());
  std::string problem;
  REQUIRE(channel.open(problem));
  const Inspection before = inspect(channel);
  const pid_t spawner = before.parent;
  REQUIRE(spawner > 0);
  CHECK(spawner != ::getpid());
  REQUIRE(::kill(spawner, SIGINT) == 0);
  REQUIRE(::kill(*channel.worker_pid(), SIGINT) == 0);
  std::this_thread::sleep_for(100ms);
  CHECK(inspect(channel).parent == spawner); // the worker still answers
  // The spawner still forks workers.
  Channel second(pool, generous());
  REQUIRE(second.open(problem));
  CHECK(inspect(second).parent == spawner);
}

TEST_CASE("spawner: a worker that exits by itself is reaped, not left a zombie")
{
  WorkerPool pool({"test", test::test_handler_factory()});
  Channel channel(pool, generous());
  std::string problem;
  REQUIRE(channel.open(problem));
  const pid_t pid = *channel.worker_pid();
  std::vector<std::uint8_t> reply;
  CHECK(channel.call(test::request(TestOp::quit), reply) == Channel::Wait::broken);
  // A zombie still answers kill(pid, 0); only a reaped process is gone.
  CHECK(test::process_gone(pid));
}

TEST_CASE("spawner: when the pool goes, the spawner kills the workers still in use and exits")
{
  pid_t worker_pid = 0;
  pid_t spawner = 0;
  int worker_fd = -1;
  {
    WorkerPool pool({"test", [] { return std::make_unique<InspectHandler>(); }});
    util::Expected<Worker> worker = pool.acquire();
    REQUIRE(worker.has_value());
    worker_pid = worker->pid;
    worker_fd = worker->fd;
    std::vector<std::uint8_t> reply;
    Writer request;
    request.u8(static_cast<std::uint8_t>(InspectOp::inspect));
    REQUIRE(send_message(worker_fd, framed(Frame::request, request)));
    REQUIRE(receive_message(worker_fd, reply));
    Reader in(reply);
    spawner = static_cast<pid_t>(in.u32());
    REQUIRE(spawner > 0);
    // The worker is busy with this "session" (never released) as the pool is destroyed.
  }
  CHECK(test::process_gone(worker_pid));
  CHECK(test::process_gone(spawner));
  std::vector<std::uint8_t> reply;
  CHECK_FALSE(receive_message(worker_fd, reply)); // its socket ended with it
  ::close(worker_fd);
}

TEST_CASE("run_spawner: spawns on request, kills only its own workers, stops at an unknown request")
{
  int control[2];
  REQUIRE(make_socket_pair(control));
  std::fflush(nullptr);
  const pid_t spawner = ::fork();
  REQUIRE(spawner >= 0);
  if (spawner == 0) {
    ::close(control[0]);
    detail::run_spawner(control[1], test::test_handler_factory());
  }
  ::close(control[1]);

  const auto spawn = [&](pid_t& pid) {
    Writer request;
    request.u8(static_cast<std::uint8_t>(SpawnerOp::spawn));
    REQUIRE(send_message(control[0], request.data()));
    std::vector<std::uint8_t> reply;
    int fd = -1;
    REQUIRE(receive_with_fd(control[0], reply, 8, fd));
    Reader in(reply);
    pid = static_cast<pid_t>(in.u32());
    CHECK(in.u32() == 0); // errno
    REQUIRE(in.done());
    REQUIRE(pid > 0);
    REQUIRE(fd >= 0);
    return fd;
  };
  pid_t worker = 0;
  const int fd = spawn(worker);
  // The socket handed over reaches the new worker.
  Writer echo = test::request(TestOp::echo);
  echo.str("through the spawner");
  REQUIRE(send_message(fd, framed(Frame::request, echo)));
  std::vector<std::uint8_t> reply;
  REQUIRE(receive_message(fd, reply));
  Reader in(reply);
  CHECK(in.str() == "through the spawner");
  CHECK(static_cast<pid_t>(in.u32()) == worker);

  // A kill for a process that is not one of its workers is ignored: a pid
  // the spawner has not forked (or has reaped) may belong to anyone.
  const pid_t bystander = ::fork();
  REQUIRE(bystander >= 0);
  if (bystander == 0) {
    ::pause();
    ::_exit(0);
  }
  Writer kill_request;
  kill_request.u8(static_cast<std::uint8_t>(SpawnerOp::kill));
  kill_request.u32(static_cast<std::uint32_t>(bystander));
  REQUIRE(send_message(control[0], kill_request.data()));
  pid_t second = 0;
  const int second_fd = spawn(second); // answered after the kill request was handled
  CHECK(::waitpid(bystander, nullptr, WNOHANG) == 0);
  CHECK(::kill(bystander, 0) == 0);
  ::kill(bystander, SIGKILL);
  ::waitpid(bystander, nullptr, 0);

  // Its own worker is killed on request.
  Writer kill_worker;
  kill_worker.u8(static_cast<std::uint8_t>(SpawnerOp::kill));
  kill_worker.u32(static_cast<std::uint32_t>(second));
  REQUIRE(send_message(control[0], kill_worker.data()));
  CHECK(test::process_gone(second));

  // A request it does not know ends it; the workers left go with it.
  Writer unknown;
  unknown.u8(99);
  REQUIRE(send_message(control[0], unknown.data()));
  CHECK(exit_status_of(spawner) == 0);
  CHECK(test::process_gone(worker));
  ::close(fd);
  ::close(second_fd);
  ::close(control[0]);
}

TEST_CASE("run_worker: requests answered, a reset frame resets and answers, end of file resets and exits 0")
{
  int pair[2];
  REQUIRE(make_socket_pair(pair));
  int probe[2];
  REQUIRE(::pipe(probe) == 0);
  std::fflush(nullptr);
  const pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    ::close(pair[0]);
    ::close(probe[0]);
    ResetProbe handler(probe[1]);
    detail::run_worker(pair[1], handler);
  }
  ::close(pair[1]);
  ::close(probe[1]);
  const int fd = pair[0];
  const auto echo = [&](const std::string& text) {
    Writer out = test::request(TestOp::echo);
    out.str(text);
    REQUIRE(send_message(fd, framed(Frame::request, out)));
    std::vector<std::uint8_t> reply;
    REQUIRE(receive_message(fd, reply));
    Reader in(reply);
    const std::string said = in.str();
    CHECK(static_cast<pid_t>(in.u32()) == pid);
    const std::uint32_t requests = in.u32();
    REQUIRE(in.done());
    return std::make_pair(said, requests);
  };
  CHECK(echo("one") == std::make_pair(std::string("one"), 1u));
  Writer note = test::request(TestOp::note);
  note.str("the first session's secret");
  REQUIRE(send_message(fd, framed(Frame::request, note))); // no reply
  CHECK(echo("two") == std::make_pair(std::string("the first session's secret"), 3u));

  REQUIRE(send_message(fd, framed(Frame::reset)));
  std::vector<std::uint8_t> confirmed;
  REQUIRE(receive_message(fd, confirmed));
  CHECK(confirmed == std::vector<std::uint8_t>{0});
  CHECK(drain(probe[0], 500ms) == "r");
  CHECK(echo("three") == std::make_pair(std::string("three"), 1u)); // nothing of the session before

  ::shutdown(fd, SHUT_WR);
  CHECK(exit_status_of(pid) == 0);
  CHECK(drain(probe[0]) == "r"); // reset once more before leaving
  ::close(fd);
  ::close(probe[0]);
}

TEST_CASE("run_worker: a frame it does not know ends the worker without an answer")
{
  int pair[2];
  REQUIRE(make_socket_pair(pair));
  std::fflush(nullptr);
  const pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    ::close(pair[0]);
    test::TestHandler handler;
    detail::run_worker(pair[1], handler);
  }
  ::close(pair[1]);
  REQUIRE(send_message(pair[0], std::vector<std::uint8_t>{7, 1, 2, 3}));
  std::vector<std::uint8_t> reply;
  CHECK_FALSE(receive_message(pair[0], reply));
  CHECK(exit_status_of(pid) == 0);
  ::close(pair[0]);
}
