// Tests for src/smsscan/kb/cell_text.cpp: character classes and small word tests.
#include "smsscan/kb/cell_text.hpp"

#include "kb_support.hpp"

#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

using namespace smsscan::kb;
using namespace smsscan::kb::test;
using smsscan::manifest::Manifest;
using smsscan::manifest::ManifestFile;
using smsscan::manifest::ManifestTimes;
using smsscan::manifest::Platform;
using smsscan::util::Error;
using smsscan::util::format_iso_date;

TEST_CASE("character classes")
{
  CHECK(is_digit('0'));
  CHECK_FALSE(is_digit('a'));
  CHECK(is_alpha('Z'));
  CHECK_FALSE(is_alpha('1'));
  CHECK(is_alnum('q'));
  CHECK_FALSE(is_alnum('-'));
  CHECK(is_upper('Q'));
  CHECK(lower('Q') == 'q');
  CHECK(lower('1') == '1');
  CHECK(all_digits("0123"));
  CHECK_FALSE(all_digits(""));
  CHECK_FALSE(all_digits("12a"));
  CHECK(has_alpha("12a"));
  CHECK_FALSE(has_alpha("12.3"));
}

TEST_CASE("small_number, empty markers, parenthesised groups, inner notes")
{
  CHECK(small_number("0099") == 99);
  CHECK(small_number("") == -1);
  CHECK(small_number("1x") == -1);
  CHECK(small_number("1234567890") == -1);
  for (const char* marker : {"-", "--", "---", "n/a", "N/A", "na", "none", "(none)"}) {
    CHECK(is_empty_marker(marker));
  }
  CHECK_FALSE(is_empty_marker("0"));
  const std::vector<std::string_view> words = {"A.dll", "(pre", "SP1)"};
  CHECK(is_parenthesised(words, 1));
  CHECK_FALSE(is_parenthesised(words, 0));
  CHECK_FALSE(is_parenthesised(words, 3));
  CHECK(is_parenthesised({"[x]"}, 0));
  CHECK(strip_trailing_comma("8,") == "8");
  CHECK(strip_trailing_comma("8") == "8");
  CHECK(inner_note(" (32-bit) ") == "32-bit");
  CHECK(inner_note("[ x ]") == "x");
}
