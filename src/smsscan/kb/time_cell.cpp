#include "smsscan/kb/time_cell.hpp"

#include "smsscan/kb/article_text.hpp"
#include "smsscan/util/text.hpp"

#include <cstddef>
#include <string>

namespace smsscan::kb {

using util::to_lower;

bool is_meridiem(std::string_view word)
{
  const std::string lowered = to_lower(word);
  return lowered == "am" || lowered == "pm" || lowered == "a" || lowered == "p" || lowered == "a.m." ||
         lowered == "p.m." || lowered == "a.m" || lowered == "p.m";
}

TimeFit read_time(const std::vector<std::string_view>& words)
{
  TimeFit none;
  if (words.empty() || words.size() > 2) {
    return none;
  }
  std::string text = to_lower(words[0]);
  if (words.size() == 2) {
    const std::string second = to_lower(words[1]);
    if (text == "12:00" && (second == "midnight" || second == "noon")) {
      TimeFit named; // "12:00 midnight", "12:00 noon"
      named.fit = Fit::ok;
      named.minutes = second == "noon" ? 12 * 60 : 0;
      return named;
    }
    if (!is_meridiem(words[1])) {
      return none;
    }
    text += second;
  }
  // "11.31am": a dot for the colon, only with the meridiem that makes it a time.
  const std::size_t dot = text.find('.');
  if (dot != std::string::npos && dot > 0 && dot <= 2 && text.find(':') == std::string::npos && dot + 3 < text.size() &&
      (text[dot + 3] == 'a' || text[dot + 3] == 'p')) {
    text[dot] = ':';
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

std::optional<int> parse_kb_time(std::string_view text)
{
  const TimeFit fit = read_time(words_of(text));
  if (fit.fit != Fit::ok) {
    return std::nullopt;
  }
  return fit.minutes;
}

} // namespace smsscan::kb
