// Imports Microsoft Knowledge Base articles into manifests; see kb_import.hpp.
//
// The pipeline: normalise the text into lines (CRLF/CR, tabs to 8-column
// stops, control characters to spaces), read the header fields, find every
// file table (a header line naming columns, a rule, rows), read each row by
// tokenising it on whitespace and assigning token groups to the header's
// columns in order (a small dynamic programme: every group must have the
// column's type; ties are broken by the distance to the column under the
// header), then build the manifest. Any bad row refuses the import.
#include "smsscan/kb/import.hpp"

#include "smsscan/manifest/default_manifest.hpp"
#include "smsscan/manifest/xml_reader.hpp"
#include "smsscan/manifest/xml_writer.hpp"

#include "smsscan/util/text.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <iterator>
#include <limits>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace smsscan::kb {

using manifest::FileVersion;
using manifest::Location;
using manifest::Manifest;
using manifest::ManifestFile;
using manifest::ManifestTimes;
using manifest::parse_file_version;
using manifest::parse_platform;
using manifest::Platform;
using util::CivilDate;
using util::iequals;
using util::parse_uint;
using util::split;
using util::to_lower;
using util::trim;

std::string KbImportError::to_string() const
{
  std::string text = source;
  if (line > 0) {
    text += ":" + std::to_string(line);
  }
  text += ": " + message;
  return text;
}

namespace {

// ---------------------------------------------------------------- characters

bool is_digit(char c)
{
  return c >= '0' && c <= '9';
}
bool is_alpha(char c)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_alnum(char c)
{
  return is_digit(c) || is_alpha(c);
}
bool is_upper(char c)
{
  return c >= 'A' && c <= 'Z';
}
char lower(char c)
{
  return is_upper(c) ? static_cast<char>(c - 'A' + 'a') : c;
}

bool all_digits(std::string_view text)
{
  return !text.empty() && std::all_of(text.begin(), text.end(), is_digit);
}

bool has_alpha(std::string_view text)
{
  return std::any_of(text.begin(), text.end(), is_alpha);
}

bool starts_with(std::string_view text, std::string_view prefix)
{
  return text.size() >= prefix.size() && text.substr(0, prefix.size()) == prefix;
}

bool ends_with(std::string_view text, std::string_view suffix)
{
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

// Small numbers only (callers check the length first); -1 for non-digits.
int small_number(std::string_view digits)
{
  if (!all_digits(digits) || digits.size() > 9) {
    return -1;
  }
  int value = 0;
  for (const char c : digits) {
    value = value * 10 + (c - '0');
  }
  return value;
}

// Quotes a piece of the article for a message: printable, and not too long.
std::string quote(std::string_view text)
{
  constexpr std::size_t k_max = 160;
  std::string out = "'";
  std::size_t count = 0;
  for (const char c : text) {
    if (count == k_max) {
      out += "...";
      break;
    }
    const auto byte = static_cast<unsigned char>(c);
    out.push_back(byte < 0x20 || byte == 0x7f ? '?' : c);
    ++count;
  }
  out += "'";
  return out;
}

// Valid UTF-8 kept, any other byte replaced by '?': manifest text must be
// well-formed for the XML writer and parser.
std::string clean_utf8(std::string_view text)
{
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    const auto byte = static_cast<unsigned char>(text[i]);
    std::size_t length = 0;
    if (byte < 0x80) {
      length = 1;
    } else if (byte >= 0xC2 && byte <= 0xDF) {
      length = 2;
    } else if (byte >= 0xE0 && byte <= 0xEF) {
      length = 3;
    } else if (byte >= 0xF0 && byte <= 0xF4) {
      length = 4;
    }
    bool valid = length > 0 && i + length <= text.size();
    for (std::size_t k = 1; valid && k < length; ++k) {
      valid = (static_cast<unsigned char>(text[i + k]) & 0xC0) == 0x80;
    }
    if (valid && length == 3) {
      const auto second = static_cast<unsigned char>(text[i + 1]);
      valid = !(byte == 0xE0 && second < 0xA0) && !(byte == 0xED && second >= 0xA0);
    }
    if (valid && length == 4) {
      const auto second = static_cast<unsigned char>(text[i + 1]);
      valid = !(byte == 0xF0 && second < 0x90) && !(byte == 0xF4 && second >= 0x90);
    }
    if (!valid) {
      out.push_back('?');
      ++i;
      continue;
    }
    if (length == 1 && (byte < 0x20 || byte == 0x7f)) {
      out.push_back(' ');
    } else {
      out.append(text.substr(i, length));
    }
    i += length;
  }
  return out;
}

// ---------------------------------------------------------------- lines

struct Line
{
  std::string text; // tabs expanded, control characters blanked, right-trimmed
  int number = 0;   // 1-based line number in the article
};

void finish_line(std::vector<Line>& lines, std::string& current)
{
  while (!current.empty() && current.back() == ' ') {
    current.pop_back();
  }
  Line line;
  line.text = std::move(current);
  line.number = static_cast<int>(lines.size()) + 1;
  lines.push_back(std::move(line));
  current.clear();
}

std::vector<Line> split_lines(std::string_view text)
{
  if (starts_with(text, "\xEF\xBB\xBF")) {
    text.remove_prefix(3);
  }
  std::vector<Line> lines;
  std::string current;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const auto byte = static_cast<unsigned char>(c);
    if (c == '\n') {
      finish_line(lines, current);
    } else if (c == '\r') {
      if (i + 1 < text.size() && text[i + 1] == '\n') {
        ++i;
      }
      finish_line(lines, current);
    } else if (c == '\t') {
      do {
        current.push_back(' ');
      } while (current.size() % 8 != 0);
    } else if (byte == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xA0) {
      current.push_back(' '); // UTF-8 no-break space
      ++i;
    } else if (byte == 0xA0 && (i == 0 || static_cast<unsigned char>(text[i - 1]) < 0x80)) {
      current.push_back(' '); // Latin-1 no-break space (not inside a UTF-8 character)
    } else if (byte < 0x20 || byte == 0x7f) {
      current.push_back(' ');
    } else {
      current.push_back(c);
    }
  }
  if (!current.empty() || (!text.empty() && text.back() != '\n' && text.back() != '\r')) {
    finish_line(lines, current);
  }
  return lines;
}

bool is_blank(const std::string& line)
{
  return trim(line).empty();
}

// "-----", "=====  =====", "-------   ----": dashes (or equals/underscores) and spaces.
bool is_plain_rule(std::string_view line)
{
  line = trim(line);
  int marks = 0;
  for (const char c : line) {
    if (c == '-' || c == '=' || c == '_') {
      ++marks;
    } else if (c != ' ') {
      return false;
    }
  }
  return marks >= 3;
}

// "+-----+-----+", "|-----|-----|", "+=====+": the borders of a boxed table.
// Also "------+------" under a header whose cells are split by bars only.
bool is_box_rule(std::string_view line)
{
  line = trim(line);
  int marks = 0;
  int joints = 0;
  for (const char c : line) {
    if (c == '-' || c == '=') {
      ++marks;
    } else if (c == '+' || c == '|') {
      ++joints;
    } else if (c != ' ' && c != ':') {
      return false;
    }
  }
  return marks >= 3 && joints > 0;
}

bool is_rule(std::string_view line)
{
  return is_plain_rule(line) || is_box_rule(line);
}

// A line of a boxed table: "| a | b |", or "a | b" between bars only.
bool is_box_line(std::string_view line)
{
  return line.find('|') != std::string_view::npos && !is_box_rule(line);
}

// ---------------------------------------------------------------- tokens

struct Token
{
  std::string_view text;
  int start = 0; // column of the first character
  int end = 0;   // column after the last character
  int cell = 0;  // boxed tables: index of the | cell | holding the token
};

// At most `limit` tokens: callers only need to know that a line has more
// than any row or header has.
std::vector<Token> tokenize(std::string_view line, bool boxed, std::size_t limit = 65)
{
  std::vector<Token> tokens;
  const std::string_view trimmed = trim(line);
  const bool leading_bar = boxed && !trimmed.empty() && trimmed.front() == '|';
  int bars = 0;
  std::size_t i = 0;
  while (i < line.size()) {
    const char c = line[i];
    if (c == ' ') {
      ++i;
      continue;
    }
    if (boxed && c == '|') {
      ++bars;
      ++i;
      continue;
    }
    const std::size_t start = i;
    while (i < line.size() && line[i] != ' ' && !(boxed && line[i] == '|')) {
      ++i;
    }
    Token token;
    token.text = line.substr(start, i - start);
    token.start = static_cast<int>(start);
    token.end = static_cast<int>(i);
    token.cell = bars - (leading_bar ? 1 : 0);
    tokens.push_back(token);
    if (tokens.size() >= limit) {
      break;
    }
  }
  return tokens;
}

// ---------------------------------------------------------------- values

enum class Fit { no, bad, ok }; // not this type / this type but an impossible value / fine

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

bool date_exists(int year, int month, int day)
{
  if (year < 1900 || year > 2099 || month < 1 || month > 12 || day < 1) {
    return false;
  }
  static const std::array<int, 12> k_days = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int limit = k_days[static_cast<std::size_t>(month - 1)];
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  if (month == 2 && leap) {
    limit = 29;
  }
  return day <= limit;
}

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

enum class DateOrder { mdy, dmy };

struct DateFit
{
  Fit fit = Fit::no;
  CivilDate date;
};

DateFit check_date(int year, int month, int day)
{
  DateFit result;
  if (!date_exists(year, month, day)) {
    result.fit = Fit::bad;
    return result;
  }
  result.fit = Fit::ok;
  result.date.year = year;
  result.date.month = month;
  result.date.day = day;
  return result;
}

// One token: 06/08/99, 6-8-1999, 1999-06-08, 08.06.1999 (day first),
// 08-Jun-1999, Jun-08-1999.
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

