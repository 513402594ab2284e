// Reads the platform cells of KB file tables (Intel, x86, Alpha, "(Intel)",
// empty or "all" for every platform), and the one platform a table's
// caption names.
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
};

// Fit::bad for platforms a manifest cannot hold (IA-64, x64, MIPS, PowerPC).
PlatformFit read_platform(const std::vector<std::string_view>& words);

// The one platform a caption names ("Alpha:", "The x86 version of this fix"), if one.
std::optional<manifest::Platform> caption_platform(const std::string& caption);

} // namespace smsscan::kb
