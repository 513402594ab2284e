#include "smsscan/kb/date_cell.hpp"

#include "smsscan/kb/article_text.hpp"
#include "smsscan/util/text.hpp"

#include <array>
#include <cstddef>
#include <string>

namespace smsscan::kb {

using util::CivilDate;
using util::split;
using util::to_lower;

int month_from_name(std::string_view word)
{
  std::string lowered = to_lower(word);
  while (!lowered.empty() && (lowered.back() == '.' || lowered.back() == ',')) {
    lowered.pop_back();
  }
  static const std::array<const char*, 12> k_short = {"jan", "feb", "mar", "apr", "may", "jun",
                                                      "jul", "aug", "sep", "oct", "nov", "dec"};
  static const std::array<const char*, 12> k_long = {"january",   "february", "march",    "april",
                                                     "may",       "june",     "july",     "august",
                                                     "september", "october",  "november", "december"};
  for (std::size_t m = 0; m < 12; ++m) {
    if (lowered == k_short[m] || lowered == k_long[m]) {
      return static_cast<int>(m) + 1;
    }
  }
  if (lowered == "sept") {
    return 9;
  }
  return 0;
}

namespace {

// The years the articles' tables can mean; a calendar date outside them is a misreading.
constexpr int k_first_year = 1900;
constexpr int k_last_year = 2099;

// 2-digit years: 50-99 are 19xx, 00-49 are 20xx; 4-digit years as written.
int full_year(std::string_view digits)
{
  const int value = small_number(digits);
  if (digits.size() == 2) {
    return value >= 50 ? 1900 + value : 2000 + value;
  }
  return value;
}

bool year_shape(std::string_view text)
{
  return all_digits(text) && (text.size() == 2 || text.size() == 4);
}
bool day_shape(std::string_view text)
{
  return all_digits(text) && text.size() <= 2;
}

DateFit check_date(int year, int month, int day)
{
  DateFit result;
  if (year < k_first_year || year > k_last_year || !util::is_valid_date(year, month, day)) {
    result.fit = Fit::bad;
    return result;
  }
  result.fit = Fit::ok;
  result.date.year = year;
  result.date.month = month;
  result.date.day = day;
  return result;
}

// Three tokens: "June 8, 1999", "Jun 8 1999", "8 June 1999", "8 Jun, 1999".
DateFit read_date_words(std::string_view a, std::string_view b, std::string_view c)
{
  DateFit none;
  const std::string_view year = c;
  if (!year_shape(year)) {
    return none;
  }
  const std::string_view b_bare = strip_trailing_comma(b);
  if (month_from_name(a) != 0 && a.back() != ',' && day_shape(b_bare)) {
    return check_date(full_year(year), month_from_name(a), small_number(b_bare));
  }
  if (day_shape(a) && month_from_name(b) != 0) {
    return check_date(full_year(year), month_from_name(b), small_number(a));
  }
  return none;
}

} // namespace

DateFit read_date_token(std::string_view text, DateOrder order)
{
  DateFit none;
  if (text.size() > 24) {
    return none;
  }
  char separator = 0;
  for (const char c : text) {
    if (c == '/' || c == '-' || c == '.') {
      if (separator != 0 && c != separator) {
        return none;
      }
      separator = c;
    } else if (!is_alnum(c)) {
      return none;
    }
  }
  if (separator == 0) {
    return none;
  }
  const auto parts = split(text, separator);
  if (parts.size() != 3) {
    return none;
  }
  if (all_digits(parts[0]) && all_digits(parts[1]) && all_digits(parts[2])) {
    if (parts[0].size() == 4 && day_shape(parts[1]) && day_shape(parts[2]) && separator != '.') {
      return check_date(small_number(parts[0]), small_number(parts[1]), small_number(parts[2]));
    }
    if (parts[0].size() == 2 && small_number(parts[0]) > 31 && day_shape(parts[1]) && day_shape(parts[2]) &&
        separator != '.') {
      // "98/10/28": a first part above 31 is no day or month, so the year.
      return check_date(full_year(parts[0]), small_number(parts[1]), small_number(parts[2]));
    }
    if (!day_shape(parts[0]) || !day_shape(parts[1]) || !year_shape(parts[2])) {
      return none;
    }
    const int year = full_year(parts[2]);
    if (separator == '.') {
      // Day first, as German articles write it; only when it is a real date,
      // since "4.10.99" might as well be a version.
      const DateFit fit = check_date(year, small_number(parts[1]), small_number(parts[0]));
      return fit.fit == Fit::ok ? fit : none;
    }
    const int first = small_number(parts[0]);
    const int second = small_number(parts[1]);
    return order == DateOrder::mdy ? check_date(year, first, second) : check_date(year, second, first);
  }
  if (separator == '.') {
    return none;
  }
  // dd-Mon-yyyy or Mon-dd-yyyy
  if (day_shape(parts[0]) && month_from_name(parts[1]) != 0 && year_shape(parts[2])) {
    return check_date(full_year(parts[2]), month_from_name(parts[1]), small_number(parts[0]));
  }
  if (month_from_name(parts[0]) != 0 && day_shape(parts[1]) && year_shape(parts[2])) {
    return check_date(full_year(parts[2]), month_from_name(parts[0]), small_number(parts[1]));
  }
  return none;
}

DateFit read_date(const std::vector<std::string_view>& words, DateOrder order)
{
  if (words.size() == 1) {
    return read_date_token(words[0], order);
  }
  if (words.size() == 3) {
    return read_date_words(words[0], words[1], words[2]);
  }
  return DateFit{};
}

std::optional<CivilDate> parse_kb_date(std::string_view text)
{
  const DateFit fit = read_date(words_of(text), DateOrder::mdy);
  if (fit.fit != Fit::ok) {
    return std::nullopt;
  }
  return fit.date;
}

} // namespace smsscan::kb