std::string_view strip_trailing_comma(std::string_view text)
{
  if (!text.empty() && text.back() == ',') {
    text.remove_suffix(1);
  }
  return text;
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

struct TimeFit
{
  Fit fit = Fit::no;
  int minutes = 0;
};

bool is_meridiem(std::string_view word)
{
  const std::string lowered = to_lower(word);
  return lowered == "am" || lowered == "pm" || lowered == "a" || lowered == "p" || lowered == "a.m." ||
         lowered == "p.m." || lowered == "a.m" || lowered == "p.m";
}

// 06:12pm, 09:18p, 12:21a, 1:10am, 6:12 p.m., 18:12, 18:12:40.
TimeFit read_time(const std::vector<std::string_view>& words)
{
  TimeFit none;
  if (words.empty() || words.size() > 2) {
    return none;
  }
  std::string text = to_lower(words[0]);
  if (words.size() == 2) {
    if (!is_meridiem(words[1])) {
      return none;
    }
    text += to_lower(words[1]);
  }
  if (text.size() > 16) {
    return none;
  }
  std::size_t i = 0;
  const auto digits = [&text, &i]() {
    const std::size_t start = i;
    while (i < text.size() && is_digit(text[i])) {
      ++i;
    }
    return std::string_view(text).substr(start, i - start);
  };
  const std::string_view hours = digits();
  if (hours.empty() || hours.size() > 2 || i >= text.size() || text[i] != ':') {
    return none;
  }
  ++i;
  const std::string_view minutes = digits();
  if (minutes.size() != 2) {
    return none;
  }
  std::string_view seconds;
  if (i < text.size() && text[i] == ':') {
    ++i;
    seconds = digits();
    if (seconds.size() != 2) {
      return none;
    }
  }
  std::string suffix;
  for (; i < text.size(); ++i) {
    if (text[i] != '.') {
      suffix.push_back(text[i]);
    }
  }
  if (!suffix.empty() && suffix != "a" && suffix != "p" && suffix != "am" && suffix != "pm") {
    return none;
  }
  int hour = small_number(hours);
  const int minute = small_number(minutes);
  TimeFit result;
  result.fit = Fit::bad;
  if (minute > 59 || (!seconds.empty() && small_number(seconds) > 59)) {
    return result;
  }
  if (suffix.empty()) {
    if (hour > 23) {
      return result;
    }
  } else {
    if (hour < 1 || hour > 12) {
      return result;
    }
    hour %= 12;
    if (suffix[0] == 'p') {
      hour += 12;
    }
  }
  result.fit = Fit::ok;
  result.minutes = hour * 60 + minute;
  return result;
}

struct SizeFit
{
  Fit fit = Fit::no;
  std::uint64_t bytes = 0;
  int penalty = 0;
};

bool is_bytes_word(std::string_view word)
{
  const std::string lowered = to_lower(word);
  return lowered == "bytes" || lowered == "byte";
}

// Joins digit groups ("1", "172", "311") into a number: the first group has
// one to three digits, the others exactly three.
std::optional<std::uint64_t> join_groups(const std::vector<std::string_view>& groups)
{
  if (groups.empty() || groups[0].empty() || groups[0].size() > 3) {
    return std::nullopt;
  }
  std::string digits;
  for (std::size_t g = 0; g < groups.size(); ++g) {
    if (!all_digits(groups[g]) || (g > 0 && groups[g].size() != 3)) {
      return std::nullopt;
    }
    digits += groups[g];
  }
  return parse_uint(digits);
}

// 67, 199,008, 1.172.311 (dots as thousands separators), 1 172 311,
// "68,962 bytes".
SizeFit read_size(std::vector<std::string_view> words)
{
  SizeFit none;
  if (!words.empty() && is_bytes_word(words.back())) {
    words.pop_back();
  }
  if (words.empty()) {
    return none;
  }
  if (words.size() == 1) {
    const std::string_view word = words[0];
    if (all_digits(word)) {
      const auto value = parse_uint(word);
      if (!value) {
        SizeFit bad;
        bad.fit = Fit::bad;
        return bad;
      }
      SizeFit result;
      result.fit = Fit::ok;
      result.bytes = *value;
      return result;
    }
    for (const char separator : {',', '.'}) {
      if (word.find(separator) == std::string_view::npos || !is_digit(word.front())) {
        continue;
      }
      const auto groups = split(word, separator);
      bool digits_only = true;
      for (const auto group : groups) {
        digits_only = digits_only && all_digits(group);
      }
      if (!digits_only) {
        continue;
      }
      if (const auto value = join_groups(groups)) {
        SizeFit result;
        result.fit = Fit::ok;
        result.bytes = *value;
        return result;
      }
      if (separator == ',') {
        SizeFit bad; // "1,17,311": digits and commas, but not thousands
        bad.fit = Fit::bad;
        return bad;
      }
    }
    // "68K", "68KB": a size, but not in bytes.
    std::size_t digits = 0;
    while (digits < word.size() && (is_digit(word[digits]) || word[digits] == ',' || word[digits] == '.')) {
      ++digits;
    }
    const std::string unit = to_lower(word.substr(digits));
    if (digits > 0 && is_digit(word.front()) && (unit == "k" || unit == "kb" || unit == "mb")) {
      SizeFit bad;
      bad.fit = Fit::bad;
      return bad;
    }
    return none;
  }
  if (words.size() == 2) {
    const std::string unit = to_lower(words[1]);
    if ((unit == "k" || unit == "kb" || unit == "mb") && read_size({words[0]}).fit == Fit::ok) {
      SizeFit bad;
      bad.fit = Fit::bad;
      return bad;
    }
  }
  // "1 172 311": spaces as thousands separators.
  if (const auto value = join_groups(words)) {
    SizeFit result;
    result.fit = Fit::ok;
    result.bytes = *value;
    result.penalty = 2 * static_cast<int>(words.size() - 1);
    return result;
  }
  return none;
}

std::optional<std::uint64_t> size_from_text(std::string_view text)
{
  std::vector<std::string_view> words;
  for (const auto& token : tokenize(text, false)) {
    words.push_back(token.text);
  }
  const SizeFit fit = read_size(words);
  if (fit.fit != Fit::ok) {
    return std::nullopt;
  }
  return fit.bytes;
}

bool is_empty_marker(std::string_view word)
{
  const std::string lowered = to_lower(word);
  return lowered == "-" || lowered == "--" || lowered == "---" || lowered == "n/a" || lowered == "na" ||
         lowered == "none" || lowered == "(none)";
}

bool is_parenthesised(const std::vector<std::string_view>& words, std::size_t from)
{
  if (from >= words.size()) {
    return false;
  }
  const std::string_view first = words[from];
  const std::string_view last = words.back();
  return (first.front() == '(' && last.back() == ')') || (first.front() == '[' && last.back() == ']');
}

// Dotted digits, 2 to 4 parts; Fit::bad for dotted digits that are no version
// (a part above 65535, more than four parts).
Fit dotted_version_fit(std::string_view word)
{
  if (word.empty() || word.size() > 40 || !is_digit(word.front()) || !is_digit(word.back())) {
    return Fit::no;
  }
  int dots = 0;
  for (std::size_t i = 0; i < word.size(); ++i) {
    if (word[i] == '.') {
      if (word[i - 1] == '.') {
        return Fit::no;
      }
      ++dots;
    } else if (!is_digit(word[i])) {
      return Fit::no;
    }
  }
  if (dots == 0) {
    return Fit::no;
  }
  if (dots > 3) {
    return Fit::bad;
  }
  return parse_file_version(word) ? Fit::ok : Fit::bad;
}

struct VersionFit
{
  Fit fit = Fit::no;
  std::string text; // as written, "" for an empty cell
};

// "4.00.1114", "2.0.1380.1405", "2, 0, 1380, 1000", "5.0.2195.1 (SP1)",
// empty, "n/a", "-".
VersionFit read_version(const std::vector<std::string_view>& words, std::string_view as_written)
{
  VersionFit result;
  if (words.empty()) {
    result.fit = Fit::ok;
    return result;
  }
  if (words.size() == 1 && is_empty_marker(words[0])) {
    result.fit = Fit::ok;
    return result;
  }
  // "(version 3.5.34)", as 1998 articles write it after the size.
  if (words.size() == 2 && iequals(words[0], "(version") && words[1].size() > 1 && words[1].back() == ')') {
    const std::string_view inner = words[1].substr(0, words[1].size() - 1);
    result.fit = dotted_version_fit(inner);
    if (result.fit == Fit::no && all_digits(inner) && inner.size() <= 5) {
      result.fit = Fit::ok; // "(version 3)"
    }
    result.text = std::string(inner);
    return result;
  }
  std::size_t core = 1;
  Fit fit = dotted_version_fit(words[0]);
  if (fit == Fit::no) {
    // Commas: "2, 0, 1380, 1000" or "2,0,1380,1000" (four parts only, so a
    // size is never read as a version).
    std::string joined;
    std::size_t i = 0;
    for (; i < words.size(); ++i) {
      joined += words[i];
      if (words[i].back() != ',') {
        ++i;
        break;
      }
    }
    const auto parts = split(joined, ',');
    bool ok = parts.size() == 4;
    for (const auto part : parts) {
      ok = ok && all_digits(part) && part.size() <= 5;
    }
    if (!ok) {
      return result;
    }
    fit = parse_file_version(joined) ? Fit::ok : Fit::bad;
    core = i;
  }
  if (core < words.size() && !is_parenthesised(words, core)) {
    return result;
  }
  result.fit = fit;
  result.text = std::string(as_written);
  return result;
}

struct PlatformFit
{
  Fit fit = Fit::no;
  Platform platform = Platform::any;
};

PlatformFit read_platform(const std::vector<std::string_view>& words)
{
  PlatformFit result;
  if (words.empty() || (words.size() == 1 && (is_empty_marker(words[0]) || iequals(words[0], "all")))) {
    result.fit = Fit::ok;
    return result;
  }
  if (words.size() != 1) {
    return result;
  }
  std::string_view word = words[0];
  if (word.size() > 2 && ((word.front() == '(' && word.back() == ')') || (word.front() == '[' && word.back() == ']'))) {
    word = word.substr(1, word.size() - 2); // "(Intel)"
  }
  if (const auto platform = parse_platform(word)) {
    result.fit = Fit::ok;
    result.platform = *platform;
    return result;
  }
  const std::string lowered = to_lower(word);
  static const std::array<const char*, 12> k_unsupported = {"ia64",  "ia-64",  "itanium", "x64", "amd64",   "x86-64",
                                                            "em64t", "64-bit", "mips",    "ppc", "powerpc", "ia32e"};
  for (const char* name : k_unsupported) {
    if (lowered == name) {
      result.fit = Fit::bad;
      return result;
    }
  }
  return result;
}

// A name without an extension ("Ntldr", "Iimltihd"): accepted only under a
// File name header, and only when no other reading fits.
bool is_bare_name_word(std::string_view word)
{
  if (word.empty() || word.size() > 64 || !has_alpha(word) || !is_alnum(word.front())) {
    return false;
  }
  for (const char c : word) {
    if (!is_alnum(c) && c != '_' && c != '-' && c != '$' && c != '~') {
      return false;
    }
  }
  return !parse_platform(word) && month_from_name(word) == 0 && !is_meridiem(word) && !is_bytes_word(word) &&
         !is_empty_marker(word) && read_platform({word}).fit == Fit::no;
}

// A file name: "Clicore.exe", "54831.sql", "Foo.dl_", "Mstsc Client.exe".
bool is_name_word(std::string_view word)
{
  if (word.size() > 255 || word.front() == '(' || word.front() == '[') {
    return false;
  }
  if (iequals(word, "ntldr")) {
    return true;
  }
  const std::size_t dot = word.rfind('.');
  if (dot == std::string_view::npos || dot == 0 || dot + 1 >= word.size()) {
    return false;
  }
  const std::string_view extension = word.substr(dot + 1);
  if (extension.size() > 8) {
    return false;
  }
  for (const char c : extension) {
    if (!is_alnum(c) && c != '_' && c != '$' && c != '~' && c != '-' && c != '!') {
      return false;
    }
  }
  if (!has_alpha(word)) {
    return false;
  }
  for (const char c : word) {
    if (c == ',' || c == '|' || c == '"' || c == '<' || c == '>' || c == '?') {
      return false;
    }
  }
  return true;
}

bool is_name_part(std::string_view word)
{
  // The words before the last one of a name with spaces.
  if (word.front() == '(' || word.front() == '[' || !has_alpha(word) || word.size() > 64) {
    return false;
  }
  return word.find(':') == std::string_view::npos && word.find(',') == std::string_view::npos &&
         !parse_platform(word) && month_from_name(word) == 0 && !is_meridiem(word);
}

std::string inner_note(std::string_view text)
{
  text = trim(text);
  if (text.size() >= 2) {
    text = text.substr(1, text.size() - 2);
  }
  return std::string(trim(text));
}

// ---------------------------------------------------------------- columns

enum class Kind { date, time, version, size, name, platform, note, ignored };

const char* kind_label(Kind kind)
{
  switch (kind) {
  case Kind::date:
    return "Date";
  case Kind::time:
    return "Time";
  case Kind::version:
    return "Version";
  case Kind::size:
    return "Size";
  case Kind::name:
    return "File name";
  case Kind::platform:
    return "Platform";
  case Kind::note:
    return "Note";
  case Kind::ignored:
    break;
  }
  return "(ignored)";
}

struct Column
{
  Kind kind = Kind::ignored;
  int start = 0; // span under the header (and its rule segment)
  int end = 0;
  int cell = -1;         // boxed tables: the cell index; -1 for none
  bool implicit = false; // not in the header: a trailing platform or note
};

struct Header
{
  std::vector<Column> columns;
  bool boxed = false;
  bool utc = false;      // "Time (UTC)"
  std::size_t first = 0; // first header line
  std::size_t body = 0;  // first line after the header (and its rule)
  bool has_rule = false;
};

struct Phrase
{
  std::vector<const char*> words;
  std::vector<Kind> kinds;
};

const std::vector<Phrase>& header_phrases()
{
  static const std::vector<Phrase> phrases = {
    {{"file", "name"}, {Kind::name}},
    {{"file", "names"}, {Kind::name}},
    {{"file", "version"}, {Kind::version}},
    {{"file", "size"}, {Kind::size}},
    {{"file", "date"}, {Kind::date}},
    {{"file", "time"}, {Kind::time}},
    {{"size", "in", "bytes"}, {Kind::size}},
    {{"date", "and", "time"}, {Kind::date, Kind::time}},
    {{"sp", "requirement"}, {Kind::ignored}},
    {{"destination", "folder"}, {Kind::ignored}},
    {{"target", "folder"}, {Kind::ignored}},
    {{"installed", "in"}, {Kind::ignored}},
    {{"installed", "to"}, {Kind::ignored}},
    {{"date", "modified"}, {Kind::date}},
    {{"destination"}, {Kind::ignored}},
    {{"subfolder"}, {Kind::ignored}},
    {{"service", "branch"}, {Kind::ignored}},
    {{"filename"}, {Kind::name}},
    {{"filenames"}, {Kind::name}},
    {{"file-name"}, {Kind::name}},
    {{"file"}, {Kind::name}},
    {{"name"}, {Kind::name}},
    {{"date"}, {Kind::date}},
    {{"time"}, {Kind::time}},
    {{"date/time"}, {Kind::date, Kind::time}},
    {{"version"}, {Kind::version}},
    {{"ver"}, {Kind::version}},
    {{"size"}, {Kind::size}},
    {{"bytes"}, {Kind::size}},
    {{"platform"}, {Kind::platform}},
    {{"processor"}, {Kind::platform}},
    {{"cpu"}, {Kind::platform}},
    {{"architecture"}, {Kind::platform}},
    {{"comment"}, {Kind::note}},
    {{"comments"}, {Kind::note}},
    {{"notes"}, {Kind::note}},
    {{"note"}, {Kind::note}},
    {{"description"}, {Kind::note}},
    {{"remarks"}, {Kind::note}},
    {{"language"}, {Kind::ignored}},
    {{"path"}, {Kind::ignored}},
    {{"folder"}, {Kind::ignored}},
    {{"location"}, {Kind::ignored}},
    {{"directory"}, {Kind::ignored}},
  };
  return phrases;
}

std::string header_word(std::string_view word)
{
  std::string lowered = to_lower(word);
  while (!lowered.empty() && (lowered.back() == ':' || lowered.back() == '*')) {
    lowered.pop_back();
  }
  return lowered;
}

// Turns header words into columns; false when a word names no column.
// Words are (text, start, end, cell).
bool read_header_words(const std::vector<Token>& words, Header& header)
{
  std::size_t i = 0;
  while (i < words.size()) {
    const std::string word = header_word(words[i].text);
    if (word == "(bytes)" || word == "(utc)" || word == "(gmt)" || word == "(local)") {
      if (header.columns.empty()) {
        return false;
      }
      if (word == "(utc)" || word == "(gmt)") {
        header.utc = true;
      }
      header.columns.back().end = words[i].end;
      ++i;
      continue;
    }
    bool matched = false;
    for (const Phrase& phrase : header_phrases()) {
      const std::size_t count = phrase.words.size();
      if (i + count > words.size()) {
        continue;
      }
      bool same = true;
      for (std::size_t w = 0; w < count && same; ++w) {
        same = header_word(words[i + w].text) == phrase.words[w] && words[i + w].cell == words[i].cell;
      }
      if (!same) {
        continue;
      }
      for (const Kind kind : phrase.kinds) {
        Column column;
        column.kind = kind;
        column.start = words[i].start;
        column.end = words[i + count - 1].end;
        column.cell = words[i].cell;
        header.columns.push_back(column);
      }
      i += count;
      matched = true;
      break;
    }
    if (!matched) {
      return false;
    }
  }
  return true;
}

// Checks that the columns make a file table.
bool valid_header(const Header& header)
{
  int name = 0;
  int values = 0;
  std::array<int, 8> seen{};
  for (const Column& column : header.columns) {
    const auto index = static_cast<std::size_t>(column.kind);
    if (column.kind != Kind::ignored && column.kind != Kind::note && ++seen[index] > 1) {
      return false;
    }
    if (column.kind == Kind::name) {
      ++name;
    }
    if (column.kind == Kind::date || column.kind == Kind::size || column.kind == Kind::version) {
      ++values;
    }
  }
  return name == 1 && values >= 1;
}

bool has_kind(const std::vector<Column>& columns, Kind kind)
{
  return std::any_of(columns.begin(), columns.end(), [kind](const Column& c) { return c.kind == kind; });
}

// Widens each column to the rule segment under it ("-----  ----"), so that
// right-aligned values still sit under their column.
void widen_by_rule(Header& header, std::string_view rule)
{
  std::vector<std::pair<int, int>> segments;
  std::size_t i = 0;
  while (i < rule.size()) {
    if (rule[i] == ' ') {
      ++i;
      continue;
    }
    const std::size_t start = i;
    while (i < rule.size() && rule[i] != ' ') {
      ++i;
    }
    segments.emplace_back(static_cast<int>(start), static_cast<int>(i));
  }
  if (segments.size() < 2) {
    return;
  }
  for (const auto& segment : segments) {
    Column* only = nullptr;
    int overlaps = 0;
    for (Column& column : header.columns) {
      if (column.start < segment.second && segment.first < column.end) {
        only = &column;
        ++overlaps;
      }
    }
    if (overlaps == 1 && only != nullptr) {
      only->start = std::min(only->start, segment.first);
      only->end = std::max(only->end, segment.second);
    }
  }
}

// ---------------------------------------------------------------- rows

struct RowValue
{
  std::optional<CivilDate> date;
  std::optional<int> minutes;
  std::optional<std::uint64_t> size;
  std::string version_text;
  std::optional<FileVersion> version;
  Platform platform = Platform::any;
  std::string name;
  std::string note;
};

struct RowParse
{
  bool matched = false; // the tokens fit the columns
  std::string error;    // set when they fit but a value is impossible
  RowValue value;
};

struct CellFit
{
  Fit fit = Fit::no;
  int penalty = 0;
  std::string error;
};

constexpr int k_max_tokens = 40; // no real row has more

std::size_t max_group(Kind kind)
{
  switch (kind) {
  case Kind::date:
    return 3;
  case Kind::time:
    return 2;
  case Kind::size:
    return 4;
  case Kind::version:
    return 6;
  case Kind::platform:
    return 1;
  case Kind::name:
    return 8;
  case Kind::note:
    return 10;
  case Kind::ignored:
    return 6;
  }
  return 1;
}

// Reads tokens [from, to) as a value of the column; fills out when given.
CellFit fit_cell(const Column& column, const std::vector<Token>& tokens, std::size_t from, std::size_t to,
                 std::string_view line, DateOrder order, RowValue* out)
{
  CellFit result;
  std::vector<std::string_view> words;
  for (std::size_t t = from; t < to; ++t) {
    words.push_back(tokens[t].text);
  }
  std::string_view written;
  if (from < to) {
    const auto start = static_cast<std::size_t>(tokens[from].start);
    const auto end = static_cast<std::size_t>(tokens[to - 1].end);
    written = line.substr(start, end - start);
  }
  switch (column.kind) {
  case Kind::date: {
    const DateFit fit = read_date(words, order);
    result.fit = fit.fit;
    if (fit.fit == Fit::bad) {
      result.error = "date " + quote(written) + " does not exist";
    } else if (out != nullptr && fit.fit == Fit::ok) {
      out->date = fit.date;
    }
    break;
  }
  case Kind::time: {
    if (words.empty() || (words.size() == 1 && is_empty_marker(words[0]))) {
      result.fit = Fit::ok;
      result.penalty = 1;
      break;
    }
    const TimeFit fit = read_time(words);
    result.fit = fit.fit;
    if (fit.fit == Fit::bad) {
      result.error = "time " + quote(written) + " is not a time of day";
    } else if (out != nullptr && fit.fit == Fit::ok) {
      out->minutes = fit.minutes;
    }
    break;
  }
  case Kind::size: {
    const SizeFit fit = read_size(words);
    result.fit = fit.fit;
    result.penalty = fit.penalty;
    if (fit.fit == Fit::bad) {
      result.error = "size " + quote(written) + " is not a number of bytes";
    } else if (out != nullptr && fit.fit == Fit::ok) {
      out->size = fit.bytes;
    }
    break;
  }
  case Kind::version: {
    const VersionFit fit = read_version(words, written);
    result.fit = fit.fit;
    if (words.empty()) {
      result.penalty = 1;
    }
    if (fit.fit == Fit::bad) {
      result.error = "version " + quote(written) + " does not parse";
    } else if (out != nullptr && fit.fit == Fit::ok) {
      out->version_text = fit.text;
      out->version = fit.text.empty() ? std::nullopt : parse_file_version(fit.text);
      if (!fit.text.empty() && !out->version) {
        // Written in a form the version reader does not take as is
        // ("2, 0, 1380, 1000"): keep the same numbers, dotted.
        std::string dotted;
        for (const char c : fit.text) {
          if (is_digit(c)) {
            dotted.push_back(c);
          } else if ((c == ',' || c == '.') && !dotted.empty() && dotted.back() != '.') {
            dotted.push_back('.');
          } else if (c != ' ') {
            break;
          }
        }
        out->version = parse_file_version(dotted);
        out->version_text = out->version ? dotted : std::string();
      }
    }
    break;
  }
  case Kind::platform: {
    const PlatformFit fit = read_platform(words);
    result.fit = fit.fit;
    if (words.empty()) {
      result.penalty = 1;
    }
    if (fit.fit == Fit::bad) {
      result.error = "platform " + quote(written) + " is not supported (Intel and Alpha only)";
    } else if (out != nullptr && fit.fit == Fit::ok) {
      out->platform = fit.platform;
    }
    break;
  }
  case Kind::name: {
    if (words.empty()) {
      break;
    }
    // Core words, then an optional "(note)".
    std::size_t core = words.size();
    for (std::size_t w = 1; w < words.size(); ++w) {
      if (words[w].front() == '(' || words[w].front() == '[') {
        core = w;
        break;
      }
    }
    if (core < words.size() && !is_parenthesised(words, core)) {
      break;
    }
    if (core + 1 == words.size() && read_platform({words[core]}).fit != Fit::no) {
      break; // "Foo.dll (Intel)": the platform, not a note
    }
    std::string_view last = words[core - 1];
    std::string footnote;
    while (last.size() > 1 && last.back() == '*') {
      last.remove_suffix(1);
      footnote.push_back('*');
    }
    int bare_penalty = 0;
    if (!is_name_word(last)) {
      if (!is_bare_name_word(last) || core != 1) {
        break;
      }
      bare_penalty = 6;
    }
    bool parts_ok = true;
    for (std::size_t w = 0; w + 1 < core; ++w) {
      parts_ok = parts_ok && is_name_part(words[w]);
    }
    if (!parts_ok) {
      break;
    }
    result.fit = Fit::ok;
    result.penalty = 3 * static_cast<int>(core - 1) + bare_penalty;
    if (out != nullptr) {
      const auto start = static_cast<std::size_t>(tokens[from].start);
      const auto end = static_cast<std::size_t>(tokens[from + core - 1].end) - footnote.size();
      out->name = std::string(line.substr(start, end - start));
      std::string note;
      // "System32\Drivers\Afd.sys": the manifest holds bare names.
      const std::size_t separator = out->name.find_last_of("\\/");
      if (separator != std::string::npos && separator + 1 < out->name.size()) {
        note = "in " + out->name.substr(0, separator + 1);
        out->name = out->name.substr(separator + 1);
      }
      if (core < words.size()) {
        const auto note_start = static_cast<std::size_t>(tokens[from + core].start);
        const std::string inner =
          inner_note(line.substr(note_start, static_cast<std::size_t>(tokens[to - 1].end) - note_start));
        note = note.empty() ? inner : inner + "; " + note;
      }
      if (!footnote.empty()) {
        note = note.empty() ? footnote : footnote + " " + note;
      }
      if (!note.empty()) {
        out->note = out->note.empty() ? note : out->note + "; " + note;
      }
    }
    break;
  }
  case Kind::note: {
    result.fit = Fit::ok;
    if (column.implicit) {
      // Only a trailing "(pre-SP1)".
      if (!words.empty() && !is_parenthesised(words, 0)) {
        result.fit = Fit::no;
        break;
      }
      if (words.size() == 1 && read_platform(words).fit != Fit::no) {
        result.fit = Fit::no; // "(Intel)" is a platform
        break;
      }
    }
    if (out != nullptr && !words.empty()) {
      const std::string note = column.implicit ? inner_note(written) : std::string(written);
      out->note = out->note.empty() ? note : out->note + "; " + note;
    }
    break;
  }
  case Kind::ignored:
    result.fit = Fit::ok;
    result.penalty = static_cast<int>(words.size());
    break;
  }
  return result;
}

int distance(const Token& first, const Token& last, const Column& column)
{
  if (column.implicit) {
    return 0;
  }
  if (first.start < column.end && column.start < last.end) {
    return 0;
  }
  return std::min(std::abs(first.start - column.end), std::abs(column.start - last.end)) + 1;
}

constexpr int k_bad_cost = 100000;
constexpr int k_infinite = std::numeric_limits<int>::max() / 4;

// Assigns the row's tokens to the columns: every column takes a run of
// tokens (maybe none) of its type, in order, and every token is taken.
RowParse parse_row_with(std::string_view line, const std::vector<Column>& columns, bool boxed, bool use_cells,
                        DateOrder order)
{
  RowParse result;
  const std::vector<Token> tokens = tokenize(line, boxed);
  if (tokens.empty() || tokens.size() > static_cast<std::size_t>(k_max_tokens)) {
    return result;
  }
  const std::size_t n = tokens.size();
  const std::size_t m = columns.size();
  std::vector<std::vector<int>> cost(m + 1, std::vector<int>(n + 1, k_infinite));
  std::vector<std::vector<std::size_t>> taken(m + 1, std::vector<std::size_t>(n + 1, 0));
  cost[0][0] = 0;
  for (std::size_t c = 0; c < m; ++c) {
    const Column& column = columns[c];
    for (std::size_t i = 0; i <= n; ++i) {
      if (cost[c][i] >= k_infinite) {
        continue;
      }
      const std::size_t longest = std::min(max_group(column.kind), n - i);
      for (std::size_t length = 0; length <= longest; ++length) {
        if (use_cells && length > 0) {
          if (column.cell < 0 || tokens[i + length - 1].cell != column.cell) {
            break;
          }
        }
        const CellFit fit = fit_cell(column, tokens, i, i + length, line, order, nullptr);
        if (fit.fit == Fit::no) {
          continue;
        }
        int step = fit.penalty + (fit.fit == Fit::bad ? k_bad_cost : 0);
        if (length > 0 && !use_cells) {
          step += distance(tokens[i], tokens[i + length - 1], column);
        }
        const int total = cost[c][i] + step;
        if (total < cost[c + 1][i + length]) {
          cost[c + 1][i + length] = total;
          taken[c + 1][i + length] = length;
        }
      }
    }
  }
  if (cost[m][n] >= k_infinite) {
    return result;
  }
  std::vector<std::size_t> lengths(m);
  std::size_t at = n;
  for (std::size_t c = m; c > 0; --c) {
    lengths[c - 1] = taken[c][at];
    at -= taken[c][at];
  }
  result.matched = true;
  std::size_t i = 0;
  for (std::size_t c = 0; c < m; ++c) {
    const CellFit fit = fit_cell(columns[c], tokens, i, i + lengths[c], line, order, &result.value);
    if (fit.fit == Fit::bad && result.error.empty()) {
      result.error = fit.error;
    }
    i += lengths[c];
  }
  return result;
}

RowParse parse_row(std::string_view line, const std::vector<Column>& columns, bool boxed, DateOrder order)
{
  if (boxed) {
    RowParse by_cells = parse_row_with(line, columns, true, true, order);
    if (by_cells.matched) {
      return by_cells;
    }
  }
  return parse_row_with(line, columns, boxed, false, order);
}

bool row_like(std::string_view line, const std::vector<Column>& columns, bool boxed)
{
  if (boxed && !is_box_line(line)) {
    return false;
  }
  for (const DateOrder order : {DateOrder::mdy, DateOrder::dmy}) {
    const RowParse parse = parse_row(line, columns, boxed, order);
    if (parse.matched && parse.error.empty()) {
      return true;
    }
  }
  return false;
}

// ---------------------------------------------------------------- tables

struct TableRow
{
  std::size_t line = 0; // index into lines
  std::string caption;  // a sub-caption above the row ("Alpha:"); empty: the table's
};

struct Table
{
  Header header;
  std::vector<Column> columns; // the header's, plus implicit trailing ones
  std::string caption;
  std::vector<TableRow> rows;
};

std::vector<Column> row_columns(const Header& header)
{
  std::vector<Column> columns = header.columns;
  if (!has_kind(columns, Kind::platform)) {
    Column platform;
    platform.kind = Kind::platform;
    platform.implicit = true;
    columns.push_back(platform);
  }
  Column note;
  note.kind = Kind::note;
  note.implicit = true;
  columns.push_back(note);
  return columns;
}

std::optional<Header> plain_header_at(const std::vector<Line>& lines, std::size_t i)
{
  const std::string& text = lines[i].text;
  if (is_blank(text) || is_rule(text) || text.size() > 400) {
    return std::nullopt;
  }
  const std::vector<Token> words = tokenize(text, false);
  if (words.size() > 16) {
    return std::nullopt;
  }
  Header header;
  if (!read_header_words(words, header) || !valid_header(header)) {
    return std::nullopt;
  }
  header.first = i;
  if (i + 1 < lines.size() && is_plain_rule(lines[i + 1].text)) {
    header.has_rule = true;
    header.body = i + 2;
    widen_by_rule(header, lines[i + 1].text);
    return header;
  }
  // No rule: only a full header (three or more columns), and only when a
  // row follows.
  if (header.columns.size() < 3 || has_kind(header.columns, Kind::ignored)) {
    return std::nullopt;
  }
  header.body = i + 1;
  std::size_t k = i + 1;
  while (k < lines.size() && k <= i + 2 && is_blank(lines[k].text)) {
    ++k;
  }
  if (k < lines.size() && row_like(lines[k].text, row_columns(header), false)) {
    return header;
  }
  return std::nullopt;
}

std::optional<Header> boxed_header_at(const std::vector<Line>& lines, std::size_t i)
{
  if (!is_box_line(lines[i].text)) {
    return std::nullopt;
  }
  // The header may take several lines ("| File |" / "| name |") up to the
  // rule under it.
  std::size_t k = i;
  while (k < lines.size() && k < i + 4 && is_box_line(lines[k].text)) {
    ++k;
  }
  if (k >= lines.size() || !is_box_rule(lines[k].text)) {
    return std::nullopt;
  }
  std::vector<Token> words;
  std::vector<std::vector<Token>> per_line;
  for (std::size_t h = i; h < k; ++h) {
    per_line.push_back(tokenize(lines[h].text, true));
  }
  // Cell texts joined across the header lines, in cell order.
  int cells = 0;
  for (const auto& tokens : per_line) {
    for (const Token& token : tokens) {
      cells = std::max(cells, token.cell + 1);
    }
  }
  if (cells <= 0 || cells > 16) {
    return std::nullopt;
  }
  for (int cell = 0; cell < cells; ++cell) {
    for (const auto& tokens : per_line) {
      for (const Token& token : tokens) {
        if (token.cell == cell) {
          words.push_back(token);
        }
      }
    }
  }
  if (words.size() > 24) {
    return std::nullopt;
  }
  Header header;
  header.boxed = true;
  if (!read_header_words(words, header) || !valid_header(header)) {
    return std::nullopt;
  }
  // Spans: the whole cell, from the first header line's bars.
  const std::string& first = lines[i].text;
  std::vector<int> bars;
  for (std::size_t p = 0; p < first.size(); ++p) {
    if (first[p] == '|') {
      bars.push_back(static_cast<int>(p));
    }
  }
  const bool leading = !trim(first).empty() && trim(first).front() == '|';
  for (Column& column : header.columns) {
    const std::size_t left = static_cast<std::size_t>(column.cell + (leading ? 0 : -1));
    if (column.cell + (leading ? 0 : -1) >= 0 && left < bars.size()) {
      column.start = bars[left] + 1;
      column.end = left + 1 < bars.size() ? bars[left + 1] : column.end;
    }
  }
  header.first = i;
  header.body = k + 1;
  header.has_rule = true;
  return header;
}

std::optional<Header> header_at(const std::vector<Line>& lines, std::size_t i)
{
  if (i >= lines.size()) {
    return std::nullopt;
  }
  if (auto boxed = boxed_header_at(lines, i)) {
    return boxed;
  }
  return plain_header_at(lines, i);
}

std::vector<std::string_view> words_of(std::string_view text)
{
  std::vector<std::string_view> words;
  for (const Token& token : tokenize(text, false)) {
    words.push_back(token.text);
  }
  return words;
}

bool has_date_word(std::string_view text)
{
  for (const auto word : words_of(text)) {
    if (read_date_token(word, DateOrder::mdy).fit != Fit::no || read_date_token(word, DateOrder::dmy).fit != Fit::no) {
      return true;
    }
  }
  return false;
}

bool has_name_word(std::string_view text)
{
  for (const auto word : words_of(text)) {
    if (is_name_word(word)) {
      return true;
    }
  }
  return false;
}

// The columns of a line that holds nothing but row values, each token's
// type told from its shape: a date, a size and a file name at least, each
// once. nullopt for anything else.
std::optional<std::vector<Column>> infer_columns(std::string_view line)
{
  const std::vector<Token> tokens = tokenize(line, false, 13);
  if (tokens.size() < 3 || tokens.size() > 12) {
    return std::nullopt;
  }
  std::vector<Column> columns;
  const auto add = [&columns](Kind kind, const Token& first, const Token& last) {
    Column column;
    column.kind = kind;
    column.start = first.start;
    column.end = last.end;
    columns.push_back(column);
  };
  std::size_t i = 0;
  while (i < tokens.size()) {
    const std::string_view word = tokens[i].text;
    const bool next_meridiem = i + 1 < tokens.size() && is_meridiem(tokens[i + 1].text);
    const bool next_bytes = i + 1 < tokens.size() && is_bytes_word(tokens[i + 1].text);
    if (read_date_token(word, DateOrder::mdy).fit != Fit::no || read_date_token(word, DateOrder::dmy).fit != Fit::no) {
      add(Kind::date, tokens[i], tokens[i]);
    } else if (read_time({word}).fit != Fit::no ||
               (next_meridiem && read_time({word, tokens[i + 1].text}).fit != Fit::no)) {
      const std::size_t last = (next_meridiem && read_time({word}).fit == Fit::no) ? i + 1 : i;
      add(Kind::time, tokens[i], tokens[last]);
      i = last;
    } else if ((all_digits(word) || word.find(',') != std::string_view::npos) && read_size({word}).fit != Fit::no) {
      add(Kind::size, tokens[i], tokens[next_bytes ? i + 1 : i]);
      i += next_bytes ? 1 : 0;
    } else if (dotted_version_fit(word) != Fit::no) {
      add(Kind::version, tokens[i], tokens[i]);
    } else if (read_platform({word}).fit != Fit::no && !is_empty_marker(word) && !iequals(word, "all")) {
      add(Kind::platform, tokens[i], tokens[i]);
    } else if (is_name_word(word)) {
      add(Kind::name, tokens[i], tokens[i]);
    } else if (iequals(word, "(version") && i + 1 < tokens.size() &&
               read_version({word, tokens[i + 1].text}, "").fit != Fit::no) {
      add(Kind::version, tokens[i], tokens[i + 1]);
      ++i;
    } else if (word.front() == '(' && !columns.empty() && columns.back().kind == Kind::name) {
      // "(32-bit)" after the name belongs to it.
      std::size_t last = i;
      while (last < tokens.size() && tokens[last].text.back() != ')') {
        ++last;
      }
      if (last == tokens.size()) {
        return std::nullopt;
      }
      columns.back().end = tokens[last].end;
      i = last;
    } else {
      return std::nullopt;
    }
    ++i;
  }
  std::array<int, 8> seen{};
  for (const Column& column : columns) {
    ++seen[static_cast<std::size_t>(column.kind)];
  }
  for (const int count : seen) {
    if (count > 1) {
      return std::nullopt;
    }
  }
  if (seen[static_cast<std::size_t>(Kind::date)] == 0 || seen[static_cast<std::size_t>(Kind::size)] == 0 ||
      seen[static_cast<std::size_t>(Kind::name)] == 0) {
    return std::nullopt;
  }
  return columns;
}

// "NOTE: ..." or a long sentence: text after a table, not a row of it.
bool is_prose(std::string_view text)
{
  text = trim(text);
  const std::string lowered = to_lower(text.substr(0, std::min<std::size_t>(text.size(), 8)));
  if (starts_with(lowered, "note:") || starts_with(lowered, "note ") || starts_with(lowered, "notes:")) {
    return true;
  }
  if (has_date_word(text)) {
    return false;
  }
  const auto words = words_of(text);
  std::size_t alphabetic = 0;
  for (auto word : words) {
    while (!word.empty() && (word.back() == '.' || word.back() == ',' || word.back() == ':' || word.back() == ';')) {
      word.remove_suffix(1);
    }
    if (!word.empty() && std::all_of(word.begin(), word.end(), [](char c) { return is_alpha(c) || c == '\''; })) {
      ++alphabetic;
    }
  }
  return words.size() >= 6 && alphabetic * 3 >= words.size() * 2;
}

// "Alpha:", "Windows NT 4.0 Server:": a caption inside a table.
bool is_sub_caption(std::string_view text)
{
  text = trim(text);
  return !text.empty() && text.back() == ':' && words_of(text).size() <= 10 && !has_date_word(text) &&
         !has_name_word(text);
}

// The last sentence of the paragraph just above the table's header.
std::string find_caption(const std::vector<Line>& lines, std::size_t header_line, const std::vector<bool>& used)
{
  std::size_t k = header_line;
  while (k > 0 && (is_blank(lines[k - 1].text) || is_rule(lines[k - 1].text))) {
    if (used[k - 1]) {
      return "";
    }
    --k;
  }
  std::vector<std::string_view> paragraph;
  while (k > 0 && !is_blank(lines[k - 1].text) && !is_rule(lines[k - 1].text) && paragraph.size() < 12) {
    if (used[k - 1]) {
      if (paragraph.empty()) {
        return "";
      }
      break;
    }
    paragraph.push_back(trim(lines[k - 1].text));
    --k;
  }
  std::string text;
  for (auto it = paragraph.rbegin(); it != paragraph.rend(); ++it) {
    if (!text.empty()) {
      text.push_back(' ');
    }
    text += *it;
  }
  // Sentences; the caption is the last one that introduces the table ("...
  // should have the following file attributes or later:"), else the last.
  std::vector<std::size_t> starts = {0};
  for (std::size_t p = 0; p + 2 < text.size(); ++p) {
    if ((text[p] == '.' || text[p] == '!' || text[p] == '?') && text[p + 1] == ' ' && is_upper(text[p + 2])) {
      starts.push_back(p + 2);
    }
  }
  std::size_t chosen = starts.back();
  for (std::size_t s = starts.size(); s > 0; --s) {
    const std::size_t from = starts[s - 1];
    const std::size_t to = s < starts.size() ? starts[s] : text.size();
    const std::string sentence = to_lower(std::string_view(text).substr(from, to - from));
    if (sentence.find("following") != std::string::npos || sentence.find("attributes") != std::string::npos ||
        sentence.find("table") != std::string::npos || ends_with(trim(sentence), ":")) {
      chosen = from;
      break;
    }
  }
  std::size_t end = text.size();
  for (const std::size_t start : starts) {
    if (start > chosen) {
      end = start - 1;
      break;
    }
  }
  text = std::string(trim(std::string_view(text).substr(chosen, end - chosen)));
  if (text.size() > 300) {
    text = text.substr(text.size() - 300);
  }
  return text;
}

struct Problem
{
  int line = 0;
  std::string message;
};

struct Scan
{
  std::vector<Table> tables;
  std::vector<bool> used; // lines that belong to a table
  std::vector<Problem> problems;
  std::vector<Problem> notes; // warnings
};

// Reads one table from its header on; returns the index after its last line.
// A headerless table (header.first == header.body) ends at the first line
// that is not a row of its shape instead of failing on it.
std::size_t read_table(const std::vector<Line>& lines, const Header& header, Scan& scan)
{
  const bool headerless = header.first == header.body;
  Table table;
  table.header = header;
  table.columns = row_columns(header);
  const bool boxed = header.boxed;
  std::string caption; // set by sub-captions; the table's own caption is found later
  std::size_t j = header.body;
  std::size_t end = j;
  const auto next_filled = [&lines](std::size_t from) {
    while (from < lines.size() && is_blank(lines[from].text)) {
      ++from;
    }
    return from;
  };
  while (j < lines.size()) {
    const std::string& text = lines[j].text;
    if (is_blank(text)) {
      const std::size_t k = next_filled(j);
      if (k >= lines.size() || header_at(lines, k)) {
        break;
      }
      if (row_like(lines[k].text, table.columns, boxed)) {
        j = k;
        continue;
      }
      // A one-line sub-caption ("Alpha:") and rows of the same shape under it.
      const std::size_t after = next_filled(k + 1);
      if (after < lines.size() && after <= k + 3 && !is_rule(lines[k].text) && words_of(lines[k].text).size() <= 12 &&
          !has_date_word(lines[k].text) && row_like(lines[after].text, table.columns, boxed)) {
        caption = std::string(trim(lines[k].text));
        j = after;
        continue;
      }
      break;
    }
    if (is_rule(text)) {
      ++j;
      end = j;
      continue;
    }
    if (boxed && !is_box_line(text)) {
      break;
    }
    if (!table.rows.empty() && header_at(lines, j)) {
      break;
    }
    if (!boxed && is_sub_caption(text) && !row_like(text, table.columns, boxed)) {
      caption = std::string(trim(text));
      ++j;
      end = j;
      continue;
    }
    if (headerless && !row_like(text, table.columns, boxed) && !has_date_word(text)) {
      break; // a line with a date is kept as a row, to fail loudly if it is one
    }
    if (!boxed && is_prose(text) && !row_like(text, table.columns, boxed)) {
      if (!table.rows.empty()) {
        scan.notes.push_back({lines[j].number, "the file table above ends without a blank line"});
      }
      break;
    }
    table.rows.push_back({j, caption});
    ++j;
    end = j;
  }
  if (table.rows.empty()) {
    scan.problems.push_back({lines[header.first].number, "file table header is not followed by any rows"});
  }
  for (std::size_t u = header.first; u < end && u < scan.used.size(); ++u) {
    scan.used[u] = true;
  }
  scan.tables.push_back(std::move(table));
  return std::max(end, header.first + 1);
}

// header_end: the lines before it are the article's header fields, which are
// neither tables nor captions.
Scan find_tables(const std::vector<Line>& lines, std::size_t header_end)
{
  Scan scan;
  scan.used.assign(lines.size(), false);
  for (std::size_t u = 0; u < header_end && u < lines.size(); ++u) {
    scan.used[u] = true;
  }
  std::size_t i = header_end;
  while (i < lines.size()) {
    if (auto header = header_at(lines, i)) {
      i = read_table(lines, *header, scan);
    } else {
      ++i;
    }
  }
  // Rows without a column header: "06/08/99  06:12p  144,144  Msv1_0.dll  (Intel)".
  for (i = header_end; i < lines.size(); ++i) {
    if (scan.used[i]) {
      continue;
    }
    auto columns = infer_columns(lines[i].text);
    if (!columns) {
      continue;
    }
    // The block's widest shape (a row may leave out its version).
    for (std::size_t k = i + 1; k < lines.size() && k < i + 200 && !scan.used[k]; ++k) {
      auto other = infer_columns(lines[k].text);
      if (!other) {
        break;
      }
      if (other->size() > columns->size()) {
        columns = std::move(other);
      }
    }
    Header header;
    header.columns = std::move(*columns);
    header.first = i;
    header.body = i;
    if (!row_like(lines[i].text, row_columns(header), false)) {
      continue;
    }
    std::string names;
    for (const Column& column : header.columns) {
      names += std::string(names.empty() ? "" : ", ") + kind_label(column.kind);
    }
    scan.notes.push_back(
      {lines[i].number, "file rows without a column header; columns read from the values: " + names});
    i = read_table(lines, header, scan) - 1;
  }
  std::stable_sort(scan.tables.begin(), scan.tables.end(),
                   [](const Table& a, const Table& b) { return a.header.first < b.header.first; });
  // Captions last, when every table's lines are known (a caption never
  // reaches into another table).
  for (Table& table : scan.tables) {
    table.caption = find_caption(lines, table.header.first, scan.used);
    for (TableRow& row : table.rows) {
      if (row.caption.empty()) {
        row.caption = table.caption;
      }
    }
  }
  return scan;
}

// ---------------------------------------------------------------- header fields

std::string collapse_spaces(std::string_view text)
{
  std::string out;
  bool space = false;
  for (const char c : text) {
    if (c == ' ' || c == '\n') {
      space = !out.empty();
    } else {
      if (space) {
        out.push_back(' ');
      }
      space = false;
      out.push_back(c);
    }
  }
  return out;
}

// "Q231399", "231399", "KB231399", "Q231399." -> "Q231399".
std::string kb_number(std::string_view word)
{
  std::string_view text = trim(word);
  while (!text.empty() && !is_alnum(text.back())) {
    text.remove_suffix(1);
  }
  if (text.size() > 2 && (lower(text[0]) == 'k' && lower(text[1]) == 'b')) {
    text.remove_prefix(2);
  }
  if (!text.empty() && lower(text[0]) == 'q') {
    text.remove_prefix(1);
  }
  if (text.size() >= 4 && text.size() <= 7 && all_digits(text)) {
    return "Q" + std::string(text);
  }
  return "";
}

struct Fields
{
  std::string kb;
  std::string title;
  std::string product;
  std::string versions;
  std::size_t article_line = std::numeric_limits<std::size_t>::max(); // "Article:" line
  std::size_t end = 0;                                                // the line after the last header field
  bool have_title = false;
};

// "Q305209: Cannot Migrate ..." -> "Cannot Migrate ..."; "## " headings too.
std::string strip_title_prefix(std::string_view text)
{
  text = trim(text);
  while (!text.empty() && text.front() == '#') {
    text.remove_prefix(1);
  }
  text = trim(text);
  const std::size_t colon = text.find(':');
  if (colon != std::string_view::npos && !kb_number(text.substr(0, colon)).empty()) {
    text = trim(text.substr(colon + 1));
  }
  return collapse_spaces(text);
}

Fields read_fields(const std::vector<Line>& lines)
{
  Fields fields;
  std::size_t first = 0;
  // Web-archive copies start with a front matter block: "---", "title: ...", "---".
  while (first < lines.size() && is_blank(lines[first].text)) {
    ++first;
  }
  if (first < lines.size() && trim(lines[first].text) == "---") {
    for (std::size_t k = first + 1; k < lines.size() && k < first + 30; ++k) {
      const std::string_view text = trim(lines[k].text);
      if (text == "---") {
        first = k + 1;
        fields.end = first;
        break;
      }
      if (starts_with(to_lower(text.substr(0, std::min<std::size_t>(text.size(), 6))), "title:")) {
        std::string_view value = trim(text.substr(6));
        if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') && value.back() == value.front()) {
          value = value.substr(1, value.size() - 2);
        }
        fields.title = strip_title_prefix(value);
        fields.have_title = !fields.title.empty();
      }
    }
  }
  std::string* last = nullptr; // the field a continuation line extends
  for (std::size_t i = first; i < lines.size() && i < first + 60; ++i) {
    const std::string& text = lines[i].text;
    if (is_rule(text)) {
      break;
    }
    const std::string_view trimmed = trim(text);
    if (starts_with(trimmed, "{%") || starts_with(trimmed, "#")) {
      // "{% raw %}", "## Q305209: title" (Markdown copies)
      if (starts_with(trimmed, "#") && !fields.have_title) {
        fields.title = strip_title_prefix(trimmed);
        fields.have_title = !fields.title.empty();
      }
      fields.end = i + 1;
      continue;
    }
    if (is_blank(text)) {
      last = nullptr;
      continue;
    }
    const std::size_t colon = text.find(':');
    const std::string key = colon == std::string::npos ? "" : to_lower(trim(std::string_view(text).substr(0, colon)));
    const std::string_view value = colon == std::string::npos ? "" : trim(std::string_view(text).substr(colon + 1));
    const bool field =
      colon != std::string::npos && !key.empty() && key.size() <= 24 && std::all_of(key.begin(), key.end(), [](char c) {
        return is_alpha(c) || c == ' ' || c == '/' || c == '(' || c == ')' || c == '-';
      });
    if (!field) {
      if (last != nullptr && text.front() == ' ') {
        *last += " " + std::string(trim(text));
        fields.end = i + 1;
      }
      continue;
    }
    last = nullptr;
    const bool known = key == "document" || key == "article" || key == "article id" || key == "article number" ||
                       key == "article-id" || key == "kb article" || key == "title" || key == "product" ||
                       key == "product(s)" || key == "products" || key == "prod/ver" || key == "version(s)" ||
                       key == "versions" || key == "oper/sys" || key == "keywords" || key == "keyword(s)" ||
                       key == "operating system(s)" || key == "last modified" || key == "last reviewed" ||
                       key == "last review" || key == "revision";
    if (known) {
      fields.end = i + 1;
    }
    if (key == "document" || key == "article" || key == "article id" || key == "article number" ||
        key == "article-id" || key == "kb article" || key == "q") {
      const auto words = words_of(value);
      if (!words.empty() && fields.kb.empty()) {
        fields.kb = kb_number(words[0]);
      }
      if (key != "document") {
        fields.article_line = i;
      }
    } else if (key == "title") {
      fields.title = std::string(value);
      fields.have_title = true;
      last = &fields.title;
    } else if (key == "product" || key == "product(s)" || key == "products") {
      fields.product = std::string(value);
      last = &fields.product;
    } else if (key == "prod/ver") {
      const std::size_t inner = value.find(':');
      fields.versions = std::string(trim(inner == std::string_view::npos ? value : value.substr(inner + 1)));
    } else if (key == "version(s)" || key == "versions") {
      fields.versions = std::string(value);
    }
  }
  return fields;
}

