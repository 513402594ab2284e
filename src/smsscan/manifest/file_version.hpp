// A Windows file version: four 16-bit parts, major.minor.build.revision.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace smsscan::manifest {

struct FileVersion
{
  std::array<std::uint16_t, 4> parts{};

  // From VS_FIXEDFILEINFO's FileVersionMS and FileVersionLS.
  static FileVersion from_ms_ls(std::uint32_t ms, std::uint32_t ls);

  std::uint16_t build() const { return parts[2]; }

  // "2.0.1380.1000": parts printed as plain numbers.
  std::string to_string() const;

  friend bool operator==(const FileVersion& a, const FileVersion& b) { return a.parts == b.parts; }
  friend bool operator!=(const FileVersion& a, const FileVersion& b) { return !(a == b); }
  friend bool operator<(const FileVersion& a, const FileVersion& b) { return a.parts < b.parts; }
  friend bool operator>(const FileVersion& a, const FileVersion& b) { return b < a; }
};

// The major.minor of a version: the product line a build belongs to (4.2 of
// 4.2.769.1, IIS 4.0; 5.0 of 5.0.2195.4051, Windows 2000).
struct VersionLine
{
  std::uint16_t major = 0;
  std::uint16_t minor = 0;

  std::string to_string() const; // "4.2"

  friend bool operator==(const VersionLine& a, const VersionLine& b)
  {
    return a.major == b.major && a.minor == b.minor;
  }
  friend bool operator!=(const VersionLine& a, const VersionLine& b) { return !(a == b); }
};

VersionLine version_line(const FileVersion& version);

// Parses one to four dot-separated decimal parts, each at most 65535; missing
// parts are zero and leading zeros are ignored, so "2.00.1380.0001" equals
// "2.0.1380.1". Leading and trailing spaces are allowed; a trailing text after
// a space (as in "5.0.2195.1 (SP1)") is ignored. nullopt for anything else.
std::optional<FileVersion> parse_file_version(std::string_view text);

} // namespace smsscan::manifest
