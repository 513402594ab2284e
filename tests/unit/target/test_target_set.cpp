// Tests for target/target_set.cpp: each machine once, with the union of its
// roles, and conflicting site codes refused naming both mentions.
#include "smsscan/target/target_set.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using smsscan::target::Target;
using smsscan::target::TargetSet;

namespace {

Target mention(const std::string& text, std::vector<std::string> roles = {}, std::string site = {},
               std::string origin = {})
{
  auto parsed = smsscan::target::parse_target(text);
  REQUIRE_MESSAGE(parsed.has_value(), parsed.error().message);
  parsed->roles = std::move(roles);
  parsed->site_code = std::move(site);
  parsed->origin = std::move(origin);
  return *parsed;
}

} // namespace

TEST_CASE("TargetSet: a machine named twice is scanned once with the roles of both mentions")
{
  TargetSet set({"client"});
  REQUIRE(set.add(mention("pc01", {}, {}, "fleet.txt:1")).has_value());
  REQUIRE(set.add(mention("pc02", {"cap"}, "ABC", "fleet.txt:2")).has_value());
  REQUIRE(set.add(mention("PC01", {"site-server"}, "ABC", "fleet.txt:3")).has_value());
  REQUIRE(set.add(mention("pc02:445", {"cap", "logon-point"}, {}, "fleet.txt:4")).has_value());
  REQUIRE(set.targets().size() == 2);
  CHECK(set.merged() == 2);
  // The first mention had no roles: the command line's (client) stand in for them.
  CHECK(set.targets()[0].roles == std::vector<std::string>{"client", "site-server"});
  CHECK(set.targets()[0].site_code == "ABC");
  CHECK(set.targets()[0].text == "pc01");
  CHECK(set.targets()[1].roles == std::vector<std::string>{"cap", "logon-point"});
  CHECK(set.targets()[1].site_code == "ABC");
}

TEST_CASE("TargetSet: mentions without roles keep the command line's")
{
  TargetSet set({"client", "cap"});
  REQUIRE(set.add(mention("pc01")).has_value());
  REQUIRE(set.add(mention("pc01")).has_value());
  REQUIRE(set.targets().size() == 1);
  CHECK(set.targets()[0].roles.empty());
}

TEST_CASE("TargetSet: two site codes for one machine are refused with both origins")
{
  TargetSet set({"client"});
  REQUIRE(set.add(mention("pc01", {"cap"}, "ABC", "fleet.txt:4")).has_value());
  const auto refused = set.add(mention("pc01", {"cap"}, "XYZ", "fleet.txt:9"));
  REQUIRE_FALSE(refused.has_value());
  CHECK(refused.error().message ==
        "pc01 is named with site code ABC at fleet.txt:4 and XYZ at fleet.txt:9; one machine has one site code");
  CHECK(set.targets().size() == 1);
  CHECK(set.targets()[0].site_code == "ABC");
}

TEST_CASE("TargetSet: one address written three ways is one machine")
{
  TargetSet set({"client"});
  REQUIRE(set.add(mention("127.0.0.2")).has_value());
  REQUIRE(set.add(mention("127.000.000.002", {"cap"}, "ABC")).has_value());
  REQUIRE(set.add(mention("2130706434")).has_value());
  REQUIRE(set.targets().size() == 1);
  CHECK(set.merged() == 2);
  CHECK(set.targets()[0].roles == std::vector<std::string>{"client", "cap"});
}
