// Address blocks and ranges on the command line and in host lists: one
// target per address, in order, within --max-targets.
#include "smsscan/target/address_range.hpp"
#include "smsscan/target/host_list.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace smsscan::target;

namespace {

std::vector<std::string> expand(const std::string& text, std::size_t max = k_default_max_targets)
{
  auto expanded = expand_address_range(text, max);
  REQUIRE_MESSAGE(expanded.has_value(), text << ": " << expanded.error().message);
  return *expanded;
}

std::string refusal(const std::string& text, std::size_t max = k_default_max_targets)
{
  auto expanded = expand_address_range(text, max);
  REQUIRE_FALSE(expanded.has_value());
  return expanded.error().message;
}

} // namespace

TEST_CASE("address range: what counts as a range")
{
  CHECK(looks_like_address_range("10.0.0.0/28"));
  CHECK(looks_like_address_range("10.0.0.1-20"));
  CHECK(looks_like_address_range(" 10.0.0.1-x "));
  CHECK_FALSE(looks_like_address_range("pc-042"));
  CHECK_FALSE(looks_like_address_range("10.0.0.1"));
  CHECK_FALSE(looks_like_address_range("10.0.0.1:139"));
  CHECK_FALSE(looks_like_address_range("//10.0.0.1/ADMIN$"));
  CHECK_FALSE(looks_like_address_range("/srv/images/pc01"));
}

TEST_CASE("address range: a CIDR block leaves out the network and broadcast addresses")
{
  CHECK(expand("10.0.0.0/30") == std::vector<std::string>{"10.0.0.1", "10.0.0.2"});
  const auto block = expand("192.168.5.0/24");
  REQUIRE(block.size() == 254);
  CHECK(block.front() == "192.168.5.1");
  CHECK(block.back() == "192.168.5.254");
  const auto wide = expand("10.1.0.0/23");
  REQUIRE(wide.size() == 510);
  CHECK(wide[254] == "10.1.0.255"); // inside a /23 these are machines
  CHECK(wide[255] == "10.1.1.0");
  CHECK(expand("10.0.0.4/31") == std::vector<std::string>{"10.0.0.4", "10.0.0.5"});
  CHECK(expand("10.0.0.7/32") == std::vector<std::string>{"10.0.0.7"});
  CHECK(expand("10.0.0.0/16").size() == 65534);
}

TEST_CASE("address range: a last-octet range includes both ends")
{
  CHECK(expand("10.0.0.1-3") == std::vector<std::string>{"10.0.0.1", "10.0.0.2", "10.0.0.3"});
  CHECK(expand("10.0.0.9-9") == std::vector<std::string>{"10.0.0.9"});
  CHECK(expand("10.0.0.250-255").size() == 6);
}

TEST_CASE("address range: malformed and oversized ranges are refused with the reason")
{
  CHECK(refusal("10.0.0.0/33").find("is not a CIDR block") != std::string::npos);
  CHECK(refusal("10.0.0.0/").find("is not a CIDR block") != std::string::npos);
  CHECK(refusal("10.0.0.0/2x").find("is not a CIDR block") != std::string::npos);
  CHECK(refusal("10.0.0.5/24") == "\"10.0.0.5/24\" has host bits set; the block starts at 10.0.0.0/24");
  CHECK(refusal("10.0.0.9-3") == "\"10.0.0.9-3\" ends before it starts");
  CHECK(refusal("10.0.0.1-256").find("is not an address range") != std::string::npos);
  CHECK(refusal("10.0.0.1-10.0.0.5").find("is not an address range") != std::string::npos);
  CHECK(refusal("10.0.0.0/8") == "\"10.0.0.0/8\" has 16777214 addresses, more than --max-targets 65536");
  CHECK(refusal("10.0.0.1-20", 10) == "\"10.0.0.1-20\" has 20 addresses, more than --max-targets 10");
  CHECK(expand("10.0.0.1-20", 20).size() == 20);
}

TEST_CASE("parse_targets: a range gives SMB targets named by their address; anything else one target")
{
  auto range = parse_targets("10.0.0.0/30", k_default_max_targets);
  REQUIRE(range.has_value());
  REQUIRE(range->size() == 2);
  CHECK((*range)[0].kind == Target::Kind::smb);
  CHECK((*range)[0].text == "10.0.0.1");
  CHECK((*range)[0].host == "10.0.0.1");
  CHECK((*range)[0].port == 0);
  CHECK((*range)[0].admin_share == "ADMIN$");

  auto one = parse_targets("PC042:139", k_default_max_targets);
  REQUIRE(one.has_value());
  REQUIRE(one->size() == 1);
  CHECK((*one)[0].host == "PC042");
  CHECK((*one)[0].port == 139);

  CHECK_FALSE(parse_targets("10.0.0.0/8", 1000).has_value());
  CHECK_FALSE(parse_targets("bad host!", 1000).has_value());
}

TEST_CASE("host list: a range line expands in order with the line's roles and site")
{
  const HostList list = parse_host_list("10.0.0.2\n"
                                        "10.0.0.1-3, client;cap, ABC\n"
                                        "10.0.0.0/8\n"
                                        "10.0.1.0/31\n",
                                        "fleet.txt", 1000);
  // Every address of every line; 10.0.0.2, named twice, is folded by TargetSet (test_target_set.cpp).
  REQUIRE(list.targets.size() == 6);
  CHECK(list.targets[0].text == "10.0.0.2");
  CHECK(list.targets[0].roles.empty());
  CHECK(list.targets[1].text == "10.0.0.1");
  CHECK(list.targets[1].roles == std::vector<std::string>{"client", "cap"});
  CHECK(list.targets[1].site_code == "ABC");
  CHECK(list.targets[1].origin == "fleet.txt:2");
  CHECK(list.targets[2].text == "10.0.0.2");
  CHECK(list.targets[2].site_code == "ABC");
  CHECK(list.targets[3].text == "10.0.0.3");
  CHECK(list.targets[3].site_code == "ABC");
  CHECK(list.targets[4].text == "10.0.1.0");
  CHECK(list.targets[5].text == "10.0.1.1");
  REQUIRE(list.errors.size() == 1);
  CHECK(list.errors[0].line == 3);
  CHECK(list.errors[0].message.find("more than --max-targets 1000") != std::string::npos);
}
