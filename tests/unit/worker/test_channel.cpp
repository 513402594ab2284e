// A session's channel to its worker: a worker that overruns the deadline is
// killed, Ctrl-C ends a wait, a worker that dies breaks the channel, and a
// lost worker is never silently replaced within the session.
#include "smsscan/worker/channel.hpp"
#include "worker/worker_support.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <thread>

using namespace smsscan;
using namespace smsscan::worker;
using test::TestOp;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

namespace {

Writer sleep_request(std::uint32_t ms)
{
  Writer out = test::request(TestOp::sleep);
  out.u32(ms);
  return out;
}

} // namespace

TEST_CASE("channel: a worker busy past the deadline is killed and the wait ends on time")
{
  WorkerPool pool({"test", test::test_handler_factory()});
  ChannelLimits limits;
  limits.hard_deadline = Clock::now() + 300ms;
  Channel channel(pool, limits);
  std::string problem;
  REQUIRE(channel.open(problem));
  const pid_t pid = *channel.worker_pid();
  const auto started = Clock::now();
  std::vector<std::uint8_t> reply;
  CHECK(channel.call(sleep_request(60000), reply) == Channel::Wait::timed_out);
  const auto waited = Clock::now() - started;
  CHECK(waited >= 250ms);
  CHECK(waited < 2s);
  CHECK_FALSE(channel.usable());
  CHECK(test::process_gone(pid));
  CHECK_FALSE(channel.open(problem));
  CHECK(problem == "the test worker was lost");
  CHECK(pool.idle() == 0);
}

TEST_CASE("channel: a worker that answers in time is kept")
{
  WorkerPool pool({"test", test::test_handler_factory()});
  {
    ChannelLimits limits;
    limits.hard_deadline = Clock::now() + 10s;
    Channel channel(pool, limits);
    std::string problem;
    REQUIRE(channel.open(problem));
    std::vector<std::uint8_t> reply;
    CHECK(channel.call(sleep_request(50), reply) == Channel::Wait::ok);
  }
  CHECK(pool.idle() == 1);
}

TEST_CASE("channel: Ctrl-C ends a wait and kills the busy worker")
{
  WorkerPool pool({"test", test::test_handler_factory()});
  std::atomic<bool> cancelled{false};
  ChannelLimits limits;
  limits.hard_deadline = Clock::now() + 30s;
  limits.cancelled = &cancelled;
  Channel channel(pool, limits);
  std::string problem;
  REQUIRE(channel.open(problem));
  const pid_t pid = *channel.worker_pid();
  std::thread interrupt([&] {
    std::this_thread::sleep_for(200ms);
    cancelled = true;
  });
  const auto started = Clock::now();
  std::vector<std::uint8_t> reply;
  CHECK(channel.call(sleep_request(60000), reply) == Channel::Wait::cancelled);
  interrupt.join();
  CHECK(Clock::now() - started < 2s);
  CHECK(test::process_gone(pid));
}

TEST_CASE("channel: a worker that exits mid-request breaks the channel")
{
  WorkerPool pool({"test", test::test_handler_factory()});
  ChannelLimits limits;
  limits.hard_deadline = Clock::now() + 10s;
  Channel channel(pool, limits);
  std::string problem;
  REQUIRE(channel.open(problem));
  std::vector<std::uint8_t> reply;
  CHECK(channel.call(test::request(TestOp::quit), reply) == Channel::Wait::broken);
  CHECK_FALSE(channel.usable());
  CHECK(channel.post(test::request(TestOp::echo)) == Channel::Wait::broken);
}

TEST_CASE("channel: a session that ends past its deadline kills its worker instead of reusing it")
{
  WorkerPool pool({"test", test::test_handler_factory()});
  pid_t pid = 0;
  {
    ChannelLimits limits;
    limits.hard_deadline = Clock::now() + 200ms;
    Channel channel(pool, limits);
    std::string problem;
    REQUIRE(channel.open(problem));
    pid = *channel.worker_pid();
    std::this_thread::sleep_for(300ms);
  }
  CHECK(pool.idle() == 0);
  CHECK(test::process_gone(pid));
}
