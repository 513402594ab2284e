// Finds every file table of a KB article: from each header, rows until a
// blank line; rows of the same shape after a blank line, or after a
// one-line sub-caption such as "Alpha:", continue the table. Rows with no
// header at all are read when every word has a type. Each table then gets
// its caption.
#pragma once

#include "smsscan/kb/article_text.hpp"
#include "smsscan/kb/columns.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace smsscan::kb {

struct TableRow
{
  std::size_t line = 0; // index into the article's lines
  std::string caption;  // a sub-caption above the row ("Alpha:"); else the table's
};

struct Table
{
  Header header;
  std::vector<Column> columns; // the header's, plus implicit trailing ones
  std::string caption;
  std::vector<TableRow> rows;
};

struct TableScan
{
  std::vector<Table> tables;     // in article order
  std::vector<bool> used;        // per line: it belongs to a table (or the article header)
  std::vector<Problem> problems; // what refuses the import
  std::vector<Problem> notes;    // warnings
};

// header_end: the lines before it are the article's header fields, which
// are neither tables nor captions.
TableScan find_tables(const std::vector<Line>& lines, std::size_t header_end);

// Lines in a table that are no rows and say nothing about one: "-or-"
// between alternatives, ". <DIR>" folder entries and "4 File(s) 14 bytes"
// totals of a directory listing. The reason, else "".
std::string filler_line(std::string_view text);

// A word of the text reads as a date (either order).
bool has_date_word(std::string_view text);

// "NOTE: ..." or a long sentence: text after a table, not a row of it.
bool is_prose(std::string_view text);

// "Alpha:", "Windows NT 4.0 Server:": a caption inside a table.
bool is_sub_caption(std::string_view text);

// Lines outside every table that look like file rows: a date, a file name
// and a number.
std::vector<std::size_t> orphan_rows(const std::vector<Line>& lines, const std::vector<bool>& used);

} // namespace smsscan::kb
