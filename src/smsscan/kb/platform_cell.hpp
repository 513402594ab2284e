// Reads the platform cells of KB file tables and the one platform a table's
// caption names.
//
// Processors: Intel (Intel, x86, (x86), ix86, i386, <x86>, Win32), Alpha
// (alpha, (alpha), AXP), MIPS (MIPS, R4000) and PowerPC (PPC, PowerPC).
// Operating systems in a Platform or Operating system column: Windows 95,
// Windows 98, Win9X, Windows 2000 (Intel only) and Windows NT (any
// processor); the cell's text is kept as the row's label, which tells the
// rows of one file apart. Empty cells, "all" and "Intel and Alpha" are every
// platform. 64-bit processors, Macintosh and Windows CE cells read, but name
// files a manifest for NT 4.0 and Windows 2000 machines does not hold.
#pragma once

#include "smsscan/kb/cell_text.hpp"
#include "smsscan/manifest/platform.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace smsscan::kb {

struct PlatformFit
{
  Fit fit = Fit::no;
  manifest::Platform platform = manifest::Platform::any;
  std::string label;       // the operating system as written ("Windows 95 OSR2"); "" for a processor
  std::string note;        // a qualifier after the processor ("Uniprocessor", "128-bit")
  std::string unsupported; // set for files of another kind of machine ("an IA-64 file")
};

PlatformFit read_platform(const std::vector<std::string_view>& words);

// The one platform a caption names ("Alpha:", "The x86 version of this fix"), if one.
std::optional<manifest::Platform> caption_platform(const std::string& caption);

} // namespace smsscan::kb
