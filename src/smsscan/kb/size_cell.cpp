#include "smsscan/kb/size_cell.hpp"

#include "smsscan/kb/article_text.hpp"
#include "smsscan/util/text.hpp"

#include <algorithm>
#include <cstddef>
#include <string>

namespace smsscan::kb {

using util::parse_uint;
using util::split;
using util::to_lower;

bool is_bytes_word(std::string_view word)
{
  const std::string lowered = to_lower(word);
  return lowered == "bytes" || lowered == "byte";
}

namespace {

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

} // namespace

namespace {

SizeFit bad_size()
{
  SizeFit bad;
  bad.fit = Fit::bad;
  return bad;
}

SizeFit exact_size(std::uint64_t bytes, int penalty = 0)
{
  SizeFit result;
  result.fit = Fit::ok;
  result.bytes = bytes;
  result.penalty = penalty;
  return result;
}

// 67, 199,008, 1.172.311: one word of digits and thousands separators.
SizeFit exact_word(std::string_view word)
{
  if (all_digits(word)) {
    const auto value = parse_uint(word);
    return value ? exact_size(*value) : bad_size();
  }
  for (const char separator : {',', '.'}) {
    if (word.find(separator) == std::string_view::npos || !is_digit(word.front())) {
      continue;
    }
    const auto groups = split(word, separator);
    if (!std::all_of(groups.begin(), groups.end(), [](std::string_view group) { return all_digits(group); })) {
      continue;
    }
    if (const auto value = join_groups(groups)) {
      return exact_size(*value);
    }
    if (separator == ',') {
      return bad_size(); // "1,17,311": digits and commas, but not thousands
    }
  }
  return SizeFit{};
}

// The multiplier of a unit word or suffix: 1 for bytes, 1 for K/KB (kilo),
// 2 for M/MB (mega); -1 for anything else.
int unit_power(std::string_view unit)
{
  const std::string lowered = to_lower(unit);
  if (lowered == "b" || lowered == "bytes" || lowered == "byte") {
    return 0;
  }
  if (lowered == "k" || lowered == "kb" || lowered == "kbytes") {
    return 1;
  }
  if (lowered == "m" || lowered == "mb") {
    return 2;
  }
  return -1;
}

// 1,172 / 18 / 67.5 / 1.33 as a number of units: mantissa / 10^decimals.
struct Quantity
{
  std::uint64_t mantissa = 0;
  int decimals = 0;
  std::string unusable; // set when the notation does not say which number it is
};

// Only notations with one reading: digits, thousands commas (3-digit
// groups), or a decimal point with one or two digits. "1.601 KB" (a decimal
// point or a thousands dot?) and "15,66 KB" (a decimal comma, or 1,566 with
// a typo?) are left unused; so is a KB count of ten thousand or more
// ("214,544 KB" for a 214,544-byte DLL): the article wrote bytes.
std::optional<Quantity> read_quantity(std::string_view text, int power)
{
  if (text.empty() || !is_digit(text.front()) || !is_digit(text.back()) || text.size() > 12) {
    return std::nullopt;
  }
  Quantity quantity;
  const std::size_t dot = text.find('.');
  const std::string_view whole = text.substr(0, dot);
  const std::string_view fraction = dot == std::string_view::npos ? std::string_view() : text.substr(dot + 1);
  const auto groups = split(whole, ',');
  if (!std::all_of(groups.begin(), groups.end(), [](std::string_view group) { return all_digits(group); }) ||
      (dot != std::string_view::npos && !all_digits(fraction))) {
    return std::nullopt;
  }
  if ((groups.size() > 1 && !join_groups(groups)) || fraction.size() >= 3) {
    quantity.unusable = "it can be read as more than one number";
    return quantity;
  }
  std::string digits;
  for (const auto group : groups) {
    digits += std::string(group);
  }
  digits += std::string(fraction);
  quantity.decimals = static_cast<int>(fraction.size());
  const auto value = parse_uint(digits);
  if (!value || *value > 1000000000ULL) {
    return std::nullopt;
  }
  quantity.mantissa = *value;
  if (power == 1 && quantity.decimals == 0 && quantity.mantissa >= 10000) {
    quantity.unusable = "ten thousand KB or more is no file of the era; the article likely wrote bytes";
  }
  return quantity;
}

// The range of an approximate size: one unit of the last digit either way,
// the unit 1000 or 1024 based.
SizeFit approximate_size(const Quantity& quantity, int power)
{
  std::uint64_t low_base = 1;
  std::uint64_t high_base = 1;
  for (int p = 0; p < power; ++p) {
    low_base *= 1000;
    high_base *= 1024;
  }
  std::uint64_t scale = 1;
  for (int d = 0; d < quantity.decimals; ++d) {
    scale *= 10;
  }
  const std::uint64_t low = (quantity.mantissa == 0 ? 0 : quantity.mantissa - 1) * low_base / scale;
  const std::uint64_t high = (quantity.mantissa + 1) * high_base / scale;
  SizeFit result;
  result.fit = Fit::ok;
  result.bytes = low + (high - low) / 2;
  result.tolerance = high - result.bytes;
  result.penalty = 1;
  return result;
}

// A number and its unit: "1,172 KB", "18KB", "157,285b", "1.33 MB".
SizeFit size_with_unit(std::string_view number, std::string_view unit)
{
  const int power = unit_power(unit);
  if (power < 0) {
    return SizeFit{};
  }
  if (power == 0) {
    return exact_word(number);
  }
  const auto quantity = read_quantity(number, power);
  if (!quantity) {
    return SizeFit{};
  }
  if (!quantity->unusable.empty()) {
    SizeFit unusable;
    unusable.fit = Fit::ok;
    unusable.unusable = quantity->unusable;
    unusable.penalty = 1;
    return unusable;
  }
  return approximate_size(*quantity, power);
}

} // namespace

SizeFit read_size(std::vector<std::string_view> words)
{
  // "1.04 KB (1,069 bytes)": the exact size the brackets give.
  if (words.size() >= 3 && words.size() <= 4 && util::iequals(words.back(), "bytes)") &&
      words[words.size() - 2].size() > 1 && words[words.size() - 2].front() == '(') {
    const SizeFit inner = exact_word(words[words.size() - 2].substr(1));
    const std::vector<std::string_view> outer(words.begin(), words.end() - 2);
    if (inner.fit == Fit::ok && read_size(outer).fit == Fit::ok) {
      return inner;
    }
    return SizeFit{};
  }
  if (!words.empty() && is_bytes_word(words.back())) {
    words.pop_back();
  }
  if (words.empty()) {
    return SizeFit{};
  }
  if (words.size() == 1) {
    const std::string_view word = words[0];
    const SizeFit exact = exact_word(word);
    if (exact.fit != Fit::no) {
      return exact;
    }
    std::size_t digits = 0;
    while (digits < word.size() && (is_digit(word[digits]) || word[digits] == ',' || word[digits] == '.')) {
      ++digits;
    }
    if (digits == 0 || digits == word.size()) {
      return SizeFit{};
    }
    return size_with_unit(word.substr(0, digits), word.substr(digits));
  }
  if (words.size() == 2 && unit_power(words[1]) > 0) {
    return size_with_unit(words[0], words[1]);
  }
  // "1 172 311": spaces as thousands separators.
  if (const auto value = join_groups(words)) {
    return exact_size(*value, 2 * static_cast<int>(words.size() - 1));
  }
  return SizeFit{};
}

std::optional<std::uint64_t> parse_kb_size(std::string_view text)
{
  const SizeFit fit = read_size(words_of(text));
  if (fit.fit != Fit::ok || fit.tolerance > 0 || !fit.unusable.empty()) {
    return std::nullopt;
  }
  return fit.bytes;
}

} // namespace smsscan::kb