bool is_section_heading(const std::vector<Line>& lines, std::size_t i)
{
  if (i + 1 >= lines.size() || is_blank(lines[i].text) || !is_plain_rule(lines[i + 1].text)) {
    return false;
  }
  const std::string_view text = trim(lines[i].text);
  return std::none_of(text.begin(), text.end(), [](char c) { return c >= 'a' && c <= 'z'; }) && has_alpha(text) &&
         text.size() <= 40;
}

// The archive style has no title: the first non-empty line above "Article:",
// else the first sentence of the first section (SYMPTOMS, SUMMARY, ...).
std::string fallback_title(const std::vector<Line>& lines, const Fields& fields)
{
  if (fields.article_line < lines.size()) {
    for (std::size_t i = 0; i < fields.article_line; ++i) {
      if (!is_blank(lines[i].text) && !is_rule(lines[i].text)) {
        return strip_title_prefix(lines[i].text);
      }
    }
  }
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (!is_section_heading(lines, i)) {
      continue;
    }
    std::size_t k = i + 2;
    while (k < lines.size() && is_blank(lines[k].text)) {
      ++k;
    }
    std::string paragraph;
    while (k < lines.size() && !is_blank(lines[k].text) && paragraph.size() < 400) {
      paragraph += " " + std::string(trim(lines[k].text));
      ++k;
    }
    paragraph = collapse_spaces(paragraph);
    for (std::size_t p = 0; p < paragraph.size(); ++p) {
      if ((paragraph[p] == '.' || paragraph[p] == '!' || paragraph[p] == '?') &&
          (p + 1 == paragraph.size() || paragraph[p + 1] == ' ')) {
        paragraph = paragraph.substr(0, p + 1);
        break;
      }
    }
    if (paragraph.size() > 200) {
      paragraph = paragraph.substr(0, 197) + "...";
    }
    if (!paragraph.empty()) {
      return paragraph;
    }
  }
  return "";
}

