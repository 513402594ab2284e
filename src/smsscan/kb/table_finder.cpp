#include "smsscan/kb/table_finder.hpp"

#include "smsscan/kb/caption.hpp"
#include "smsscan/kb/column_inference.hpp"
#include "smsscan/kb/date_cell.hpp"
#include "smsscan/kb/name_cell.hpp"
#include "smsscan/kb/row_matcher.hpp"
#include "smsscan/kb/size_cell.hpp"
#include "smsscan/kb/table_header.hpp"
#include "smsscan/util/text.hpp"

#include <algorithm>
#include <string_view>
#include <utility>

namespace smsscan::kb {

using util::starts_with;
using util::to_lower;
using util::trim;

std::string filler_line(std::string_view text)
{
  const std::string lowered = to_lower(trim(text));
  if (lowered == "-or-" || lowered == "or" || lowered == "- or -") {
    return "a separator between alternatives";
  }
  if (lowered.find("<dir>") != std::string::npos) {
    return "a folder entry of a directory listing";
  }
  const std::vector<std::string_view> words = words_of(lowered);
  if (words.size() >= 2 && all_digits(words[0]) &&
      (words[1] == "file(s)" || words[1] == "file" || words[1] == "files" || words[1] == "dir(s)")) {
    return "the totals of a directory listing";
  }
  return "";
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

namespace {

bool has_name_word(std::string_view text)
{
  for (const auto word : words_of(text)) {
    if (is_name_word(word)) {
      return true;
    }
  }
  return false;
}

} // namespace

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

bool is_sub_caption(std::string_view text)
{
  text = trim(text);
  return !text.empty() && text.back() == ':' && words_of(text).size() <= 10 && !has_date_word(text) &&
         !has_name_word(text);
}

namespace {

// "C:\source> dir /x" above, or "<DIR>" in the block: the output of a
// command that lists files, which is no list of fixed files.
bool in_directory_listing(const std::vector<Line>& lines, std::size_t row)
{
  std::size_t start = row;
  while (start > 0 && !is_blank(lines[start - 1].text)) {
    --start;
  }
  std::size_t end = row;
  while (end < lines.size() && !is_blank(lines[end].text)) {
    ++end;
  }
  for (std::size_t k = start; k < end; ++k) {
    const std::string_view text = trim(lines[k].text);
    const std::size_t prompt = text.find(":\\");
    if (text.find("<DIR>") != std::string_view::npos ||
        (prompt == 1 && text.find('>') != std::string_view::npos && text.find('>') < text.find(' ') + 1)) {
      return true;
    }
  }
  // The paragraph above may be the command itself.
  std::size_t above = start;
  while (above > 0 && is_blank(lines[above - 1].text)) {
    --above;
  }
  if (above > 0) {
    const std::string_view text = trim(lines[above - 1].text);
    return text.find(":\\") == 1 && text.find('>') != std::string_view::npos;
  }
  return false;
}

// Below a header, only ". <DIR>" entries and totals up to the next blank line.
bool only_fillers_follow(const std::vector<Line>& lines, std::size_t body)
{
  std::size_t k = body;
  while (k < lines.size() && is_blank(lines[k].text)) {
    ++k;
  }
  const std::size_t first = k;
  while (k < lines.size() && !is_blank(lines[k].text) && !filler_line(lines[k].text).empty()) {
    ++k;
  }
  return k > first && (k == lines.size() || is_blank(lines[k].text));
}

// Reads one table from its header on; returns the index after its last line.
// A headerless table (header.first == header.body) ends at the first line
// that is not a row of its shape instead of failing on it.
std::size_t read_table(const std::vector<Line>& lines, const Header& header, TableScan& scan)
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
      std::size_t k = next_filled(j);
      while (k < lines.size() && !filler_line(lines[k].text).empty() && k + 1 < lines.size() &&
             !is_blank(lines[k + 1].text)) {
        ++k; // ". <DIR>" lines before the rows of a listing
      }
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
    // A label over rows ("Pan-Chinese") starts where the table starts; a
    // line indented under the last column continues the row above instead.
    const std::vector<Token> label_words = tokenize(text, false, 4);
    const bool label_line = !headerless && label_words.size() <= 3 && !label_words.empty() && !table.columns.empty() &&
                            label_words.front().start <= table.columns.front().start + 2 && !has_date_word(text) &&
                            !has_name_word(text) && j + 1 < lines.size() &&
                            row_like(lines[j + 1].text, table.columns, boxed);
    if (!boxed && (is_sub_caption(text) || label_line) && !row_like(text, table.columns, boxed)) {
      caption = std::string(trim(text)); // "Alpha:", "Pan-Chinese" over rows
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
  if (table.rows.empty() && only_fillers_follow(lines, header.body)) {
    // A directory listing of folders only ("0 file(s)"): nothing to import, nothing wrong.
    scan.notes.push_back({lines[header.first].number, "the table lists no files"});
    std::size_t k = header.body;
    while (k < lines.size() && (is_blank(lines[k].text) || !filler_line(lines[k].text).empty())) {
      scan.used[k++] = true;
    }
    for (std::size_t u = header.first; u < header.body && u < scan.used.size(); ++u) {
      scan.used[u] = true;
    }
    return std::max(k, header.first + 1);
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

} // namespace

TableScan find_tables(const std::vector<Line>& lines, std::size_t header_end)
{
  TableScan scan;
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
    const bool boxed = is_box_line(lines[i].text);
    auto columns = infer_columns(lines[i].text, boxed);
    if (!columns) {
      continue;
    }
    if (in_directory_listing(lines, i)) {
      scan.notes.push_back(
        {lines[i].number, "file rows of a directory listing (a command's output), not a file table"});
      while (i + 1 < lines.size() && !is_blank(lines[i + 1].text)) {
        ++i;
      }
      continue;
    }
    // The block's widest shape (a row may leave out its version).
    for (std::size_t k = i + 1; k < lines.size() && k < i + 200 && !scan.used[k]; ++k) {
      if (is_rule(lines[k].text) && boxed) {
        continue; // the borders between boxed rows
      }
      auto other = infer_columns(lines[k].text, boxed);
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
    header.boxed = boxed;
    if (!row_like(lines[i].text, row_columns(header), boxed)) {
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

} // namespace smsscan::kb
