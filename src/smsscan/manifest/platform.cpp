#include "smsscan/manifest/platform.hpp"

#include "smsscan/util/text.hpp"

namespace smsscan::manifest {

std::string_view platform_name(Platform platform)
{
  switch (platform) {
  case Platform::intel:
    return "Intel";
  case Platform::alpha:
    return "Alpha";
  case Platform::mips:
    return "MIPS";
  case Platform::powerpc:
    return "PowerPC";
  case Platform::any:
    break;
  }
  return "";
}

std::optional<Platform> parse_platform(std::string_view text)
{
  const std::string lower = util::to_lower(util::trim(text));
  if (lower == "intel" || lower == "i386" || lower == "x86") {
    return Platform::intel;
  }
  if (lower == "alpha" || lower == "axp") {
    return Platform::alpha;
  }
  if (lower == "mips" || lower == "r4000") {
    return Platform::mips;
  }
  if (lower == "powerpc" || lower == "ppc") {
    return Platform::powerpc;
  }
  return std::nullopt;
}

std::string_view platform_list_text()
{
  return "Intel, Alpha, MIPS or PowerPC";
}

} // namespace smsscan::manifest