// Without a product field: the first line under "The information in this
// article applies to:" (" - Microsoft Systems Management Server version 2.0").
std::string applies_to_product(const std::vector<Line>& lines)
{
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (to_lower(lines[i].text).find("applies to") == std::string::npos) {
      continue;
    }
    for (std::size_t k = i + 1; k < lines.size() && k < i + 4; ++k) {
      std::string_view text = trim(lines[k].text);
      if (text.empty()) {
        continue;
      }
      while (!text.empty() && (text.front() == '-' || text.front() == '*' || text.front() == ' ')) {
        text.remove_prefix(1);
      }
      if (!text.empty() && has_alpha(text)) {
        return collapse_spaces(text);
      }
      break;
    }
    break;
  }
  return "";
}

// "listed in coordinated universal time (UTC)", across line breaks, any case.
bool says_utc(const std::string& flat)
{
  static const std::array<const char*, 7> k_phrases = {"listed in coordinated universal time",
                                                       "listed in universal coordinated time",
                                                       "listed in utc",
                                                       "listed in gmt",
                                                       "listed in greenwich mean time",
                                                       "are in coordinated universal time",
                                                       "are in universal coordinated time"};
  return std::any_of(k_phrases.begin(), k_phrases.end(),
                     [&flat](const char* phrase) { return flat.find(phrase) != std::string::npos; });
}

