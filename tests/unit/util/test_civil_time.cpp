// Tests for src/civil_time.cpp: the civil-date arithmetic, US Pacific time
// with the daylight saving rules of each era, and the text forms.
#include "smsscan/util/civil_time.hpp"

#include <doctest/doctest.h>

#include <cstdint>
#include <string>

using smsscan::util::civil_from_days;
using smsscan::util::CivilDate;
using smsscan::util::days_from_civil;
using smsscan::util::format_hh_mm;
using smsscan::util::format_iso_date;
using smsscan::util::format_iso_utc;
using smsscan::util::is_valid_date;
using smsscan::util::pacific_seconds;
using smsscan::util::parse_hh_mm;
using smsscan::util::parse_iso_date;
using smsscan::util::utc_seconds;

namespace {

bool same_date(const CivilDate& a, const CivilDate& b)
{
  return a.year == b.year && a.month == b.month && a.day == b.day;
}

// The wall-clock offset pacific_seconds applied, in hours (7 = PDT, 8 = PST).
std::int64_t pacific_offset_hours(int year, int month, int day, int hour, int minute)
{
  const CivilDate date{year, month, day};
  const int minutes = hour * 60 + minute;
  return (pacific_seconds(date, minutes) - utc_seconds(date, minutes)) / 3600;
}

std::string pacific_iso(int year, int month, int day, int hour, int minute)
{
  return format_iso_utc(pacific_seconds(CivilDate{year, month, day}, hour * 60 + minute));
}

} // namespace

TEST_CASE("days_from_civil: known days")
{
  CHECK(days_from_civil({1970, 1, 1}) == 0);
  CHECK(days_from_civil({1969, 12, 31}) == -1);
  CHECK(days_from_civil({1999, 6, 8}) == 10750);
  CHECK(days_from_civil({2000, 2, 29}) == 11016);
  CHECK(days_from_civil({2000, 3, 1}) == 11017);
  CHECK(days_from_civil({1601, 1, 1}) == -134774);
  CHECK(days_from_civil({9999, 12, 31}) == 2932896);
}

TEST_CASE("civil_from_days: inverts days_from_civil day by day from 1601 to 9999")
{
  const std::int64_t first = days_from_civil({1601, 1, 1});
  const std::int64_t last = days_from_civil({9999, 12, 31});
  REQUIRE(first == -134774);
  REQUIRE(last == 2932896);
  CivilDate previous = civil_from_days(first - 1);
  REQUIRE(same_date(previous, CivilDate{1600, 12, 31}));
  std::int64_t mismatches = 0;
  std::int64_t not_successor = 0;
  std::int64_t invalid = 0;
  for (std::int64_t day = first; day <= last; ++day) {
    const CivilDate date = civil_from_days(day);
    if (days_from_civil(date) != day) {
      ++mismatches;
    }
    if (!is_valid_date(date.year, date.month, date.day)) {
      ++invalid;
    }
    // The successor of the previous date: the next day, else the 1st of the next month or year.
    const bool next_day = date.year == previous.year && date.month == previous.month && date.day == previous.day + 1;
    const bool next_month = date.year == previous.year && date.month == previous.month + 1 && date.day == 1 &&
                            !is_valid_date(previous.year, previous.month, previous.day + 1);
    const bool next_year =
      date.year == previous.year + 1 && date.month == 1 && date.day == 1 && previous.month == 12 && previous.day == 31;
    if (!next_day && !next_month && !next_year) {
      ++not_successor;
    }
    previous = date;
  }
  CHECK(mismatches == 0);
  CHECK(invalid == 0);
  CHECK(not_successor == 0);
  CHECK(same_date(previous, CivilDate{9999, 12, 31}));
}

TEST_CASE("civil_from_days: far outside the valid years, still the inverse")
{
  for (const std::int64_t day :
       {std::int64_t{-10000000}, std::int64_t{-719469}, std::int64_t{-719468}, std::int64_t{10000000}}) {
    CAPTURE(day);
    CHECK(days_from_civil(civil_from_days(day)) == day);
  }
  CHECK(same_date(civil_from_days(-719468), CivilDate{0, 3, 1}));
}

