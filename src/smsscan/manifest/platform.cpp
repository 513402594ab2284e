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
  return std::nullopt;
}

} // namespace smsscan::manifest