std::string replace_all(std::string text, std::string_view from, std::string_view to)
{
  std::size_t at = 0;
  while ((at = text.find(from, at)) != std::string::npos) {
    text.replace(at, from.size(), to);
    at += to.size();
  }
  return text;
}

// "This problem was first corrected in Systems Management Server 2.0 Service
// Pack 1." -> "SMS 2.0 Service Pack 1"; "" when the article names none.
std::string service_pack_fix(const std::string& flat_original)
{
  const std::string flat = to_lower(flat_original);
  std::size_t at = 0;
  while ((at = flat.find("corrected in ", at)) != std::string::npos) {
    at += 13;
    const std::size_t window = flat.substr(at, 92).find("service pack");
    if (window == std::string::npos) {
      continue;
    }
    const std::size_t pack = at + window;
    std::string product = std::string(trim(std::string_view(flat_original).substr(at, pack - at)));
    const std::string lowered = to_lower(product);
    if (product.empty() || starts_with(lowered, "the ") || starts_with(lowered, "a ") ||
        lowered.find("latest") != std::string::npos || lowered.find(". ") != std::string::npos) {
      continue;
    }
    // "Service Pack Service Pack 1" (sic) and "Service Pack 1".
    std::size_t p = pack;
    while (flat.compare(p, 12, "service pack") == 0) {
      p += 12;
      while (p < flat.size() && flat[p] == ' ') {
        ++p;
      }
    }
    std::size_t digits = p;
    while (digits < flat.size() && is_digit(flat[digits]) && digits - p < 3) {
      ++digits;
    }
    if (digits == p) {
      continue;
    }
    if (digits < flat.size() && is_alpha(flat[digits]) && (digits + 1 == flat.size() || !is_alnum(flat[digits + 1]))) {
      ++digits; // "Service Pack 6a"
    }
    if (starts_with(to_lower(product), "microsoft ")) {
      product = product.substr(10);
    }
    product = replace_all(product, "Systems Management Server", "SMS");
    return product + " Service Pack " + flat.substr(p, digits - p);
  }
  return "";
}