TEST_CASE("is_valid_date: leap years and limits")
{
  CHECK(is_valid_date(2000, 2, 29));       // divisible by 400
  CHECK_FALSE(is_valid_date(1900, 2, 29)); // divisible by 100 only
  CHECK(is_valid_date(1996, 2, 29));
  CHECK_FALSE(is_valid_date(1999, 2, 29));
  CHECK_FALSE(is_valid_date(2100, 2, 29));
  CHECK(is_valid_date(2400, 2, 29));
  CHECK(days_from_civil({2000, 3, 1}) - days_from_civil({2000, 2, 28}) == 2);
  CHECK(days_from_civil({1900, 3, 1}) - days_from_civil({1900, 2, 28}) == 1);

  CHECK(is_valid_date(1999, 6, 30));
  CHECK_FALSE(is_valid_date(1999, 6, 31));
  CHECK_FALSE(is_valid_date(1999, 13, 1));
  CHECK_FALSE(is_valid_date(1999, 0, 1));
  CHECK_FALSE(is_valid_date(1999, 1, 0));
  CHECK(is_valid_date(1601, 1, 1));
  CHECK_FALSE(is_valid_date(1600, 12, 31));
  CHECK(is_valid_date(9999, 12, 31));
  CHECK_FALSE(is_valid_date(10000, 1, 1));
}

TEST_CASE("pacific_seconds: the article's times in Redmond")
{
  // 06/08/99 06:12pm PDT, as Q231399 lists Compver.ini.
  CHECK(pacific_iso(1999, 6, 8, 18, 12) == "1999-06-09T01:12:00Z");
  CHECK(pacific_seconds({1999, 6, 8}, 18 * 60 + 12) == 928890720);
  // January is standard time: UTC = local + 8 h.
  CHECK(pacific_iso(1999, 1, 15, 10, 0) == "1999-01-15T18:00:00Z");
  CHECK(pacific_iso(1999, 12, 31, 23, 30) == "2000-01-01T07:30:00Z");
}

TEST_CASE("pacific_seconds: 1999 switches on Sunday April 4 and Sunday October 31 at 02:00")
{
  CHECK(pacific_offset_hours(1999, 4, 3, 12, 0) == 8);
  CHECK(pacific_offset_hours(1999, 4, 4, 1, 59) == 8);
  CHECK(pacific_offset_hours(1999, 4, 4, 3, 0) == 7);
  CHECK(pacific_iso(1999, 4, 4, 1, 59) == "1999-04-04T09:59:00Z");
  CHECK(pacific_iso(1999, 4, 4, 3, 0) == "1999-04-04T10:00:00Z");
  CHECK(pacific_offset_hours(1999, 4, 5, 0, 0) == 7);

  CHECK(pacific_offset_hours(1999, 10, 30, 23, 59) == 7);
  CHECK(pacific_offset_hours(1999, 10, 31, 0, 30) == 7);
  CHECK(pacific_offset_hours(1999, 10, 31, 1, 59) == 7); // the repeated hour, read as daylight time
  CHECK(pacific_offset_hours(1999, 10, 31, 2, 0) == 8);
  CHECK(pacific_iso(1999, 10, 31, 2, 0) == "1999-10-31T10:00:00Z");
  CHECK(pacific_offset_hours(1999, 11, 1, 12, 0) == 8);
}

TEST_CASE("pacific_seconds: 2006 keeps the old rules, 2007 on the second Sunday of March to the first of November")
{
  // 2006: first Sunday of April (April 2) to last Sunday of October (October 29).
  CHECK(pacific_offset_hours(2006, 3, 20, 12, 0) == 8);
  CHECK(pacific_offset_hours(2006, 4, 2, 1, 0) == 8);
  CHECK(pacific_offset_hours(2006, 4, 2, 3, 0) == 7);
  CHECK(pacific_offset_hours(2006, 10, 29, 1, 0) == 7);
  CHECK(pacific_offset_hours(2006, 10, 29, 2, 0) == 8);
  CHECK(pacific_offset_hours(2006, 10, 31, 12, 0) == 8);

  // 2007: March 11 to November 4.
  CHECK(pacific_offset_hours(2007, 3, 10, 12, 0) == 8);
  CHECK(pacific_offset_hours(2007, 3, 11, 1, 59) == 8);
  CHECK(pacific_offset_hours(2007, 3, 11, 3, 0) == 7);
  CHECK(pacific_offset_hours(2007, 3, 20, 12, 0) == 7);  // standard time under the old rules
  CHECK(pacific_offset_hours(2007, 10, 31, 12, 0) == 7); // standard time under the old rules
  CHECK(pacific_offset_hours(2007, 11, 4, 1, 0) == 7);
  CHECK(pacific_offset_hours(2007, 11, 4, 2, 0) == 8);
  CHECK(pacific_offset_hours(2007, 11, 5, 0, 0) == 8);
  CHECK(pacific_iso(2007, 11, 4, 2, 0) == "2007-11-04T10:00:00Z");

  // 2024: March 10 to November 3.
  CHECK(pacific_offset_hours(2024, 3, 9, 12, 0) == 8);
  CHECK(pacific_offset_hours(2024, 3, 10, 3, 0) == 7);
  CHECK(pacific_offset_hours(2024, 11, 3, 2, 0) == 8);
}

