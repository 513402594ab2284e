#include "smsscan/kb/caption.hpp"

#include "smsscan/kb/cell_text.hpp"
#include "smsscan/util/text.hpp"

#include <string_view>

namespace smsscan::kb {

using util::ends_with;
using util::to_lower;
using util::trim;

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

} // namespace smsscan::kb
