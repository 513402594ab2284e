// Tests for util/utf8.cpp: the one UTF-8 validator and what is built on it.
#include "smsscan/util/utf8.hpp"

#include <doctest/doctest.h>

#include <string>

using smsscan::util::is_control_sequence;
using smsscan::util::printable;
using smsscan::util::sanitise_utf8;
using smsscan::util::utf8_sequence_length;

TEST_CASE("utf8_sequence_length: well-formed sequences and everything that is not")
{
  CHECK(utf8_sequence_length("a", 0) == 1);
  CHECK(utf8_sequence_length("\xc3\xa9", 0) == 2);
  CHECK(utf8_sequence_length("\xe2\x82\xac", 0) == 3);
  CHECK(utf8_sequence_length("\xf0\x9f\x98\x80", 0) == 4);
  CHECK(utf8_sequence_length("\xc0\xaf", 0) == 0);         // overlong '/'
  CHECK(utf8_sequence_length("\xe0\x80\xaf", 0) == 0);     // overlong, 3 bytes
  CHECK(utf8_sequence_length("\xed\xa0\x80", 0) == 0);     // surrogate
  CHECK(utf8_sequence_length("\xf4\x90\x80\x80", 0) == 0); // above U+10FFFF
  CHECK(utf8_sequence_length("\xe2\x82", 0) == 0);         // truncated
  CHECK(utf8_sequence_length("\x80", 0) == 0);             // continuation byte alone
  CHECK(utf8_sequence_length("\xff", 0) == 0);
  CHECK(utf8_sequence_length("a\xc3\xa9", 1) == 2);
}

TEST_CASE("is_control_sequence: C0, DEL and C1")
{
  CHECK(is_control_sequence("\t", 0, 1));
  CHECK(is_control_sequence("\x7f", 0, 1));
  CHECK(is_control_sequence("\xc2\x85", 0, 2));
  CHECK_FALSE(is_control_sequence("\xc2\xa0", 0, 2));
  CHECK_FALSE(is_control_sequence("a", 0, 1));
}

TEST_CASE("sanitise_utf8 and printable")
{
  CHECK(sanitise_utf8("a\tb\xff", '?', ' ') == "a b?");
  CHECK(printable(std::string("a\0b", 3)) == "a?b");
  CHECK(printable("\x1b[2Jclear") == "?[2Jclear");
  CHECK(printable("caf\xc3\xa9 \xe2\x82\xac") == "caf\xc3\xa9 \xe2\x82\xac");
  CHECK(printable("\xed\xa0\x80") == "???");
}