// Lines outside every table that look like file rows: a date, a file name
// and a number.
std::vector<std::size_t> orphan_rows(const std::vector<Line>& lines, const std::vector<bool>& used)
{
  std::vector<std::size_t> found;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (used[i] || is_blank(lines[i].text)) {
      continue;
    }
    const auto words = words_of(lines[i].text);
    if (words.size() > 12) {
      continue;
    }
    bool date = false;
    bool name = false;
    bool number = false;
    for (const auto word : words) {
      date = date || read_date_token(word, DateOrder::mdy).fit == Fit::ok;
      name = name || is_name_word(word);
      number = number || read_size({word}).fit == Fit::ok;
    }
    if (date && name && number) {
      found.push_back(i);
    }
  }
  return found;
}

bool mentions_word(const std::string& lowered, std::string_view word)
{
  std::size_t at = 0;
  while ((at = lowered.find(word, at)) != std::string::npos) {
    const bool left = at == 0 || !is_alnum(lowered[at - 1]);
    const bool right = at + word.size() >= lowered.size() || !is_alnum(lowered[at + word.size()]);
    if (left && right) {
      return true;
    }
    at += word.size();
  }
  return false;
}

// The one platform a caption names ("Alpha:", "The x86 version of this fix"), if one.
std::optional<Platform> caption_platform(const std::string& caption)
{
  const std::string lowered = to_lower(caption);
  const bool intel = mentions_word(lowered, "intel") || mentions_word(lowered, "x86") || mentions_word(lowered, "i386");
  const bool alpha = mentions_word(lowered, "alpha") || mentions_word(lowered, "axp");
  if (intel == alpha) {
    return std::nullopt;
  }
  return intel ? Platform::intel : Platform::alpha;
}

