// Tests for src/smsscan/kb/time_cell.cpp: 12-hour and 24-hour times, seconds, impossible times.
#include "smsscan/kb/time_cell.hpp"

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

TEST_CASE("parse_kb_time: 12-hour with a, p, am, pm and 24-hour")
{
  CHECK(parse_kb_time("06:12pm") == 18 * 60 + 12);
  CHECK(parse_kb_time("09:18p") == 21 * 60 + 18);
  CHECK(parse_kb_time("12:21a") == 21);
  CHECK(parse_kb_time("12:05p") == 12 * 60 + 5);
  CHECK(parse_kb_time("1:10am") == 70);
  CHECK(parse_kb_time("6:12 PM") == 18 * 60 + 12);
  CHECK(parse_kb_time("6:12 p.m.") == 18 * 60 + 12);
  CHECK(parse_kb_time("18:12") == 18 * 60 + 12);
  CHECK(parse_kb_time("00:00") == 0);
  CHECK(parse_kb_time("18:12:59") == 18 * 60 + 12);
  CHECK_FALSE(parse_kb_time("24:00").has_value());
  CHECK_FALSE(parse_kb_time("13:00pm").has_value());
  CHECK_FALSE(parse_kb_time("0:10am").has_value());
  CHECK_FALSE(parse_kb_time("06:60").has_value());
  CHECK_FALSE(parse_kb_time("0612").has_value());
}

TEST_CASE("read_time: a meridiem word after the time; bad and foreign shapes")
{
  CHECK(is_meridiem("PM"));
  CHECK(is_meridiem("a.m."));
  CHECK(is_meridiem("p"));
  CHECK_FALSE(is_meridiem("pmx"));
  CHECK(read_time({"6:12", "PM"}).minutes == 18 * 60 + 12);
  CHECK(read_time({"6:12", "x"}).fit == Fit::no);
  CHECK(read_time({"25:00"}).fit == Fit::bad);
  CHECK(read_time({"6:12:61"}).fit == Fit::bad);
  CHECK(read_time({"6:1"}).fit == Fit::no);
  CHECK(read_time({"6:12xm"}).fit == Fit::no);
  CHECK(read_time({}).fit == Fit::no);
}

TEST_CASE("read_time: 12:00 midnight and noon, a dot before a meridiem")
{
  CHECK(read_time({"12:00", "midnight"}).minutes == 0);
  CHECK(read_time({"12:00", "noon"}).minutes == 12 * 60);
  CHECK(read_time({"12:00", "midnight"}).fit == Fit::ok);
  CHECK(read_time({"11.31am"}).minutes == 11 * 60 + 31);
  CHECK(read_time({"22.36"}).fit == Fit::no); // without a meridiem, maybe a version
  CHECK(read_time({"5:05:59pm"}).minutes == 17 * 60 + 5);
  CHECK(read_time({"12:41:42", "PM"}).minutes == 12 * 60 + 41);
}
