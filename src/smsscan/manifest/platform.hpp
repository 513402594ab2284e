// Processor platform of a file or machine, as Microsoft KB tables name it.
// Windows NT 4.0 ran on all four; Windows 2000 on Intel (and Alpha betas).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace smsscan::manifest {

enum class Platform { any, intel, alpha, mips, powerpc };

// The last Platform: a decoder refuses any number above it.
inline constexpr Platform k_last_platform = Platform::powerpc;

// "Intel", "Alpha", "MIPS", "PowerPC" or "" for Platform::any.
std::string_view platform_name(Platform platform);

// Accepts Intel, I386, x86; Alpha, AXP; MIPS, R4000; PowerPC, PPC (any case).
// Returns nullopt for anything else, including the empty string.
std::optional<Platform> parse_platform(std::string_view text);

// "Intel, Alpha, MIPS or PowerPC", for messages.
std::string_view platform_list_text();

} // namespace smsscan::manifest
