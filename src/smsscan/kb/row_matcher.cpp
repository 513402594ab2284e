#include "smsscan/kb/row_matcher.hpp"

#include "smsscan/kb/article_text.hpp"
#include "smsscan/kb/name_cell.hpp"
#include "smsscan/kb/platform_cell.hpp"
#include "smsscan/kb/size_cell.hpp"
#include "smsscan/kb/time_cell.hpp"
#include "smsscan/kb/version_cell.hpp"
#include "smsscan/util/text.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdlib>
#include <limits>

namespace smsscan::kb {

namespace {

struct CellFit
{
  Fit fit = Fit::no;
  int penalty = 0;
  std::string error;
};

constexpr std::size_t k_max_tokens = 40; // no real row has more
constexpr int k_bad_cost = 100000;
constexpr int k_infinite = std::numeric_limits<int>::max() / 4;

// The most words a value of each kind takes ("June 8, 1999 6:12 PM", "1 172 311").
std::size_t max_group(Kind kind)
{
  switch (kind) {
  case Kind::date:
    return 5;
  case Kind::time:
    return 2;
  case Kind::size:
    return 4;
  case Kind::version:
    return 10;
  case Kind::platform:
    return 5;
  case Kind::name:
    return 8;
  case Kind::note:
    return 10;
  case Kind::label:
    return 6;
  case Kind::ignored:
    return 6;
  }
  return 1;
}

void add_text(std::string& to, const std::string& text, const char* separator)
{
  if (!text.empty()) {
    to = to.empty() ? text : to + separator + text;
  }
}

// One cell: its words, the text they span as written, and where its value goes.
struct Cell
{
  std::vector<std::string_view> words;
  std::string_view written;
  bool boxed = false;      // the words are one | cell | of a boxed row
  RowValue* out = nullptr; // null while the matcher only weighs readings
};

bool is_empty_cell(const Cell& cell)
{
  return cell.words.empty() || (cell.words.size() == 1 && is_empty_marker(cell.words[0]));
}

// A date, or a date and a time in one cell ("1/07/99 06:04pm" under Date).
CellFit fit_date(const Cell& cell, DateOrder order)
{
  CellFit result;
  if (is_empty_cell(cell) || (cell.words.size() == 1 && util::to_lower(cell.words[0]) == "xx/xx/xx")) {
    result.fit = Fit::ok; // the row must then give a version
    result.penalty = 2;
    return result;
  }
  DateFit fit = read_date(cell.words, order);
  std::optional<int> minutes;
  for (const std::size_t date_words : {std::size_t{1}, std::size_t{3}}) {
    if (fit.fit != Fit::no || cell.words.size() <= date_words || cell.words.size() > date_words + 2) {
      continue;
    }
    const std::vector<std::string_view> date(cell.words.begin(),
                                             cell.words.begin() + static_cast<std::ptrdiff_t>(date_words));
    const std::vector<std::string_view> time(cell.words.begin() + static_cast<std::ptrdiff_t>(date_words),
                                             cell.words.end());
    const TimeFit time_fit = read_time(time);
    if (time_fit.fit == Fit::ok) {
      fit = read_date(date, order);
      minutes = time_fit.minutes;
      result.penalty = 1;
    }
  }
  result.fit = fit.fit;
  if (fit.fit == Fit::bad) {
    result.error = "date " + quote(cell.written) + " does not exist";
  } else if (cell.out != nullptr && fit.fit == Fit::ok) {
    cell.out->date = fit.date;
    if (minutes) {
      cell.out->minutes = minutes;
    }
  }
  return result;
}

// "xx:xx": the article's placeholder for an unknown time.
bool is_time_placeholder(const Cell& cell)
{
  return cell.words.size() == 1 && util::to_lower(cell.words[0]).find("xx:xx") == 0;
}

// "1815", "22.36" under a Time column: a 24-hour time without its colon,
// which only the column tells from a number.
TimeFit bare_time(const Cell& cell)
{
  TimeFit result;
  if (cell.words.size() != 1) {
    return result;
  }
  std::string text(cell.words[0]);
  if (text.size() == 5 && text[2] == '.') {
    text.erase(2, 1);
  }
  if (text.size() != 4 || !all_digits(text)) {
    return result;
  }
  const int hours = small_number(text.substr(0, 2));
  const int minutes = small_number(text.substr(2));
  if (hours > 23 || minutes > 59) {
    return result;
  }
  result.fit = Fit::ok;
  result.minutes = hours * 60 + minutes;
  return result;
}

CellFit fit_time(const Cell& cell)
{
  CellFit result;
  if (is_empty_cell(cell) || is_time_placeholder(cell)) {
    result.fit = Fit::ok;
    result.penalty = 1;
    return result;
  }
  TimeFit fit = read_time(cell.words);
  if (fit.fit == Fit::no) {
    fit = bare_time(cell);
    result.penalty = 2;
  }
  result.fit = fit.fit;
  if (fit.fit == Fit::bad) {
    result.error = "time " + quote(cell.written) + " is not a time of day";
  } else if (cell.out != nullptr && fit.fit == Fit::ok) {
    cell.out->minutes = fit.minutes;
  }
  return result;
}

CellFit fit_size(const Cell& cell)
{
  CellFit result;
  if (is_empty_cell(cell)) {
    result.fit = Fit::ok;
    result.penalty = 2;
    return result;
  }
  const SizeFit fit = read_size(cell.words);
  result.fit = fit.fit;
  result.penalty = fit.penalty;
  if (fit.fit == Fit::bad) {
    result.error = "size " + quote(cell.written) + " is not a number of bytes";
  } else if (cell.out != nullptr && fit.fit == Fit::ok && !fit.unusable.empty()) {
    add_text(cell.out->note, "size " + std::string(cell.written) + " not used: " + fit.unusable, "; ");
  } else if (cell.out != nullptr && fit.fit == Fit::ok) {
    cell.out->size = fit.bytes;
    cell.out->size_tolerance = fit.tolerance;
    if (fit.tolerance > 0) {
      add_text(cell.out->note, "size " + std::string(cell.written), "; ");
    }
  }
  return result;
}

CellFit fit_version(const Cell& cell)
{
  CellFit result;
  VersionFit fit = read_version(cell.words, cell.written);
  if (fit.fit == Fit::no && cell.boxed && has_alpha(cell.written)) {
    // "| TAPI 2.0 (from Windows NT 4.0 Service Pack 3) |": words in a
    // Version box, not a version; kept, and the row judged by its date.
    fit.fit = Fit::ok;
    fit.note = "version written " + std::string(cell.written);
    fit.penalty = 3;
  }
  result.fit = fit.fit;
  result.penalty = fit.penalty + (cell.words.empty() ? 1 : 0);
  if (fit.fit == Fit::bad) {
    result.error = "version " + quote(cell.written) + " does not parse";
  } else if (cell.out != nullptr && fit.fit == Fit::ok) {
    const VersionValue value = version_value(fit.text);
    cell.out->version_text = value.text;
    cell.out->version = value.version;
    add_text(cell.out->note, fit.note, "; ");
  }
  return result;
}

CellFit fit_platform(const Cell& cell)
{
  CellFit result;
  const PlatformFit fit = read_platform(cell.words);
  result.fit = fit.fit;
  result.penalty = cell.words.empty() ? 1 : static_cast<int>(cell.words.size()) - 1;
  if (cell.out != nullptr && fit.fit == Fit::ok) {
    cell.out->platform = fit.platform;
    add_text(cell.out->label, fit.label, ", ");
    add_text(cell.out->note, fit.note, "; ");
    cell.out->unsupported = fit.unsupported;
  }
  return result;
}

// A Note column takes anything; the implicit trailing one only a "(note)"
// or a comment after a lone dash ("- Renamed to Compver.ini").
CellFit fit_note(const Cell& cell, const Column& column)
{
  CellFit result;
  const bool dashed = cell.words.size() >= 2 && cell.words[0] == "-";
  if (column.implicit) {
    if (!cell.words.empty() && !is_parenthesised(cell.words, 0) && !dashed) {
      return result;
    }
    if (!cell.words.empty() && read_platform(cell.words).fit != Fit::no) {
      return result; // "(Intel)" is a platform
    }
  }
  result.fit = Fit::ok;
  if (cell.out != nullptr && !cell.words.empty()) {
    std::string text(cell.written);
    if (column.implicit) {
      text = dashed ? std::string(util::trim(cell.written.substr(1))) : inner_note(cell.written);
    }
    add_text(cell.out->note, text, "; ");
  }
  return result;
}

// Language, Operating system: any words, kept as the row's label.
CellFit fit_label(const Cell& cell)
{
  CellFit result;
  result.fit = Fit::ok;
  result.penalty = cell.words.empty() ? 1 : 0;
  if (cell.out != nullptr && !is_empty_cell(cell)) {
    const std::string_view text = cell.written;
    const bool bracketed = text.size() > 2 && text.front() == '(' && text.back() == ')';
    add_text(cell.out->label, bracketed ? inner_note(text) : std::string(text), ", ");
  }
  return result;
}

// Reads tokens [from, to) as a value of the column; fills out when given.
CellFit fit_cell(const Column& column, const std::vector<Token>& tokens, std::size_t from, std::size_t to,
                 std::string_view line, DateOrder order, bool boxed, RowValue* out)
{
  Cell cell;
  cell.out = out;
  cell.boxed = boxed;
  for (std::size_t t = from; t < to; ++t) {
    cell.words.push_back(tokens[t].text);
  }
  if (from < to) {
    const auto start = static_cast<std::size_t>(tokens[from].start);
    const auto end = static_cast<std::size_t>(tokens[to - 1].end);
    cell.written = line.substr(start, end - start);
  }
  switch (column.kind) {
  case Kind::date:
    return fit_date(cell, order);
  case Kind::time:
    return fit_time(cell);
  case Kind::size:
    return fit_size(cell);
  case Kind::version:
    return fit_version(cell);
  case Kind::platform:
    return fit_platform(cell);
  case Kind::name: {
    const NameFit fit = read_name(tokens, from, to, line);
    CellFit result;
    result.fit = fit.fit;
    result.penalty = fit.penalty;
    if (out != nullptr && fit.fit == Fit::ok) {
      out->name = fit.name;
      add_text(out->note, fit.note, "; ");
    }
    return result;
  }
  case Kind::note:
    return fit_note(cell, column);
  case Kind::label:
    return fit_label(cell);
  case Kind::ignored:
    break;
  }
  CellFit ignored;
  ignored.fit = Fit::ok;
  ignored.penalty = static_cast<int>(cell.words.size());
  return ignored;
}

// How far a value sits from its column under the header (0 when it overlaps).
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

// A Date or Size cell may be left empty (the row then gives a version, or
// no size), but only where the row has nothing under the column: a word
// there is the column's value or the row is misread ("06/08/99 abc B.dll"
// under Date, Size, File name is no row without a size).
bool must_be_filled(const Column& column, const std::vector<Token>& tokens, bool use_cells)
{
  if (column.implicit || (column.kind != Kind::date && column.kind != Kind::size)) {
    return false;
  }
  return std::any_of(tokens.begin(), tokens.end(), [&column, use_cells](const Token& token) {
    return use_cells ? token.cell == column.cell : token.start < column.end && column.start < token.end;
  });
}

// Assigns the row's tokens to the columns: every column takes a run of
// tokens (maybe none) of its type, in order, and every token is taken.
RowParse parse_row_with(std::string_view line, const std::vector<Column>& columns, bool boxed, bool use_cells,
                        DateOrder order)
{
  RowParse result;
  std::vector<Token> tokens = tokenize(line, boxed);
  // "----" between values fills an empty cell: it is no value of any column.
  tokens.erase(std::remove_if(tokens.begin(), tokens.end(),
                              [](const Token& token) {
                                return token.text.size() >= 2 &&
                                       token.text.find_first_not_of('-') == std::string_view::npos;
                              }),
               tokens.end());
  if (tokens.empty() || tokens.size() > k_max_tokens) {
    return result;
  }
  const std::size_t n = tokens.size();
  const std::size_t m = columns.size();
  std::vector<std::vector<int>> cost(m + 1, std::vector<int>(n + 1, k_infinite));
  std::vector<std::vector<std::size_t>> taken(m + 1, std::vector<std::size_t>(n + 1, 0));
  cost[0][0] = 0;
  for (std::size_t c = 0; c < m; ++c) {
    const Column& column = columns[c];
    const bool may_be_empty = !must_be_filled(column, tokens, use_cells);
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
        if (length == 0 && !may_be_empty) {
          continue;
        }
        const CellFit fit = fit_cell(column, tokens, i, i + length, line, order, use_cells, nullptr);
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
    const CellFit fit = fit_cell(columns[c], tokens, i, i + lengths[c], line, order, use_cells, &result.value);
    if (fit.fit == Fit::bad && result.error.empty()) {
      result.error = fit.error;
    }
    i += lengths[c];
  }
  return result;
}

} // namespace

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
    if (parse.matched && parse.error.empty() && (parse.value.date || parse.value.version)) {
      return true;
    }
  }
  return false;
}

} // namespace smsscan::kb