TEST_CASE("pacific_seconds: 1986 used the last Sunday of April")
{
  // The header promises "the US daylight saving rules in force at that date".
  // From 1967 to 1986 daylight time began on the last Sunday of April
  // (April 27 in 1986); April 10, 1986 was still standard time.
  CHECK(pacific_offset_hours(1986, 4, 10, 12, 0) == 8);
  CHECK(pacific_offset_hours(1986, 4, 27, 3, 0) == 7);
  CHECK(pacific_offset_hours(1986, 10, 26, 1, 0) == 7);
  CHECK(pacific_offset_hours(1986, 10, 26, 2, 0) == 8);
}

TEST_CASE("utc_seconds: a wall-clock time read as UTC")
{
  CHECK(utc_seconds({1970, 1, 1}, 0) == 0);
  CHECK(utc_seconds({1999, 6, 8}, 18 * 60 + 12) == 10750LL * 86400 + (18 * 60 + 12) * 60);
  CHECK(format_iso_utc(utc_seconds({2000, 2, 29}, 23 * 60 + 59)) == "2000-02-29T23:59:00Z");
}

TEST_CASE("format_iso_utc: whole seconds, before and after 1970 and 2038")
{
  CHECK(format_iso_utc(0) == "1970-01-01T00:00:00Z");
  CHECK(format_iso_utc(-1) == "1969-12-31T23:59:59Z");
  CHECK(format_iso_utc(-86400) == "1969-12-31T00:00:00Z");
  CHECK(format_iso_utc(-86401) == "1969-12-30T23:59:59Z");
  CHECK(format_iso_utc(951782400) == "2000-02-29T00:00:00Z");
  CHECK(format_iso_utc(2147483647) == "2038-01-19T03:14:07Z");
  CHECK(format_iso_utc(2147483648LL) == "2038-01-19T03:14:08Z");
  CHECK(format_iso_utc(4102444800LL) == "2100-01-01T00:00:00Z");
}

TEST_CASE("parse_hh_mm: 24-hour HH:MM only")
{
  CHECK(parse_hh_mm("00:00") == 0);
  CHECK(parse_hh_mm("18:12") == 18 * 60 + 12);
  CHECK(parse_hh_mm("23:59") == 23 * 60 + 59);
  CHECK(parse_hh_mm("6:05") == 6 * 60 + 5);
  CHECK(parse_hh_mm(" 18:12 ") == 18 * 60 + 12);
  for (const std::string bad : {"", "24:00", "25:00", "12:60", "6pm", "06:12pm", ":30", "12:", "123:00", "12:5",
                                "12:345", "-1:00", "+1:00", "12:+5", "12.30", "1 2:30", "12:30:00", "ab:cd"}) {
    CAPTURE(bad);
    CHECK_FALSE(parse_hh_mm(bad).has_value());
  }
}

TEST_CASE("format_hh_mm: two digits each")
{
  CHECK(format_hh_mm(0) == "00:00");
  CHECK(format_hh_mm(6 * 60 + 5) == "06:05");
  CHECK(format_hh_mm(23 * 60 + 59) == "23:59");
}

TEST_CASE("parse_iso_date: YYYY-MM-DD of a real date")
{
  const auto date = parse_iso_date("1999-06-08");
  REQUIRE(date.has_value());
  CHECK(date->year == 1999);
  CHECK(date->month == 6);
  CHECK(date->day == 8);
  CHECK(parse_iso_date(" 2000-02-29\t").has_value());
  CHECK(parse_iso_date("1601-01-01").has_value());
  CHECK(parse_iso_date("9999-12-31").has_value());
  for (const std::string bad : {"", "1999-02-29", "1900-02-29", "1999-13-01", "1999-00-01", "1999-06-31", "1999-06-00",
                                "06/08/99", "1999/06/08", "1999-6-8", "99-06-08", "1999-06-08T00:00", "+999-06-08",
                                "1999-0a-08", "1600-12-31", "10000-01-01", "1999-06--8"}) {
    CAPTURE(bad);
    CHECK_FALSE(parse_iso_date(bad).has_value());
  }
}

TEST_CASE("format_iso_date: zero-padded")
{
  CHECK(format_iso_date({1999, 6, 8}) == "1999-06-08");
  CHECK(format_iso_date({1601, 1, 1}) == "1601-01-01");
}
