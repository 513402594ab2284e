#include "smsscan/kb/cell_text.hpp"

#include "smsscan/util/text.hpp"

#include <algorithm>

namespace smsscan::kb {

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

bool is_empty_marker(std::string_view word)
{
  const std::string lowered = util::to_lower(word);
  return lowered == "-" || lowered == "--" || lowered == "---" || lowered == "n/a" || lowered == "na" ||
         lowered == "none" || lowered == "(none)";
}

bool is_parenthesised(const std::vector<std::string_view>& words, std::size_t from)
{
  if (from >= words.size()) {
    return false;
  }
  const char open = words[from].front();
  const char close = open == '(' ? ')' : ']';
  if ((open != '(' && open != '[') || words.back().back() != close) {
    return false;
  }
  // One group: "(pre SP1)", not "(Intel) ... (Alpha)".
  for (std::size_t w = from; w < words.size(); ++w) {
    const std::string_view word = words[w];
    const std::size_t closing = word.find(close);
    if ((closing != std::string_view::npos && (w + 1 < words.size() || closing + 1 < word.size())) ||
        (w > from && word.find(open) != std::string_view::npos)) {
      return false;
    }
  }
  return true;
}

std::string_view strip_trailing_comma(std::string_view text)
{
  if (!text.empty() && text.back() == ',') {
    text.remove_suffix(1);
  }
  return text;
}

std::string inner_note(std::string_view text)
{
  text = util::trim(text);
  if (text.size() >= 2) {
    text = text.substr(1, text.size() - 2);
  }
  return std::string(util::trim(text));
}

} // namespace smsscan::kb
