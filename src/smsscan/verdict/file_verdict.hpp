// The file verdict: how one file found on a machine compares with the
// manifest rows of its name.
#pragma once

#include "smsscan/evidence/gather.hpp"
#include "smsscan/manifest/model.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace smsscan::verdict {

enum class FileVerdict { current, newer, outdated, review, corrupt, missing };
std::string_view verdict_name(FileVerdict verdict);

struct VerdictSettings
{
  std::int64_t tolerance_seconds = 24 * 3600;
  std::int64_t now = 0; // Unix seconds; link times after now + 1 day are implausible
  // Set per machine by the scan when every file of the machine carries
  // nearly the same time (see file_times_look_reset): file times then prove nothing.
  bool file_times_reset = false;
};

struct Judgement
{
  FileVerdict verdict = FileVerdict::review;
  const manifest::ManifestFile* row = nullptr; // the row the file was judged against
  std::optional<manifest::Platform> platform;  // from the PE header
  std::optional<std::int64_t> date;            // the file date used (Unix seconds)
  std::string date_source;                     // "pe-link-time", "mtime", "smb-change-time"
  std::optional<std::int64_t> expected_date;   // the row's date and time as Unix seconds
  std::string version;                         // the file's version, if read
  std::string reason;                          // why, in words an administrator can act on
};

// Judges a file against the manifest rows of its name. location_platform is
// the platform of the folder it was found in (any when the folder is shared).
// Of several candidate rows, choose_rows (row_choice.hpp) picks the ones of
// the file's version line; among those (other captions, e.g. languages) the
// most favourable verdict wins.
Judgement judge_file(const manifest::Manifest& manifest, const std::vector<const manifest::ManifestFile*>& rows,
                     manifest::Platform location_platform, const evidence::FileEvidence& evidence,
                     const VerdictSettings& settings);

// The wall-clock time of a manifest row as Unix seconds, honouring the
// manifest's times (local = US Pacific); a row without a time counts as noon,
// a row without a date has none.
std::optional<std::int64_t> row_time(const manifest::Manifest& manifest, const manifest::ManifestFile& row);

} // namespace smsscan::verdict
