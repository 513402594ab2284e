// Tests for util/text.cpp: the ASCII string helpers every parser shares.
#include "smsscan/util/text.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace smsscan::util;

TEST_CASE("to_lower, to_upper and iequals: ASCII only, other bytes untouched")
{
  CHECK(to_lower("CliCore.EXE") == "clicore.exe");
  CHECK(to_upper("sms_abc") == "SMS_ABC");
  CHECK(to_upper("caf\xc3\xa9") == "CAF\xc3\xa9");
  CHECK(iequals("ADMIN$", "admin$"));
  CHECK_FALSE(iequals("ADMIN$", "admin"));
  CHECK_FALSE(iequals("\xc3\xa9", "\xc3\x89")); // no Unicode case folding
  CHECK(iequals("", ""));
}

TEST_CASE("trim and split")
{
  CHECK(trim(" \t a b \r\n") == "a b");
  CHECK(trim("   ").empty());
  CHECK(split("a,,b", ',') == std::vector<std::string_view>{"a", "", "b"});
  CHECK(split("", ',') == std::vector<std::string_view>{""});
  CHECK(split("a,", ',') == std::vector<std::string_view>{"a", ""});
}

TEST_CASE("starts_with, ends_with and join")
{
  CHECK(starts_with("smb://pc01", "smb://"));
  CHECK_FALSE(starts_with("sm", "smb"));
  CHECK(ends_with("CliCore.exe", ".exe"));
  CHECK_FALSE(ends_with("exe", ".exe"));
  CHECK(join({"a", "b", "c"}, "; ") == "a; b; c");
  CHECK(join({}, ", ").empty());
  CHECK(join({"", "x"}, ",") == ",x");
}

TEST_CASE("parse_uint: whole strings of digits, no overflow")
{
  CHECK(parse_uint("0") == 0u);
  CHECK(parse_uint("18446744073709551615") == 18446744073709551615ull);
  CHECK_FALSE(parse_uint("18446744073709551616").has_value());
  CHECK_FALSE(parse_uint("").has_value());
  CHECK_FALSE(parse_uint("-1").has_value());
  CHECK_FALSE(parse_uint(" 1").has_value());
  CHECK_FALSE(parse_uint("1e3").has_value());
}
