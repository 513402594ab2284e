// Tests for util/host_address.cpp: addresses pass through, names resolve
// through the system resolver, and a name that does not resolve says why.
#include "smsscan/util/host_address.hpp"

#include <doctest/doctest.h>

using smsscan::util::numeric_address;

TEST_CASE("host address: numeric addresses as given, names resolved")
{
  CHECK(*numeric_address("127.0.5.1") == "127.0.5.1");
  CHECK(*numeric_address("::1") == "::1");
  const auto local = numeric_address("localhost"); // /etc/hosts
  REQUIRE(local);
  CHECK((*local == "127.0.0.1" || *local == "::1"));
  const auto missing = numeric_address("no-such..host"); // an empty label: refused before any DNS query
  REQUIRE_FALSE(missing);
  CHECK_FALSE(missing.error().message.empty());
}
