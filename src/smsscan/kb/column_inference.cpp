#include "smsscan/kb/column_inference.hpp"

#include "smsscan/kb/article_text.hpp"
#include "smsscan/kb/date_cell.hpp"
#include "smsscan/kb/name_cell.hpp"
#include "smsscan/kb/platform_cell.hpp"
#include "smsscan/kb/size_cell.hpp"
#include "smsscan/kb/time_cell.hpp"
#include "smsscan/kb/version_cell.hpp"
#include "smsscan/util/text.hpp"

#include <array>
#include <cstddef>

namespace smsscan::kb {

using util::iequals;

std::optional<std::vector<Column>> infer_columns(std::string_view line, bool boxed)
{
  const std::vector<Token> tokens = tokenize(line, boxed, 13);
  if (tokens.size() < 3 || tokens.size() > 12) {
    return std::nullopt;
  }
  std::vector<Column> columns;
  const auto add = [&columns, boxed](Kind kind, const Token& first, const Token& last) {
    Column column;
    column.kind = kind;
    column.start = first.start;
    column.end = last.end;
    column.cell = boxed ? first.cell : -1;
    columns.push_back(column);
  };
  std::size_t i = 0;
  while (i < tokens.size()) {
    const std::string_view word = tokens[i].text;
    const bool next_meridiem = i + 1 < tokens.size() && is_meridiem(tokens[i + 1].text);
    const bool next_bytes = i + 1 < tokens.size() && is_bytes_word(tokens[i + 1].text);
    if (read_date_token(word, DateOrder::mdy).fit != Fit::no || read_date_token(word, DateOrder::dmy).fit != Fit::no) {
      add(Kind::date, tokens[i], tokens[i]);
    } else if (read_time({word}).fit != Fit::no ||
               (next_meridiem && read_time({word, tokens[i + 1].text}).fit != Fit::no)) {
      const std::size_t last = (next_meridiem && read_time({word}).fit == Fit::no) ? i + 1 : i;
      add(Kind::time, tokens[i], tokens[last]);
      i = last;
    } else if ((all_digits(word) || word.find(',') != std::string_view::npos) && read_size({word}).fit != Fit::no) {
      add(Kind::size, tokens[i], tokens[next_bytes ? i + 1 : i]);
      i += next_bytes ? 1 : 0;
    } else if (dotted_version_fit(word) != Fit::no) {
      add(Kind::version, tokens[i], tokens[i]);
    } else if (read_platform({word}).fit != Fit::no && !is_empty_marker(word) && !iequals(word, "all")) {
      add(Kind::platform, tokens[i], tokens[i]);
    } else if (is_name_word(word)) {
      add(Kind::name, tokens[i], tokens[i]);
    } else if (iequals(word, "(version") && i + 1 < tokens.size() &&
               read_version({word, tokens[i + 1].text}, "").fit != Fit::no) {
      add(Kind::version, tokens[i], tokens[i + 1]);
      ++i;
    } else if (word.front() == '(' && !columns.empty() && columns.back().kind == Kind::name) {
      // "(32-bit)" after the name belongs to it.
      std::size_t last = i;
      while (last < tokens.size() && tokens[last].text.back() != ')') {
        ++last;
      }
      if (last == tokens.size()) {
        return std::nullopt;
      }
      columns.back().end = tokens[last].end;
      i = last;
    } else {
      return std::nullopt;
    }
    ++i;
  }
  std::array<int, 8> seen{};
  for (const Column& column : columns) {
    ++seen[static_cast<std::size_t>(column.kind)];
  }
  for (const int count : seen) {
    if (count > 1) {
      return std::nullopt;
    }
  }
  if (seen[static_cast<std::size_t>(Kind::date)] == 0 || seen[static_cast<std::size_t>(Kind::size)] == 0 ||
      seen[static_cast<std::size_t>(Kind::name)] == 0) {
    return std::nullopt;
  }
  return columns;
}

} // namespace smsscan::kb
