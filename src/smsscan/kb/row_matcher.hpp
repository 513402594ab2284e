// Reads one row of a KB file table against the table's columns: every column
// takes a run of the row's words (maybe none) that reads as its type, in
// order, and every word is taken. Where several assignments fit, the one
// with the fewest penalties wins (a value far from its column under the
// header, an empty cell, a name of several words).
#pragma once

#include "smsscan/kb/columns.hpp"
#include "smsscan/kb/date_cell.hpp"
#include "smsscan/manifest/file_version.hpp"
#include "smsscan/manifest/platform.hpp"
#include "smsscan/util/civil_time.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace smsscan::kb {

// The values of one row, as far as the table has them.
struct RowValue
{
  std::optional<util::CivilDate> date;
  std::optional<int> minutes;
  std::optional<std::uint64_t> size;
  std::uint64_t size_tolerance = 0; // approximate sizes ("1,172 KB")
  std::string version_text;
  std::optional<manifest::FileVersion> version;
  manifest::Platform platform = manifest::Platform::any;
  std::string name;
  std::string note;
  std::string label;       // an operating system or language that tells rows of one file apart
  std::string unsupported; // set for a file of another kind of machine ("a file for the Macintosh")
};

struct RowParse
{
  bool matched = false; // the words fit the columns
  std::string error;    // set when they fit but a value is impossible ("date '02/30/99' does not exist")
  RowValue value;
};

// boxed: the table's rows are "| a | b |" lines; the words of a cell then
// stay in their column when they can.
RowParse parse_row(std::string_view line, const std::vector<Column>& columns, bool boxed, DateOrder order);

// True when the line reads as a row of these columns, with either date
// order, that gives a date or a version.
bool row_like(std::string_view line, const std::vector<Column>& columns, bool boxed);

} // namespace smsscan::kb
