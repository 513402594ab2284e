// The verdict: how one file found on a machine compares with the manifest,
// and how a machine's files add up to its status.
#pragma once

#include "manifest.hpp"
#include "pe_image.hpp"
#include "transport.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace smsscan {

// What the scanner learned about one file on a machine.
struct FileEvidence
{
  std::string name; // as the machine spells it
  std::uint64_t size = 0;
  std::optional<std::int64_t> modified; // Unix seconds
  TimeSource time_source = TimeSource::none;
  bool pe_expected = false;   // .exe, .dll and friends must be PE images
  std::optional<PeResult> pe; // set when the file was inspected as PE
  std::string read_error;     // an I/O failure while reading the file
  std::string sha256;         // --deep only
  std::uint64_t bytes_read = 0;
};

// True for names whose extension says "Windows PE image" (.exe, .dll, .sys, ...).
bool name_expects_pe(std::string_view name);

enum class FileVerdict { current, newer, outdated, review, corrupt, missing };
std::string_view verdict_name(FileVerdict verdict);

struct VerdictSettings
{
  std::int64_t tolerance_seconds = 24 * 3600;
  std::int64_t now = 0; // Unix seconds; link times after now + 1 day are implausible
};

struct Judgement
{
  FileVerdict verdict = FileVerdict::review;
  const ManifestFile* row = nullptr;         // the row the file was judged against
  std::optional<Platform> platform;          // from the PE header
  std::optional<std::int64_t> date;          // the file date used (Unix seconds)
  std::string date_source;                   // "pe-link-time", "mtime", "smb-change-time"
  std::optional<std::int64_t> expected_date; // the row's date and time as Unix seconds
  std::string version;                       // the file's version, if read
  std::string reason;                        // why, in words an administrator can act on
};

// Judges a file against the manifest rows of its name. location_platform is
// the platform of the folder it was found in (any when the folder is shared).
// With several candidate rows (other captions, e.g. languages) the most
// favourable verdict wins.
Judgement judge_file(const Manifest& manifest, const std::vector<const ManifestFile*>& rows, Platform location_platform,
                     const FileEvidence& evidence, const VerdictSettings& settings);

// The wall-clock time of a manifest row as Unix seconds, honouring the
// manifest's times (local = US Pacific); a row without a time counts as noon.
std::int64_t row_time(const Manifest& manifest, const ManifestFile& row);

enum class MachineStatus {
  compliant,
  needs_fix,
  review,
  not_installed,
  unreachable,
  auth_failed,
  access_denied,
  skipped,
  error,
};
std::string_view status_name(MachineStatus status);

// True for the statuses that mean the machine could not be scanned.
bool is_unscanned(MachineStatus status);

// Status from file verdicts alone: needs-fix if any is outdated, review if
// any is review or corrupt, compliant if any file was found, else not-installed.
MachineStatus status_from_verdicts(const std::vector<FileVerdict>& verdicts);

} // namespace smsscan
