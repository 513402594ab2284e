// Tests for manifest/platform.cpp: the platform names of KB tables.
#include "smsscan/manifest/platform.hpp"

#include <doctest/doctest.h>

using smsscan::manifest::parse_platform;
using smsscan::manifest::Platform;
using smsscan::manifest::platform_name;

TEST_CASE("parse_platform and platform_name")
{
  CHECK(parse_platform("Intel") == Platform::intel);
  CHECK(parse_platform(" i386 ") == Platform::intel);
  CHECK(parse_platform("X86") == Platform::intel);
  CHECK(parse_platform("ALPHA") == Platform::alpha);
  CHECK(parse_platform("axp") == Platform::alpha);
  CHECK_FALSE(parse_platform("").has_value());
  CHECK_FALSE(parse_platform("IA-64").has_value());
  CHECK(platform_name(Platform::intel) == "Intel");
  CHECK(platform_name(Platform::alpha) == "Alpha");
  CHECK(platform_name(Platform::any).empty());
}
