// Reads the file-name cells of KB file tables: "Clicore.exe", "54831.sql",
// "Mstsc Client.exe", "Mstsc.exe (32-bit)", "System32\Drivers\Afd.sys",
// "Msv1_2.dll*" (a footnote mark), and bare names under a File name header
// ("Ntldr").
#pragma once

#include "smsscan/kb/article_text.hpp"
#include "smsscan/kb/cell_text.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace smsscan::kb {

// A file name with an extension: "Clicore.exe", "54831.sql", "Foo.dl_", and "Ntldr".
bool is_name_word(std::string_view word);

// A name without an extension ("Ntldr", "Iimltihd"): accepted only under a
// File name header, and only when no other reading fits.
bool is_bare_name_word(std::string_view word);

// The words before the last one of a name with spaces ("Mstsc" of "Mstsc Client.exe").
bool is_name_part(std::string_view word);

struct NameFit
{
  Fit fit = Fit::no;
  int penalty = 0;  // names of several words and bare names are less likely readings
  std::string name; // the bare file name
  std::string note; // "(32-bit)", the folder ("in System32\Drivers\") and footnote marks
};

// Reads tokens [from, to) of line as a name cell (never Fit::bad).
NameFit read_name(const std::vector<Token>& tokens, std::size_t from, std::size_t to, std::string_view line);

} // namespace smsscan::kb
