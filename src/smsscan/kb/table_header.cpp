#include "smsscan/kb/table_header.hpp"

#include "smsscan/kb/row_matcher.hpp"
#include "smsscan/util/text.hpp"

#include <algorithm>
#include <array>
#include <string>
#include <string_view>
#include <utility>

namespace smsscan::kb {

using util::to_lower;
using util::trim;

namespace {

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
    {{"version", "and", "description"}, {Kind::note}},
    {{"sp", "requirement"}, {Kind::ignored}},
    {{"destination", "folder"}, {Kind::ignored}},
    {{"target", "folder"}, {Kind::ignored}},
    {{"installed", "in"}, {Kind::ignored}},
    {{"installed", "to"}, {Kind::ignored}},
    {{"date", "modified"}, {Kind::date}},
    {{"destination"}, {Kind::ignored}},
    {{"operating", "system"}, {Kind::label}},
    {{"operating", "systems"}, {Kind::label}},
    {{"module"}, {Kind::name}},
    {{"base"}, {Kind::ignored}},
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
    {{"language"}, {Kind::label}},
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

} // namespace

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
        // The words of one column's name stand close: "File         Version" is two columns.
        same = same && (w == 0 || header.boxed || words[i + w].start - words[i + w - 1].end <= 2);
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

namespace {

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
  // No rule: only a full header (three or more columns that are kept), and
  // only when a row follows.
  const auto kept = std::count_if(header.columns.begin(), header.columns.end(),
                                  [](const Column& column) { return column.kind != Kind::ignored; });
  if (kept < 3) {
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

} // namespace

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

} // namespace smsscan::kb
