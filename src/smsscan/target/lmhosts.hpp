// lmhosts files (--lmhosts FILE): NetBIOS names mapped to IPv4 addresses, in
// the format Windows and Samba read:
//   10.1.2.3   PC042             # comment
//   10.1.2.4   PC043   #PRE #DOM:LAB
//   10.1.2.5   "PC044          \0x20"
// One entry per line: the address, the name (at most 15 characters; quoted
// to hold spaces, with an optional \0xNN name type as the 16th byte), then
// keywords (#PRE, #DOM:...) that only matter to Windows and are ignored.
// '#' starts a comment elsewhere. #INCLUDE and #BEGIN_ALTERNATE blocks are
// not followed (they name files on other machines): such lines are reported
// and skipped, like any bad line. The first entry of a name wins.
#pragma once

#include "smsscan/util/error.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace smsscan::target {

struct LmhostsEntry
{
  std::string name;    // upper case, without the name type
  std::string address; // dotted IPv4
  int line = 0;
};

struct Lmhosts
{
  std::vector<LmhostsEntry> entries;
  std::vector<util::Error> errors; // bad lines (source, line, message), skipped
  // The address of a NetBIOS name (case-insensitive), if an entry has it.
  std::optional<std::string> find(std::string_view name) const;
};

// source names the file in errors.
Lmhosts parse_lmhosts(std::string_view content, std::string_view source);

} // namespace smsscan::target
