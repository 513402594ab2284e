#include "smsscan/kb/article_text.hpp"

#include "smsscan/util/text.hpp"
#include "smsscan/util/utf8.hpp"

namespace smsscan::kb {

using util::starts_with;
using util::trim;

namespace {

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

} // namespace

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

bool is_blank(std::string_view line)
{
  return trim(line).empty();
}

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

bool is_box_line(std::string_view line)
{
  return line.find('|') != std::string_view::npos && !is_box_rule(line);
}

std::vector<Token> tokenize(std::string_view line, bool boxed, std::size_t limit)
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

std::vector<std::string_view> words_of(std::string_view text)
{
  std::vector<std::string_view> words;
  for (const Token& token : tokenize(text, false)) {
    words.push_back(token.text);
  }
  return words;
}

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

std::string clean_text(std::string_view text)
{
  return util::sanitise_utf8(text, '?', ' ');
}

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

} // namespace smsscan::kb
