#include "smsscan/manifest/file_version.hpp"

#include "smsscan/util/text.hpp"

namespace smsscan::manifest {

FileVersion FileVersion::from_ms_ls(std::uint32_t ms, std::uint32_t ls)
{
  FileVersion version;
  version.parts = {static_cast<std::uint16_t>(ms >> 16), static_cast<std::uint16_t>(ms & 0xffff),
                   static_cast<std::uint16_t>(ls >> 16), static_cast<std::uint16_t>(ls & 0xffff)};
  return version;
}

std::string FileVersion::to_string() const
{
  return std::to_string(parts[0]) + "." + std::to_string(parts[1]) + "." + std::to_string(parts[2]) + "." +
         std::to_string(parts[3]);
}

std::string VersionLine::to_string() const
{
  return std::to_string(major) + "." + std::to_string(minor);
}

VersionLine version_line(const FileVersion& version)
{
  return VersionLine{version.parts[0], version.parts[1]};
}

std::optional<FileVersion> parse_file_version(std::string_view text)
{
  text = util::trim(text);
  // Version resources of the era sometimes use commas: "2, 0, 1380, 1000".
  // Keep the leading run of digits, dots, commas and the spaces after commas;
  // anything after it (" (SP1)") is a note, not part of the version.
  std::string normalised;
  bool after_comma = false;
  std::size_t used = 0;
  for (const char c : text) {
    if (c >= '0' && c <= '9') {
      normalised.push_back(c);
      after_comma = false;
    } else if (c == '.' || c == ',') {
      normalised.push_back('.');
      after_comma = c == ',';
    } else if (c == ' ' && after_comma) {
      // the space of "2, 0": part of the version
    } else {
      break;
    }
    ++used;
  }
  // A note must be set off by a space: "5.0.2195.1 (SP1)", not "2.0x".
  if (used < text.size() && text[used] != ' ' && text[used] != '\t') {
    return std::nullopt;
  }
  const auto pieces = util::split(normalised, '.');
  if (pieces.empty() || pieces.size() > 4) {
    return std::nullopt;
  }
  FileVersion version;
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    const auto value = util::parse_uint(util::trim(pieces[i]));
    if (!value || *value > 0xffff) {
      return std::nullopt;
    }
    version.parts[i] = static_cast<std::uint16_t>(*value);
  }
  return version;
}

} // namespace smsscan::manifest
