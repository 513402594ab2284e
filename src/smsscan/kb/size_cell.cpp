#include "smsscan/kb/size_cell.hpp"

#include "smsscan/kb/article_text.hpp"
#include "smsscan/util/text.hpp"

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

std::optional<std::uint64_t> parse_kb_size(std::string_view text)
{
  const SizeFit fit = read_size(words_of(text));
  if (fit.fit != Fit::ok) {
    return std::nullopt;
  }
  return fit.bytes;
}

} // namespace smsscan::kb
