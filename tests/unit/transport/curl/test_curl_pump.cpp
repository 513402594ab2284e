// The libcurl poll loop on its own: with nothing to drive it gives up at the
// idle limit, at the hard limit, or on Ctrl-C, and never spins past them.
#include "smsscan/transport/curl/curl_pump.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <chrono>

using namespace smsscan::transport::curl;
using namespace std::chrono_literals;

TEST_CASE("curl pump: ready at once, idle time-out, hard limit, cancel")
{
  Pump pump(true);
  REQUIRE(pump.valid());
  const auto none = [] { return std::uint64_t{0}; };
  CHECK(pump.run([] { return true; }, none, Clock::now() + 10s, 10s, nullptr) == Pump::Wait::ready);

  auto started = Clock::now();
  CHECK(pump.run([] { return false; }, none, Clock::now() + 10s, 150ms, nullptr) == Pump::Wait::timed_out);
  CHECK(Clock::now() - started >= 140ms);
  CHECK(Clock::now() - started < 2s);

  started = Clock::now();
  CHECK(pump.run([] { return false; }, none, Clock::now() + 150ms, 10s, nullptr) == Pump::Wait::timed_out);
  CHECK(Clock::now() - started < 2s);

  const std::atomic<bool> cancelled{true};
  CHECK(pump.run([] { return false; }, none, Clock::now() + 10s, 10s, &cancelled) == Pump::Wait::cancelled);
}

TEST_CASE("curl pump: progress postpones the idle limit")
{
  Pump pump(true);
  std::uint64_t counter = 0;
  const auto started = Clock::now();
  // Progress every call until 400 ms have passed, then none: the idle limit
  // of 150 ms counts from the last progress, not from the start.
  const auto wait = pump.run([] { return false; },
                             [&] {
                               if (Clock::now() - started < 400ms) {
                                 ++counter;
                               }
                               return counter;
                             },
                             Clock::now() + 10s, 150ms, nullptr);
  CHECK(wait == Pump::Wait::timed_out);
  CHECK(Clock::now() - started >= 400ms); // without the progress it would end after 150 ms
}
