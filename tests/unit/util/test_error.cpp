// Tests for util/error.cpp and util/expected.hpp: the one error value and
// the one way expected failures are returned.
#include "smsscan/util/error.hpp"
#include "smsscan/util/expected.hpp"

#include <doctest/doctest.h>

#include <memory>
#include <string>

using smsscan::util::Error;
using smsscan::util::Expected;
using smsscan::util::Fatal;
using smsscan::util::unexpected;

namespace {

Expected<int> half(int value)
{
  if (value % 2 != 0) {
    return unexpected(Error("numbers.txt", 3, std::to_string(value) + " is odd"));
  }
  return value / 2;
}

Expected<void> check(bool good)
{
  if (!good) {
    return unexpected(Error("not good"));
  }
  return {};
}

} // namespace

TEST_CASE("Error::to_string: source, line and message as far as they are known")
{
  CHECK(Error("fleet.txt", 12, "bad line").to_string() == "fleet.txt:12: bad line");
  CHECK(Error("fleet.txt", 0, "empty").to_string() == "fleet.txt: empty");
  CHECK(Error("no source").to_string() == "no source");
}

TEST_CASE("Expected: a value or an error, never both")
{
  const Expected<int> good = half(8);
  REQUIRE(good.has_value());
  CHECK(*good == 4);
  const Expected<int> bad = half(7);
  REQUIRE_FALSE(bad);
  CHECK(bad.error().to_string() == "numbers.txt:3: 7 is odd");

  Expected<std::unique_ptr<int>> owned = std::make_unique<int>(5);
  REQUIRE(owned);
  const std::unique_ptr<int> taken = std::move(*owned);
  CHECK(*taken == 5);

  CHECK(check(true).has_value());
  CHECK(check(false).error().message == "not good");
}

TEST_CASE("Fatal: a message and the exit status to end with")
{
  try {
    throw Fatal(66, "report.csv: No space left on device");
  } catch (const std::exception& e) {
    CHECK(std::string(e.what()) == "report.csv: No space left on device");
    CHECK(dynamic_cast<const Fatal&>(e).exit_status() == 66);
  }
}
