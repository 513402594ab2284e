#include "smsscan/kb/platform_cell.hpp"

#include "smsscan/util/text.hpp"

#include <array>
#include <cstddef>

namespace smsscan::kb {

using manifest::parse_platform;
using manifest::Platform;
using util::iequals;
using util::to_lower;

namespace {

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

} // namespace

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

} // namespace smsscan::kb
