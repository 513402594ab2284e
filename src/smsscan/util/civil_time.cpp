#include "smsscan/util/civil_time.hpp"

#include "smsscan/util/text.hpp"

#include <cstdio>

namespace smsscan::util {

namespace {

bool is_leap(int year)
{
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int days_in_month(int year, int month)
{
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap(year) ? 29 : days[month - 1];
}

// Day of the week, 0 = Sunday.
int weekday(const CivilDate& date)
{
  const std::int64_t days = days_from_civil(date);
  return static_cast<int>(((days % 7) + 11) % 7); // 1970-01-01 was a Thursday (4)
}

// Day of the month of the n-th (1-based) Sunday of a month; n = 0 = last.
int nth_sunday(int year, int month, int n)
{
  if (n == 0) {
    const int last = days_in_month(year, month);
    return last - weekday({year, month, last});
  }
  const int first = weekday({year, month, 1});
  return 1 + (7 - first) % 7 + 7 * (n - 1);
}

} // namespace

bool is_valid_date(int year, int month, int day)
{
  return year >= 1601 && year <= 9999 && month >= 1 && month <= 12 && day >= 1 && day <= days_in_month(year, month);
}

std::optional<CivilDate> parse_iso_date(std::string_view text)
{
  text = trim(text);
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
    return std::nullopt;
  }
  const auto year = parse_uint(text.substr(0, 4));
  const auto month = parse_uint(text.substr(5, 2));
  const auto day = parse_uint(text.substr(8, 2));
  if (!year || !month || !day) {
    return std::nullopt;
  }
  CivilDate date{static_cast<int>(*year), static_cast<int>(*month), static_cast<int>(*day)};
  if (!is_valid_date(date.year, date.month, date.day)) {
    return std::nullopt;
  }
  return date;
}

std::string format_iso_date(const CivilDate& date)
{
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%04d-%02d-%02d", date.year, date.month, date.day);
  return buffer;
}

std::optional<int> parse_hh_mm(std::string_view text)
{
  text = trim(text);
  const std::size_t colon = text.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon > 2 || text.size() - colon != 3) {
    return std::nullopt;
  }
  const auto hours = parse_uint(text.substr(0, colon));
  const auto minutes = parse_uint(text.substr(colon + 1));
  if (!hours || !minutes || *hours > 23 || *minutes > 59) {
    return std::nullopt;
  }
  return static_cast<int>(*hours * 60 + *minutes);
}

std::string format_hh_mm(int minutes)
{
  char buffer[16];
  std::snprintf(buffer, sizeof(buffer), "%02d:%02d", minutes / 60, minutes % 60);
  return buffer;
}

// The era-based (400-year cycle) conversion between civil dates and day numbers.
std::int64_t days_from_civil(const CivilDate& date)
{
  const std::int64_t y = date.year - (date.month <= 2 ? 1 : 0);
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t year_of_era = y - era * 400;
  const std::int64_t month_index = date.month > 2 ? date.month - 3 : date.month + 9;
  const std::int64_t day_of_year = (153 * month_index + 2) / 5 + date.day - 1;
  const std::int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

CivilDate civil_from_days(std::int64_t days)
{
  days += 719468;
  const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const std::int64_t day_of_era = days - era * 146097;
  const std::int64_t year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const std::int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const std::int64_t month_index = (5 * day_of_year + 2) / 153;
  const int day = static_cast<int>(day_of_year - (153 * month_index + 2) / 5 + 1);
  const int month = static_cast<int>(month_index < 10 ? month_index + 3 : month_index - 9);
  const int year = static_cast<int>(year_of_era + era * 400 + (month <= 2 ? 1 : 0));
  return {year, month, day};
}

std::int64_t utc_seconds(const CivilDate& date, int minutes)
{
  return days_from_civil(date) * 86400 + static_cast<std::int64_t>(minutes) * 60;
}

std::int64_t pacific_seconds(const CivilDate& date, int minutes)
{
  // US daylight saving time, switching at 02:00 local time: 1967-1986 from
  // the last Sunday of April, 1987-2006 from the first Sunday of April, both
  // to the last Sunday of October; from 2007 the second Sunday of March to
  // the first Sunday of November. (The 1974-75 energy-crisis years and
  // anything before 1967 are taken as standard time rules of 1967.)
  int start_month = 4;
  int start_day = nth_sunday(date.year, 4, date.year < 1987 ? 0 : 1);
  int end_month = 10;
  int end_day = nth_sunday(date.year, 10, 0);
  if (date.year >= 2007) {
    start_month = 3;
    start_day = nth_sunday(date.year, 3, 2);
    end_month = 11;
    end_day = nth_sunday(date.year, 11, 1);
  }
  const int key = date.month * 100 + date.day;
  const int start_key = start_month * 100 + start_day;
  const int end_key = end_month * 100 + end_day;
  bool daylight = key > start_key && key < end_key;
  if (key == start_key) {
    daylight = minutes >= 120;
  } else if (key == end_key) {
    daylight = minutes < 120;
  }
  const int offset_hours = daylight ? 7 : 8;
  return utc_seconds(date, minutes) + offset_hours * 3600;
}

std::string format_iso_utc(std::int64_t unix_seconds)
{
  std::int64_t days = unix_seconds / 86400;
  std::int64_t rest = unix_seconds % 86400;
  if (rest < 0) {
    rest += 86400;
    --days;
  }
  const CivilDate date = civil_from_days(days);
  char buffer[40];
  std::snprintf(buffer, sizeof(buffer), "%04d-%02d-%02dT%02d:%02d:%02dZ", date.year, date.month, date.day,
                static_cast<int>(rest / 3600), static_cast<int>(rest / 60 % 60), static_cast<int>(rest % 60));
  return buffer;
}

} // namespace smsscan::util