// ---------------------------------------------------------------- manifest

// kb, title, product, fix and locations; a problem when the article has no
// KB number anywhere.
std::optional<Problem> fill_header(Manifest& manifest, const Fields& fields, const std::vector<Line>& lines,
                                   const std::string& flat, const std::string& source,
                                   std::vector<std::string>& warnings)
{
  manifest.kb = fields.kb;
  if (manifest.kb.empty()) {
    // "Q231399.txt", "kb/Q231399.txt"
    const std::size_t slash = source.find_last_of("/\\");
    const std::string base = slash == std::string::npos ? source : source.substr(slash + 1);
    manifest.kb = kb_number(base.substr(0, base.find('.')));
    if (manifest.kb.empty()) {
      return Problem{0, "no KB article number found (expected 'DOCUMENT:Qnnnnnn' or 'Article: Qnnnnnn')"};
    }
    warnings.push_back(source + ": no KB number in the article; using " + manifest.kb + " from its file name");
  }
  if (fields.have_title && !trim(fields.title).empty()) {
    manifest.title = collapse_spaces(fields.title);
  } else {
    manifest.title = fallback_title(lines, fields);
    if (manifest.title.empty()) {
      manifest.title = "KB " + manifest.kb;
    }
    warnings.push_back(source + ": the article has no title field; using '" + manifest.title + "'");
  }
  manifest.product = collapse_spaces(fields.product);
  const std::string versions(trim(fields.versions));
  if (!manifest.product.empty() && !versions.empty() && versions.find(',') == std::string::npos &&
      !ends_with(manifest.product, versions)) {
    manifest.product += " " + versions;
  }
  if (manifest.product.empty()) {
    manifest.product = applies_to_product(lines);
    if (manifest.product.empty()) {
      manifest.product = "(not named in the article)";
    }
    warnings.push_back(source + ": the article has no product field; using '" + manifest.product + "'");
  }
  manifest.fix = service_pack_fix(flat);
  if (manifest.fix.empty()) {
    manifest.fix = "KB " + manifest.kb;
  }
  manifest.kb = clean_utf8(manifest.kb);
  manifest.title = clean_utf8(manifest.title);
  manifest.product = clean_utf8(manifest.product);
  manifest.fix = clean_utf8(manifest.fix);
  if (to_lower(manifest.product).find("systems management server") != std::string::npos) {
    const util::Expected<Manifest> defaults = manifest::load_default_manifest();
    if (defaults) {
      manifest.locations = defaults->locations;
    } else {
      warnings.push_back(source + ": the default manifest could not be loaded (" + defaults.error().message +
                         "); no locations");
    }
  }
  return std::nullopt;
}

