// Tests for src/smsscan/kb/article_text.cpp: line splitting and normalisation, rules, boxed lines, tokens, quoting and
// cleaning.
#include "smsscan/kb/article_text.hpp"

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

TEST_CASE("layout: no-break spaces (UTF-8 and Latin-1) count as spaces")
{
  const Manifest m = import_ok(article("   Date      Time    Size     File name\n"
                                       "   ------------------------------------\n"
                                       "   06/08/99\xC2\xA0 06:12p\xA0 67       A.dll\n"));
  REQUIRE(m.files.size() == 1);
  CHECK(row(m.files[0]) == "A.dll|67|1999-06-08|18:12||");
}

TEST_CASE("layout: CRLF line endings, tabs, trailing spaces, UTF-8 BOM")
{
  const Manifest m = import_ok("\xEF\xBB\xBF"
                               "DOCUMENT:Q900002\r\nTITLE   :Tabs\r\nPRODUCT :Foo\r\n\r\n"
                               "\tDate\t\tTime\tSize\tFile name\tPlatform\r\n"
                               "\t---------------------------------------------\r\n"
                               "\t06/08/99\t06:12pm\t67\tA.dll\t\tIntel   \r\n"
                               "\t06/08/99\t06:12pm\t1,067\tB.dll\t\t\r\n"
                               "\r\n");
  REQUIRE(m.files.size() == 2);
  CHECK(m.kb == "Q900002");
  CHECK(row(m.files[0]) == "A.dll|67|1999-06-08|18:12|Intel|");
  CHECK(row(m.files[1]) == "B.dll|1067|1999-06-08|18:12||");
  CHECK(m.files[0].line == 7);
}

TEST_CASE("split_lines: LF, CRLF and CR; tab stops; controls and no-break spaces as spaces; BOM dropped")
{
  const std::vector<Line> lines = split_lines("\xEF\xBB\xBF"
                                              "a\tb\r\nc\rd\n\x01x\xC2\xA0y  \n\xC3\xA9\xA0z");
  REQUIRE(lines.size() == 5);
  CHECK(lines[0].text == "a       b");
  CHECK(lines[0].number == 1);
  CHECK(lines[1].text == "c");
  CHECK(lines[2].text == "d");
  CHECK(lines[3].text == " x y");
  CHECK(lines[3].number == 4);
  // A Latin-1 no-break space is blanked, but not a byte inside a UTF-8 character.
  CHECK(lines[4].text == "\xC3\xA9\xA0z");
  CHECK(split_lines("").empty());
  CHECK(split_lines("a\n").size() == 1);
  CHECK(split_lines("a\n\n").size() == 2);
}

TEST_CASE("rules and boxed lines")
{
  CHECK(is_blank("   "));
  CHECK_FALSE(is_blank(" x "));
  CHECK(is_plain_rule("   -----"));
  CHECK(is_plain_rule("=====  ====="));
  CHECK(is_plain_rule("___"));
  CHECK_FALSE(is_plain_rule("--"));
  CHECK_FALSE(is_plain_rule("--- x"));
  CHECK(is_box_rule("+-----+-----+"));
  CHECK(is_box_rule("|=====|=====|"));
  CHECK(is_box_rule("------+------"));
  CHECK_FALSE(is_box_rule("-------"));
  CHECK(is_rule("-------"));
  CHECK(is_rule("+---+"));
  CHECK(is_box_line("| a | b |"));
  CHECK(is_box_line("a | b"));
  CHECK_FALSE(is_box_line("+---+---+"));
  CHECK_FALSE(is_box_line("a b"));
}

TEST_CASE("tokenize: columns, boxed cells, the limit")
{
  const std::vector<Token> plain = tokenize("  06/08/99  A.dll", false);
  REQUIRE(plain.size() == 2);
  CHECK(plain[0].text == "06/08/99");
  CHECK(plain[0].start == 2);
  CHECK(plain[0].end == 10);
  CHECK(plain[1].start == 12);

  const std::vector<Token> boxed = tokenize("| 06/08/99 | Mstsc Client.exe |", true);
  REQUIRE(boxed.size() == 3);
  CHECK(boxed[0].cell == 0);
  CHECK(boxed[1].cell == 1);
  CHECK(boxed[2].cell == 1);
  const std::vector<Token> bars_only = tokenize("06/08/99 | A.dll", true);
  REQUIRE(bars_only.size() == 2);
  CHECK(bars_only[0].cell == 0);
  CHECK(bars_only[1].cell == 1);
  // Unboxed, a bar is part of a word.
  CHECK(tokenize("a|b", false).size() == 1);

  CHECK(tokenize("a b c d e", false, 3).size() == 3);
  CHECK(words_of(" x  y ") == std::vector<std::string_view>{"x", "y"});
}

TEST_CASE("quote, clean_text, collapse_spaces")
{
  CHECK(quote("a\x01"
              "b") == "'a?b'");
  CHECK(quote(std::string(200, 'x')) == "'" + std::string(160, 'x') + "...'");
  CHECK(clean_text("caf\xC3\xA9") == "caf\xC3\xA9");
  CHECK(clean_text("a\xFF"
                   "b\x01"
                   "c") == "a?b c");
  CHECK(clean_text("\xED\xA0\x80") == "???"); // a surrogate is not UTF-8
  CHECK(collapse_spaces("  a   b\n c ") == "a b c");
}
