// The worker pool with a trivial handler in real forked workers: requests
// reach the handler in another process, a finished session resets its worker
// and hands it back for reuse, and sessions at once get workers of their
// own. What the spawner does with the workers (kill, reap, isolate) is in
// test_spawner.cpp.
#include "smsscan/worker/channel.hpp"
#include "smsscan/worker/pool.hpp"
#include "worker/worker_support.hpp"

#include <doctest/doctest.h>

#include <unistd.h>

#include <chrono>

using namespace smsscan;
using namespace smsscan::worker;
using test::TestOp;

namespace {

ChannelLimits generous()
{
  ChannelLimits limits;
  limits.hard_deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  return limits;
}

struct Echo
{
  std::string text;
  pid_t pid = 0;
  std::uint32_t requests = 0;
};

Echo echo(Channel& channel, const std::string& text)
{
  Writer out = test::request(TestOp::echo);
  out.str(text);
  std::vector<std::uint8_t> reply;
  REQUIRE(channel.call(out, reply) == Channel::Wait::ok);
  Reader in(reply);
  Echo result;
  result.text = in.str();
  result.pid = static_cast<pid_t>(in.u32());
  result.requests = in.u32();
  REQUIRE(in.done());
  return result;
}

} // namespace

TEST_CASE("pool: the handler answers in a forked worker process")
{
  WorkerPool pool({"test", test::test_handler_factory()});
  Channel channel(pool, generous());
  std::string problem;
  REQUIRE(channel.open(problem));
  const Echo first = echo(channel, "hello");
  CHECK(first.text == "hello");
  CHECK(first.pid != ::getpid());
  CHECK(channel.worker_pid() == first.pid);
  CHECK(first.requests == 1);

  // A request without a reply reaches the same handler.
  Writer note = test::request(TestOp::note);
  note.str("remembered");
  REQUIRE(channel.post(note) == Channel::Wait::ok);
  const Echo second = echo(channel, "ignored");
  CHECK(second.text == "remembered");
  CHECK(second.requests == 3);
}

TEST_CASE("pool: a finished session resets its worker and the next session reuses it")
{
  WorkerPool pool({"test", test::test_handler_factory()});
  pid_t first_pid = 0;
  {
    Channel channel(pool, generous());
    std::string problem;
    REQUIRE(channel.open(problem));
    Writer note = test::request(TestOp::note);
    note.str("secret of the first machine");
    REQUIRE(channel.post(note) == Channel::Wait::ok);
    first_pid = echo(channel, "x").pid;
  }
  CHECK(pool.idle() == 1);
  Channel channel(pool, generous());
  std::string problem;
  REQUIRE(channel.open(problem));
  CHECK(pool.idle() == 0);
  const Echo again = echo(channel, "fresh");
  CHECK(again.pid == first_pid);
  CHECK(again.text == "fresh"); // the first session's note is gone
  CHECK(again.requests == 1);
}

TEST_CASE("pool: sessions at the same time get workers of their own")
{
  WorkerPool pool({"test", test::test_handler_factory()});
  Channel one(pool, generous());
  Channel two(pool, generous());
  std::string problem;
  REQUIRE(one.open(problem));
  REQUIRE(two.open(problem));
  CHECK(echo(one, "a").pid != echo(two, "b").pid);
}
