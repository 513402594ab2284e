// Tests for manifest/platform.cpp: the four NT 4.0 platforms by name.
#include "smsscan/manifest/platform.hpp"

#include <doctest/doctest.h>

#include <string>

using smsscan::manifest::parse_platform;
using smsscan::manifest::Platform;
using smsscan::manifest::platform_list_text;
using smsscan::manifest::platform_name;

TEST_CASE("platform_name and parse_platform round-trip for every platform")
{
  for (const Platform platform : {Platform::intel, Platform::alpha, Platform::mips, Platform::powerpc}) {
    const std::string name(platform_name(platform));
    CAPTURE(name);
    CHECK(parse_platform(name) == platform);
  }
  CHECK(platform_name(Platform::any).empty());
}

TEST_CASE("parse_platform: the spellings of the era, any case; nothing else")
{
  CHECK(parse_platform("x86") == Platform::intel);
  CHECK(parse_platform("I386") == Platform::intel);
  CHECK(parse_platform(" intel ") == Platform::intel);
  CHECK(parse_platform("AXP") == Platform::alpha);
  CHECK(parse_platform("mips") == Platform::mips);
  CHECK(parse_platform("R4000") == Platform::mips);
  CHECK(parse_platform("PPC") == Platform::powerpc);
  CHECK(parse_platform("PowerPC") == Platform::powerpc);
  CHECK_FALSE(parse_platform("").has_value());
  CHECK_FALSE(parse_platform("IA64").has_value());
  CHECK_FALSE(parse_platform("x64").has_value());
  CHECK(std::string(platform_list_text()) == "Intel, Alpha, MIPS or PowerPC");
}
