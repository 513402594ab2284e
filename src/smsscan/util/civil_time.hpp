// Calendar dates and times without time zones, and the conversions the
// verdict needs. Seconds are Unix time (UTC) throughout.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace smsscan::util {

struct CivilDate
{
  int year = 1970;
  int month = 1; // 1..12
  int day = 1;   // 1..31
};

bool is_valid_date(int year, int month, int day);

// "YYYY-MM-DD"; nullopt for anything else or for a date that does not exist.
std::optional<CivilDate> parse_iso_date(std::string_view text);
std::string format_iso_date(const CivilDate& date);

// "HH:MM", 24 hour; returns minutes after midnight.
std::optional<int> parse_hh_mm(std::string_view text);
std::string format_hh_mm(int minutes);

// Days since 1970-01-01 for a civil date (proleptic Gregorian).
std::int64_t days_from_civil(const CivilDate& date);
CivilDate civil_from_days(std::int64_t days);

// Unix time of a wall-clock date and time read as UTC.
std::int64_t utc_seconds(const CivilDate& date, int minutes);

// Unix time of a wall-clock date and time in US Pacific time (Redmond, where
// the KB articles of the era list local times), with the US daylight saving
// rules in force at that date.
std::int64_t pacific_seconds(const CivilDate& date, int minutes);

// "2026-11-25T12:15:10Z"
std::string format_iso_utc(std::int64_t unix_seconds);

} // namespace smsscan::util
