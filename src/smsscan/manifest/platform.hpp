// Processor platform of a file or machine, as Microsoft KB tables name it.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace smsscan::manifest {

enum class Platform { any, intel, alpha };

// "Intel", "Alpha" or "" for Platform::any.
std::string_view platform_name(Platform platform);

// Accepts Intel, I386, x86, X86 and Alpha, ALPHA, AXP (any case).
// Returns nullopt for anything else, including the empty string.
std::optional<Platform> parse_platform(std::string_view text);

} // namespace smsscan::manifest
