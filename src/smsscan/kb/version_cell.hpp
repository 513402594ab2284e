// Reads the versions of KB file tables: "4.00.1114", "2.0.1380.1405",
// "2, 0, 1380, 1000", "5.0.2195.1 (SP1)", "(version 3.5.34)", a colon typo
// ("5.0:2195.2097"), a bare build ("786", kept as a note) and empty cells
// ("", "n/a", "-").
#pragma once

#include "smsscan/kb/cell_text.hpp"
#include "smsscan/manifest/file_version.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace smsscan::kb {

// Dotted digits, 2 to 4 parts; Fit::bad for dotted digits that are no
// version (a part above 65535, more than four parts).
Fit dotted_version_fit(std::string_view word);

struct VersionFit
{
  Fit fit = Fit::no;
  std::string text; // as written, "" for an empty cell (or a version no file has: see note)
  std::string note; // what the cell said that is not a version ("build 786")
  int penalty = 0;  // readings that are not a dotted version are less likely
};

VersionFit read_version(const std::vector<std::string_view>& words, std::string_view as_written);

// The version a cell's text stands for, and the text to keep: as written
// when the version reader takes it, else the same numbers dotted
// ("2, 0, 1380, 1000" -> "2.0.1380.1000"); both empty for an empty cell.
struct VersionValue
{
  std::string text;
  std::optional<manifest::FileVersion> version;
};
VersionValue version_value(const std::string& written);

} // namespace smsscan::kb
