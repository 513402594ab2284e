// Tests for transport/local/deadline_io.cpp: calls finish within their
// deadline or cost only the deadline, and a hung runner stays hung.
#include "smsscan/transport/local/deadline_io.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <thread>

using smsscan::transport::DeadlineIo;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

TEST_CASE("DeadlineIo: tasks run one after the other and report in time")
{
  DeadlineIo io;
  auto count = std::make_shared<int>(0);
  for (int i = 0; i < 100; ++i) {
    REQUIRE(io.run([count] { ++*count; }, Clock::now() + 10s));
  }
  CHECK(*count == 100);
  CHECK_FALSE(io.hung());
}

TEST_CASE("DeadlineIo: a task that does not return in time costs the deadline, then the runner answers at once")
{
  auto release = std::make_shared<std::atomic<bool>>(false);
  auto finished = std::make_shared<std::atomic<bool>>(false);
  {
    DeadlineIo io;
    const auto start = Clock::now();
    CHECK_FALSE(io.run(
      [release, finished] {
        while (!release->load()) {
          std::this_thread::sleep_for(1ms);
        }
        finished->store(true);
      },
      start + 200ms));
    const auto waited = Clock::now() - start;
    CHECK(waited >= 200ms);
    CHECK(waited < 5s);
    CHECK(io.hung());
    const auto again = Clock::now();
    CHECK_FALSE(io.run([] {}, Clock::now() + 10s));
    CHECK(Clock::now() - again < 100ms);
  } // the runner goes away while its task is still stuck
  release->store(true);
  for (int i = 0; i < 500 && !finished->load(); ++i) {
    std::this_thread::sleep_for(2ms);
  }
  CHECK(finished->load()); // the stuck task ran to its end on its own
}
