// The columns of a KB file table: what each holds and where it sits under
// the header, and the header itself (its lines and the columns it names).
#pragma once

#include <cstddef>
#include <vector>

namespace smsscan::kb {

// label: a column whose text tells rows of one file apart (Language,
// Operating system): it becomes part of the row's variant.
enum class Kind { date, time, version, size, name, platform, note, label, ignored };

// "Date", "File name", ...; "(ignored)" for columns the manifest does not keep.
const char* kind_label(Kind kind);

struct Column
{
  Kind kind = Kind::ignored;
  int start = 0; // span under the header (and its rule segment)
  int end = 0;
  int cell = -1;         // boxed tables: the cell index; -1 for none
  bool implicit = false; // not in the header: a trailing platform or note
};

struct Header
{
  std::vector<Column> columns;
  bool boxed = false;
  bool utc = false;      // "Time (UTC)"
  std::size_t first = 0; // first header line (index into the article's lines)
  std::size_t body = 0;  // first line after the header (and its rule); == first without a header
  bool has_rule = false;
};

bool has_kind(const std::vector<Column>& columns, Kind kind);

// The columns a row is read with: the header's, then a trailing platform
// (when the header has none) and a trailing "(note)".
std::vector<Column> row_columns(const Header& header);

} // namespace smsscan::kb
