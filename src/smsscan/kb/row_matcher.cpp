#include "smsscan/kb/row_matcher.hpp"

#include "smsscan/kb/article_text.hpp"
#include "smsscan/kb/name_cell.hpp"
#include "smsscan/kb/platform_cell.hpp"
#include "smsscan/kb/size_cell.hpp"
#include "smsscan/kb/time_cell.hpp"
#include "smsscan/kb/version_cell.hpp"

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

// The most words a value of each kind takes ("June 8, 1999", "1 172 311").
std::size_t max_group(Kind kind)
{
  switch (kind) {
  case Kind::date:
    return 3;
  case Kind::time:
    return 2;
  case Kind::size:
    return 4;
  case Kind::version:
    return 6;
  case Kind::platform:
    return 1;
  case Kind::name:
    return 8;
  case Kind::note:
    return 10;
  case Kind::ignored:
    return 6;
  }
  return 1;
}

void add_note(RowValue& value, const std::string& note)
{
  if (!note.empty()) {
    value.note = value.note.empty() ? note : value.note + "; " + note;
  }
}

// One cell: its words, the text they span as written, and where its value goes.
struct Cell
{
  std::vector<std::string_view> words;
  std::string_view written;
  RowValue* out = nullptr; // null while the matcher only weighs readings
};

CellFit fit_date(const Cell& cell, DateOrder order)
{
  CellFit result;
  const DateFit fit = read_date(cell.words, order);
  result.fit = fit.fit;
  if (fit.fit == Fit::bad) {
    result.error = "date " + quote(cell.written) + " does not exist";
  } else if (cell.out != nullptr && fit.fit == Fit::ok) {
    cell.out->date = fit.date;
  }
  return result;
}

CellFit fit_time(const Cell& cell)
{
  CellFit result;
  if (cell.words.empty() || (cell.words.size() == 1 && is_empty_marker(cell.words[0]))) {
    result.fit = Fit::ok;
    result.penalty = 1;
    return result;
  }
  const TimeFit fit = read_time(cell.words);
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
  const SizeFit fit = read_size(cell.words);
  result.fit = fit.fit;
  result.penalty = fit.penalty;
  if (fit.fit == Fit::bad) {
    result.error = "size " + quote(cell.written) + " is not a number of bytes";
  } else if (cell.out != nullptr && fit.fit == Fit::ok) {
    cell.out->size = fit.bytes;
  }
  return result;
}

CellFit fit_version(const Cell& cell)
{
  CellFit result;
  const VersionFit fit = read_version(cell.words, cell.written);
  result.fit = fit.fit;
  if (cell.words.empty()) {
    result.penalty = 1;
  }
  if (fit.fit == Fit::bad) {
    result.error = "version " + quote(cell.written) + " does not parse";
  } else if (cell.out != nullptr && fit.fit == Fit::ok) {
    const VersionValue value = version_value(fit.text);
    cell.out->version_text = value.text;
    cell.out->version = value.version;
  }
  return result;
}

CellFit fit_platform(const Cell& cell)
{
  CellFit result;
  const PlatformFit fit = read_platform(cell.words);
  result.fit = fit.fit;
  if (cell.words.empty()) {
    result.penalty = 1;
  }
  if (fit.fit == Fit::bad) {
    result.error = "platform " + quote(cell.written) + " is not supported (Intel and Alpha only)";
  } else if (cell.out != nullptr && fit.fit == Fit::ok) {
    cell.out->platform = fit.platform;
  }
  return result;
}

// A Note column takes anything; the implicit trailing one only a "(note)".
CellFit fit_note(const Cell& cell, const Column& column)
{
  CellFit result;
  if (column.implicit) {
    if (!cell.words.empty() && !is_parenthesised(cell.words, 0)) {
      return result;
    }
    if (cell.words.size() == 1 && read_platform(cell.words).fit != Fit::no) {
      return result; // "(Intel)" is a platform
    }
  }
  result.fit = Fit::ok;
  if (cell.out != nullptr && !cell.words.empty()) {
    add_note(*cell.out, column.implicit ? inner_note(cell.written) : std::string(cell.written));
  }
  return result;
}

// Reads tokens [from, to) as a value of the column; fills out when given.
CellFit fit_cell(const Column& column, const std::vector<Token>& tokens, std::size_t from, std::size_t to,
                 std::string_view line, DateOrder order, RowValue* out)
{
  Cell cell;
  cell.out = out;
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
      add_note(*out, fit.note);
    }
    return result;
  }
  case Kind::note:
    return fit_note(cell, column);
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

// Assigns the row's tokens to the columns: every column takes a run of
// tokens (maybe none) of its type, in order, and every token is taken.
RowParse parse_row_with(std::string_view line, const std::vector<Column>& columns, bool boxed, bool use_cells,
                        DateOrder order)
{
  RowParse result;
  const std::vector<Token> tokens = tokenize(line, boxed);
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
        const CellFit fit = fit_cell(column, tokens, i, i + length, line, order, nullptr);
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
    const CellFit fit = fit_cell(columns[c], tokens, i, i + lengths[c], line, order, &result.value);
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
    if (parse.matched && parse.error.empty()) {
      return true;
    }
  }
  return false;
}

} // namespace smsscan::kb
