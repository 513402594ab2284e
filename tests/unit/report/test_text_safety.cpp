// Tests for report/text_safety.cpp: csv_field, csv_line, html_text and json_string.
#include "smsscan/report/text_safety.hpp"

#include "smsscan/util/utf8.hpp"

#include <doctest/doctest.h>

#include <string>

using smsscan::report::csv_field;
using smsscan::report::html_text;
using smsscan::report::json_string;

TEST_CASE("csv_field: plain text, commas, quotes and line breaks")
{
  CHECK(csv_field("") == "");
  CHECK(csv_field("plain text") == "plain text");
  CHECK(csv_field("a,b") == "\"a,b\"");
  CHECK(csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK(csv_field("\"") == "\"\"\"\"");
  // Line breaks are control characters: replaced, so a row stays one line.
  CHECK(csv_field("line1\nline2") == "line1?line2");
  CHECK(csv_field("line1\r\nline2") == "line1??line2");
  CHECK(csv_field("caf\xc3\xa9, \xe2\x82\xac") == "\"caf\xc3\xa9, \xe2\x82\xac\"");
}

TEST_CASE("csv_field: neutralises what a spreadsheet would run as a formula")
{
  CHECK(csv_field("=1+2") == "'=1+2");
  CHECK(csv_field("+1") == "'+1");
  CHECK(csv_field("-1") == "'-1");
  CHECK(csv_field("@SUM(A1:A2)") == "'@SUM(A1:A2)");
  CHECK(csv_field("=HYPERLINK(\"http://x\",\"y\")") == "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
  // A leading tab or CR is a control character: it becomes '?', which no spreadsheet runs.
  CHECK(csv_field("\t=1+2") == "?=1+2");
  CHECK(csv_field("\r=1+2") == "?=1+2");
  // Only the first character matters.
  CHECK(csv_field("a=1") == "a=1");
  CHECK(csv_field("1-2") == "1-2");
}

TEST_CASE("csv_field: control characters and invalid UTF-8 become '?'")
{
  CHECK(csv_field(std::string("a\x01"
                              "b\x7f"
                              "c",
                              5)) == "a?b?c");
  CHECK(csv_field(std::string("a\0b", 3)) == "a?b");
  CHECK(csv_field("\x1b[31mred") == "?[31mred");
  CHECK(csv_field("x\xc2\x85y") == "x?y");    // C1 NEL
  CHECK(csv_field("\xc2\xa0") == "\xc2\xa0"); // U+00A0 is printable
  CHECK(csv_field("\xff\xfe") == "??");
  CHECK(csv_field("\xc0\xaf") == "??");           // overlong '/'
  CHECK(csv_field("\xed\xa0\x80") == "???");      // a UTF-16 surrogate
  CHECK(csv_field("ab\xe2\x82") == "ab??");       // truncated sequence
  CHECK(csv_field("\xf4\x90\x80\x80") == "????"); // above U+10FFFF
  CHECK(csv_field("\xf0\x9f\x98\x80") == "\xf0\x9f\x98\x80");
  CHECK(smsscan::util::printable("ok\ttab") == "ok?tab");
}

TEST_CASE("json_string: escapes quotes, backslashes and control characters")
{
  CHECK(json_string("") == "\"\"");
  CHECK(json_string("plain") == "\"plain\"");
  CHECK(json_string("a\"b") == "\"a\\\"b\"");
  CHECK(json_string("C:\\WINNT") == "\"C:\\\\WINNT\"");
  CHECK(json_string("a\nb\tc\r") == "\"a\\u000ab\\u0009c\\u000d\"");
  CHECK(json_string(std::string("\0\x1f\x7f", 3)) == "\"\\u0000\\u001f\\u007f\"");
  CHECK(json_string("caf\xc3\xa9") == "\"caf\xc3\xa9\"");
  CHECK(json_string("a\xff"
                    "b") == "\"a\\ufffdb\"");
  CHECK(json_string("\xed\xa0\x80") == "\"\\ufffd\\ufffd\\ufffd\"");
}

TEST_CASE("csv_line: fields through csv_field, joined with commas")
{
  CHECK(smsscan::report::csv_line({}) == "");
  CHECK(smsscan::report::csv_line({"a", "b,c", "=1"}) == "a,\"b,c\",'=1");
  CHECK(smsscan::report::csv_line({"", ""}) == ",");
}

TEST_CASE("html_text: the five characters that matter in content and quoted attributes, and no control characters")
{
  CHECK(html_text("") == "");
  CHECK(html_text("pc042") == "pc042");
  CHECK(html_text("<script>alert('x')</script>") == "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
  CHECK(html_text("a\" onmouseover=\"b") == "a&quot; onmouseover=&quot;b");
  CHECK(html_text("&amp;") == "&amp;amp;");
  CHECK(html_text("caf\xc3\xa9") == "caf\xc3\xa9");
  CHECK(html_text("a\x01"
                  "b\x1b[0m\xff") == "a?b?[0m?");
}
