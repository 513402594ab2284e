// The manifest: which files a fix replaced, what the fixed files look like,
// and where on a machine they live. One ManifestFile per row of the
// article's file table; read from and written to XML by xml_reader and
// xml_writer.
#pragma once

#include "smsscan/manifest/file_version.hpp"
#include "smsscan/manifest/platform.hpp"
#include "smsscan/util/civil_time.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace smsscan::manifest {

// One row of the article's file table. A row names a file and gives a
// version or a date (or both); size and time where the article gives them.
struct ManifestFile
{
  std::string name;                    // "Clicore.exe"; matched case-insensitively
  std::optional<std::uint64_t> size;   // bytes; none when the article gives no size
  std::uint64_t size_tolerance = 0;    // an approximate size ("1,172 KB"): the file may differ by this many bytes
  std::optional<util::CivilDate> date; // date of the fixed file; none when the article gives no date
  std::optional<int> minutes;          // time of day, minutes after midnight
  Platform platform = Platform::any;   // any = the row applies to every platform
  std::optional<FileVersion> version;  // the fixed build, where the article gives one
  std::string version_text;            // the version as written in the article
  std::string note;                    // e.g. "32-bit" from "Mstsc.exe (32-bit)"
  std::string caption;                 // the table's caption, e.g. "The German version of this fix"
  // What tells this row apart from other rows of the same name and platform:
  // the section heading or caption it came from ("Internet Information
  // Server 4.0", "Windows 95", "16-bit"); empty when the name is listed once.
  std::string variant;
  int article_line = 0; // the row's line in the article it was imported from; 0 when not imported
  int line = 0;         // line in the manifest, for messages
};

// Where manifest files live: a share of the machine and a folder in it.
// share may contain "{site}", replaced by the site code (see roles.hpp).
struct Location
{
  std::string role;                  // one of k_roles
  std::string share;                 // "ADMIN$", "SMS_{site}"
  std::string path;                  // backslash-separated, "MS\SMS\CORE\BIN"; empty = share root
  Platform platform = Platform::any; // the platform of the copies kept here, if one
};

enum class ManifestTimes { local, utc };

// A Knowledge Base article a remediation points to.
struct ArticleReference
{
  std::string kb;    // "Q236325"
  std::string title; // may be empty
};

// What to do about a machine that needs the fix: the article's resolution
// and, until it is in place, its workaround, in words for the reports.
struct Remediation
{
  std::string text;
  std::vector<ArticleReference> references;
};

struct Manifest
{
  std::string source; // where it came from, for messages ("manifests/Q231399.xml")
  std::string kb;     // "Q231399"
  std::string title;
  std::string product;
  std::string fix; // "SMS 2.0 Service Pack 1"
  ManifestTimes times = ManifestTimes::local;
  // Build floor: files whose version build is lower are outdated. With a
  // version line ("2.0" of min-version="2.0.1380"), the floor only applies
  // to files of that line; a file of another line is review.
  std::optional<std::uint16_t> min_build;
  std::optional<VersionLine> min_build_line;
  // The latest date a file of the fix can plausibly carry (the end of the
  // product's life); a later file time is taken as reset, not as evidence.
  // Unset: ten years after the latest row.
  std::optional<util::CivilDate> plausible_until;
  std::vector<Location> locations;
  std::vector<ManifestFile> files;
  std::optional<Remediation> remediation;
  // Accounts the article's symptom is about ("SMSCliToknAcct&"), for
  // `smsscan accounts`; empty when the article names none.
  std::vector<std::string> accounts;
};

} // namespace smsscan::manifest