// Reads every row of one table with one date order; problems for the rows
// that do not read.
std::vector<ManifestFile> read_rows(const Table& table, const std::vector<Line>& lines, DateOrder order,
                                    std::vector<Problem>& problems)
{
  std::vector<ManifestFile> files;
  for (const TableRow& row : table.rows) {
    const Line& line = lines[row.line];
    const RowParse parse = parse_row(line.text, table.columns, table.header.boxed, order);
    if (!parse.matched) {
      problems.push_back({line.number, "row does not parse: " + quote(trim(line.text))});
      continue;
    }
    if (!parse.error.empty()) {
      problems.push_back({line.number, parse.error + " in row " + quote(trim(line.text))});
      continue;
    }
    ManifestFile file;
    file.name = parse.value.name;
    file.size = parse.value.size.value_or(0);
    file.date = parse.value.date.value_or(CivilDate{});
    file.minutes = parse.value.minutes;
    file.platform = parse.value.platform;
    file.version = parse.value.version;
    file.version_text = parse.value.version_text;
    file.note = parse.value.note;
    file.caption = row.caption;
    file.line = line.number;
    files.push_back(std::move(file));
  }
  return files;
}

// The files of one table; its problems go to scan.problems, its notes to
// scan.notes.
std::vector<ManifestFile> table_files(const Table& table, const std::vector<Line>& lines, Scan& scan)
{
  const auto& columns = table.header.columns;
  const int header_line = lines[table.header.first].number;
  if (!has_kind(columns, Kind::date) || !has_kind(columns, Kind::size)) {
    const char* missing = has_kind(columns, Kind::date) ? "Size" : "Date";
    scan.problems.push_back({header_line, std::string("file table has no ") + missing +
                                            " column; a manifest needs each file's date and size"});
    return {};
  }
  // Month first; a table whose dates only make sense day first (13/06/99)
  // is read day first.
  std::vector<Problem> problems;
  std::vector<ManifestFile> files = read_rows(table, lines, DateOrder::mdy, problems);
  const bool dates_only = std::all_of(problems.begin(), problems.end(),
                                      [](const Problem& p) { return p.message.compare(0, 5, "date ") == 0; });
  if (!problems.empty() && dates_only) {
    std::vector<Problem> day_first_problems;
    std::vector<ManifestFile> day_first = read_rows(table, lines, DateOrder::dmy, day_first_problems);
    if (day_first_problems.empty()) {
      scan.notes.push_back({header_line, "the dates of this table only make sense day first; read as dd/mm/yy"});
      files = std::move(day_first);
      problems.clear();
    }
  }
  if (!problems.empty()) {
    scan.problems.insert(scan.problems.end(), problems.begin(), problems.end());
    return {};
  }
  // A table without a Platform column under a caption naming one platform
  // ("Alpha:") holds that platform's files.
  bool inferred = false;
  for (ManifestFile& file : files) {
    if (has_kind(columns, Kind::platform) || file.platform != Platform::any) {
      continue;
    }
    if (const auto platform = caption_platform(file.caption)) {
      file.platform = *platform;
      inferred = true;
    }
  }
  if (inferred) {
    scan.notes.push_back({header_line, "platform taken from the table's caption"});
  }
  const std::string caption = to_lower(table.caption);
  if (caption.find("64-bit") != std::string::npos || caption.find("itanium") != std::string::npos ||
      caption.find("ia-64") != std::string::npos) {
    scan.notes.push_back({header_line, "the table's caption names a 64-bit platform, which manifests cannot express"});
  }
  return files;
}

// The same file twice (the same name, platform and caption, which a
// manifest refuses): an exact repeat is dropped with a note; a conflicting
// one is a problem.
std::optional<Problem> drop_repeats(std::vector<ManifestFile>& files, std::vector<Problem>& notes)
{
  std::vector<ManifestFile> unique;
  std::map<std::string, std::size_t> seen; // name, platform and caption -> index in unique
  for (ManifestFile& file : files) {
    const std::string key =
      to_lower(file.name) + '\n' + std::string(platform_name(file.platform)) + '\n' + file.caption;
    const auto found = seen.find(key);
    if (found == seen.end()) {
      seen.emplace(key, unique.size());
      unique.push_back(std::move(file));
      continue;
    }
    const ManifestFile& twin = unique[found->second];
    const bool same = twin.size == file.size && format_iso_date(twin.date) == format_iso_date(file.date) &&
                      twin.minutes == file.minutes && twin.version == file.version && twin.note == file.note;
    if (!same) {
      return Problem{file.line, "file " + quote(file.name) +
                                  " is listed again for the same platform with other "
                                  "attributes (first at line " +
                                  std::to_string(twin.line) + "); a manifest cannot hold both"};
    }
    notes.push_back({file.line, "file " + quote(file.name) + " repeats line " + std::to_string(twin.line) +
                                  " exactly; the repeat is dropped"});
  }
  files = std::move(unique);
  return std::nullopt;
}

} // namespace

// ---------------------------------------------------------------- public

std::optional<CivilDate> parse_kb_date(std::string_view text)
{
  const DateFit fit = read_date(words_of(text), DateOrder::mdy);
  if (fit.fit != Fit::ok) {
    return std::nullopt;
  }
  return fit.date;
}

std::optional<int> parse_kb_time(std::string_view text)
{
  const TimeFit fit = read_time(words_of(text));
  if (fit.fit != Fit::ok) {
    return std::nullopt;
  }
  return fit.minutes;
}

std::optional<std::uint64_t> parse_kb_size(std::string_view text)
{
  return size_from_text(text);
}

KbImportResult import_kb_article(std::string_view text, std::string_view source_name)
{
  KbImportResult result;
  result.error.source = std::string(source_name);
  const std::string source(source_name);
  const auto fail = [&result](int line, std::string message) {
    result.manifest.reset();
    result.error.line = line;
    result.error.message = std::move(message);
    return result;
  };
  constexpr std::size_t k_max_article = 16U * 1024U * 1024U;
  if (text.size() > k_max_article) {
    return fail(0, "article is larger than 16 MiB; refusing to read it");
  }
  const std::vector<Line> lines = split_lines(text);
  std::string flat; // the whole text on one line, single spaces
  for (const Line& line : lines) {
    flat += line.text;
    flat.push_back(' ');
  }
  flat = collapse_spaces(flat);

  const Fields fields = read_fields(lines);
  Manifest manifest;
  manifest.source = source;
  if (const auto problem = fill_header(manifest, fields, lines, flat, source, result.warnings)) {
    return fail(problem->line, problem->message);
  }

  Scan scan = find_tables(lines, fields.end);
  bool utc_header = false;
  for (const Table& table : scan.tables) {
    utc_header = utc_header || table.header.utc;
    std::vector<ManifestFile> files = table_files(table, lines, scan);
    manifest.files.insert(manifest.files.end(), std::make_move_iterator(files.begin()),
                          std::make_move_iterator(files.end()));
  }
  std::stable_sort(scan.problems.begin(), scan.problems.end(),
                   [](const Problem& a, const Problem& b) { return a.line < b.line; });
  if (!scan.problems.empty()) {
    std::string message = scan.problems.front().message;
    if (scan.problems.size() > 1) {
      message += " (and " + std::to_string(scan.problems.size() - 1) + " more problem" +
                 (scan.problems.size() > 2 ? "s" : "") + ")";
    }
    return fail(scan.problems.front().line, message);
  }
  const std::vector<std::size_t> orphans = orphan_rows(lines, scan.used);
  if (manifest.files.empty()) {
    if (!orphans.empty()) {
      return fail(lines[orphans.front()].number,
                  "no file table found: this line looks like a file row but has no column header "
                  "(Date, Time, Version, Size, File name, Platform) above it");
    }
    return fail(0, "no file table found (a header line naming Date, Size and File name columns, "
                   "a dashed rule, then the rows)");
  }
  for (const std::size_t orphan : orphans) {
    scan.notes.push_back(
      {lines[orphan].number, "line looks like a file row but is in no table: " + quote(trim(lines[orphan].text))});
  }
  if (const auto problem = drop_repeats(manifest.files, scan.notes)) {
    return fail(problem->line, problem->message);
  }
  for (ManifestFile& file : manifest.files) {
    file.name = clean_utf8(file.name);
    file.version_text = clean_utf8(file.version_text);
    file.note = clean_utf8(file.note);
    file.caption = clean_utf8(file.caption);
  }
  manifest.times = (utc_header || says_utc(to_lower(flat))) ? ManifestTimes::utc : ManifestTimes::local;

  // The promise to the caller: what write_manifest_xml makes of this
  // manifest, parse_manifest accepts.
  const util::Expected<Manifest> check = manifest::parse_manifest(manifest::write_manifest_xml(manifest), source);
  if (!check) {
    int line = 0;
    for (const ManifestFile& file : manifest.files) {
      if (check.error().message.find("'" + file.name + "'") != std::string::npos) {
        line = file.line;
        break;
      }
    }
    return fail(line, "the imported manifest would not be valid: " + check.error().message);
  }
  std::stable_sort(scan.notes.begin(), scan.notes.end(),
                   [](const Problem& a, const Problem& b) { return a.line < b.line; });
  for (const Problem& note : scan.notes) {
    result.warnings.push_back(source + ":" + std::to_string(note.line) + ": " + note.message);
  }
  result.manifest = std::move(manifest);
  return result;
}

} // namespace smsscan::kb
