// The manifest rows of one KB file table: each row read against the table's
// columns (month first, or day first when only that reading makes sense),
// the platform a caption names given to rows without one, and the rows a
// manifest cannot use set aside with the reason.
#pragma once

#include "smsscan/kb/article_text.hpp"
#include "smsscan/kb/table_finder.hpp"
#include "smsscan/manifest/model.hpp"

#include <string>
#include <vector>

namespace smsscan::kb {

struct TableFiles
{
  std::vector<manifest::ManifestFile>
    files;                       // with name, values, note, caption, article_line; variant = the row's label
  std::vector<Problem> problems; // rows that cannot be read: they refuse the import
  std::vector<Problem> notes;    // warnings
  std::vector<Problem> skipped;  // rows read but not imported, and why
};

// A table needs a Date or a Version column: a manifest row is judged by
// one of them. Tables without either, tables whose caption says they list
// the files behind the problem, rows that give neither, and rows for
// machines a manifest for NT 4.0 and Windows 2000 does not hold (64-bit,
// Macintosh, Windows CE) are skipped, each with the reason.
TableFiles table_files(const Table& table, const std::vector<Line>& lines);

} // namespace smsscan::kb
