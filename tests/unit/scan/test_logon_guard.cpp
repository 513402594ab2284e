// Tests for scan/logon_guard.cpp: how many unproven logons may be in
// flight, and when the credentials are retired.
#include "smsscan/scan/logon_guard.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <future>
#include <memory>
#include <thread>

using smsscan::scan::LogonGuard;

namespace {

using namespace std::chrono_literals;

// acquire() on a detached thread: a guard that wrongly blocks forever leaves
// only a stuck thread behind, not a hung test run.
std::future<bool> acquire_in_background(const std::shared_ptr<LogonGuard>& guard)
{
  auto promise = std::make_shared<std::promise<bool>>();
  std::future<bool> future = promise->get_future();
  std::thread([guard, promise] { promise->set_value(guard->acquire()); }).detach();
  return future;
}

bool still_blocked(std::future<bool>& future)
{
  return future.wait_for(200ms) == std::future_status::timeout;
}

bool returns_soon(std::future<bool>& future)
{
  return future.wait_for(5s) == std::future_status::ready;
}

} // namespace

TEST_CASE("LogonGuard: a fourth unproven logon waits until one of three ends")
{
  const auto guard = std::make_shared<LogonGuard>(3);
  REQUIRE(guard->acquire());
  REQUIRE(guard->acquire());
  REQUIRE(guard->acquire());
  std::future<bool> fourth = acquire_in_background(guard);
  CHECK(still_blocked(fourth));

  // A machine that never tried to log on frees its place.
  guard->release(LogonGuard::Outcome::not_attempted);
  REQUIRE(returns_soon(fourth));
  CHECK(fourth.get());
  CHECK(guard->failures() == 0);
  CHECK_FALSE(guard->retired());
  guard->release(LogonGuard::Outcome::accepted); // unblocks anything left, whatever happened
}

TEST_CASE("LogonGuard: a refusal shrinks the logons in flight; three refusals retire the credentials")
{
  const auto guard = std::make_shared<LogonGuard>(3);
  REQUIRE(guard->acquire());
  REQUIRE(guard->acquire());
  REQUIRE(guard->acquire());
  std::future<bool> fourth = acquire_in_background(guard);
  CHECK(still_blocked(fourth));

  // One refused: two failures are still affordable and two logons are in flight.
  guard->release(LogonGuard::Outcome::refused);
  CHECK(guard->failures() == 1);
  CHECK(still_blocked(fourth));

  guard->release(LogonGuard::Outcome::refused);
  guard->release(LogonGuard::Outcome::refused);
  REQUIRE(returns_soon(fourth));
  CHECK_FALSE(fourth.get());
  CHECK(guard->failures() == 3);
  CHECK(guard->retired());

  // Retired for good: no waiting, just no.
  std::future<bool> later = acquire_in_background(guard);
  REQUIRE(returns_soon(later));
  CHECK_FALSE(later.get());
  guard->release(LogonGuard::Outcome::accepted);
}

TEST_CASE("LogonGuard: once accepted, acquires do not block")
{
  const auto guard = std::make_shared<LogonGuard>(3);
  REQUIRE(guard->acquire());
  guard->release(LogonGuard::Outcome::accepted);
  auto promise = std::make_shared<std::promise<bool>>();
  std::future<bool> many = promise->get_future();
  std::thread([guard, promise] {
    bool all = true;
    for (int i = 0; i < 20; ++i) {
      all = guard->acquire() && all;
    }
    promise->set_value(all);
  }).detach();
  REQUIRE(returns_soon(many));
  CHECK(many.get());
  CHECK(guard->failures() == 0);
}

TEST_CASE("LogonGuard: a limit of one allows one unproven logon at a time")
{
  const auto guard = std::make_shared<LogonGuard>(1);
  REQUIRE(guard->acquire());
  std::future<bool> second = acquire_in_background(guard);
  CHECK(still_blocked(second));
  guard->release(LogonGuard::Outcome::refused);
  REQUIRE(returns_soon(second));
  CHECK_FALSE(second.get());
  CHECK(guard->retired());
}
