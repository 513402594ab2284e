// The manifest: which files a fix replaced, what the fixed files look like,
// and where on a machine they live. XML, one <file> per row of the article.
#pragma once

#include "civil_time.hpp"
#include "file_version.hpp"
#include "platform.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace smsscan {

// One row of the article's file table.
struct ManifestFile
{
  std::string name;                   // "Clicore.exe"; matched case-insensitively
  std::uint64_t size = 0;             // bytes
  CivilDate date;                     // date of the fixed file
  std::optional<int> minutes;         // time of day, minutes after midnight
  Platform platform = Platform::any;  // any = the row applies to every platform
  std::optional<FileVersion> version; // the fixed build, where the article gives one
  std::string version_text;           // the version as written in the article
  std::string note;                   // e.g. "32-bit" from "Mstsc.exe (32-bit)"
  std::string caption;                // the table's caption, e.g. "The German version of this fix"
  int line = 0;                       // line in the manifest, for messages
};

// Where manifest files live: a share of the machine and a folder in it.
// share may contain "{site}", replaced by the site code.
struct Location
{
  std::string role;                  // client, site-server, cap, logon-point
  std::string share;                 // "ADMIN$", "SMS_{site}"
  std::string path;                  // backslash-separated, "MS\SMS\CORE\BIN"; empty = share root
  Platform platform = Platform::any; // the platform of the copies kept here, if one
};

enum class ManifestTimes { local, utc };

struct Manifest
{
  std::string source; // where it came from, for messages ("manifests/Q231399.xml")
  std::string kb;     // "Q231399"
  std::string title;
  std::string product;
  std::string fix; // "SMS 2.0 Service Pack 1"
  ManifestTimes times = ManifestTimes::local;
  std::optional<std::uint16_t> min_build; // build floor: files whose version build is lower are outdated
  std::vector<Location> locations;
  std::vector<ManifestFile> files;
};

struct ManifestError
{
  std::string source;
  int line = 0;                  // 0 when no line applies
  std::string message;           // what is wrong
  std::string to_string() const; // "manifests/x.xml:12: file 'A.dll': size 'abc' is not a number"
};

// Either a manifest or the reason it was refused.
struct ManifestResult
{
  std::optional<Manifest> manifest;
  ManifestError error;
};

// Parses and validates manifest XML. Refuses bad XML, a missing or
// non-numeric size, an impossible date or time, an unknown platform or role,
// an unparsable version, and a manifest without files.
ManifestResult parse_manifest(std::string_view xml, std::string_view source_name);

// Reads a manifest file; a file that cannot be read is refused like bad XML.
ManifestResult load_manifest_file(const std::string& path);

// The manifest compiled into the binary (manifests/Q231399.xml).
ManifestResult load_default_manifest();

// Serialises a manifest to XML that parse_manifest accepts.
std::string write_manifest_xml(const Manifest& manifest);

// The roles the manifest's locations name, in order of first appearance.
std::vector<std::string> manifest_roles(const Manifest& manifest);

} // namespace smsscan
