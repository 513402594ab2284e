#include "smsscan/verdict/file_verdict.hpp"

#include "smsscan/util/civil_time.hpp"
#include "smsscan/util/text.hpp"
#include "smsscan/verdict/row_choice.hpp"

#include <algorithm>

namespace smsscan::verdict {

namespace {

using evidence::FileEvidence;
using evidence::PeOutcome;
using manifest::FileVersion;
using manifest::Manifest;
using manifest::ManifestFile;
using manifest::ManifestTimes;
using manifest::parse_file_version;
using manifest::Platform;

constexpr std::int64_t k_earliest_plausible_link_time = 631152000; // 1990-01-01
constexpr std::int64_t k_day = 24 * 3600;

int rank(FileVerdict verdict)
{
  switch (verdict) {
  case FileVerdict::current:
  case FileVerdict::newer:
    return 3;
  case FileVerdict::review:
    return 2;
  case FileVerdict::outdated:
    return 1;
  case FileVerdict::corrupt:
  case FileVerdict::missing:
    break;
  }
  return 0;
}

std::string describe_seconds(std::int64_t seconds)
{
  const std::int64_t hours = (seconds < 0 ? -seconds : seconds) / 3600;
  if (hours >= 48) {
    return std::to_string(hours / 24) + " days";
  }
  return std::to_string(hours) + " h";
}

// The version of the file, from the fixed file info, else the version string.
std::optional<FileVersion> file_version_of(const FileEvidence& evidence)
{
  if (!evidence.pe || evidence.pe->outcome != PeOutcome::ok) {
    return std::nullopt;
  }
  if (evidence.pe->image.file_version) {
    return evidence.pe->image.file_version;
  }
  if (!evidence.pe->image.version_string.empty()) {
    return parse_file_version(evidence.pe->image.version_string);
  }
  return std::nullopt;
}

// How late a file of the fix may be dated: the manifest's plausible-until,
// else ten years after its latest dated row (no bound without one).
util::CivilDate plausible_until(const Manifest& manifest)
{
  if (manifest.plausible_until) {
    return *manifest.plausible_until;
  }
  std::optional<util::CivilDate> latest;
  for (const ManifestFile& row : manifest.files) {
    if (row.date && (!latest || util::days_from_civil(*row.date) > util::days_from_civil(*latest))) {
      latest = row.date;
    }
  }
  if (!latest) {
    return util::CivilDate{9999, 12, 31};
  }
  latest->year += 10;
  if (!util::is_valid_date(latest->year, latest->month, latest->day)) {
    latest->day = 28; // 29 February ten years on
  }
  return *latest;
}

// A file whose bytes could not be read, or a PE image that is not one.
std::optional<Judgement> unreadable_evidence(const FileEvidence& evidence)
{
  Judgement judgement;
  if (!evidence.read_error.empty()) {
    judgement.verdict = FileVerdict::corrupt;
    judgement.reason = "cannot be read: " + evidence.read_error;
    return judgement;
  }
  if (evidence.pe && evidence.pe->outcome != PeOutcome::ok) {
    judgement.verdict = FileVerdict::corrupt;
    judgement.reason = "not a readable PE image: " + evidence.pe->reason;
    return judgement;
  }
  return std::nullopt;
}

// The file's own evidence: platform and version from a PE image, and its
// date: the link time when plausible, else the file system's time.
Judgement what_the_file_says(const FileEvidence& evidence, const VerdictSettings& settings)
{
  Judgement base;
  if (evidence.pe && evidence.pe->outcome == PeOutcome::ok) {
    base.platform = evidence.pe->image.platform;
    if (const auto version = file_version_of(evidence)) {
      base.version = version->to_string();
    }
    const std::int64_t link_time = evidence.pe->image.link_time;
    if (link_time >= k_earliest_plausible_link_time && link_time <= settings.now + k_day) {
      base.date = link_time;
      base.date_source = "pe-link-time";
    }
  }
  if (!base.date && evidence.modified) {
    base.date = evidence.modified;
    base.date_source = std::string(time_source_name(evidence.time_source));
  }
  return base;
}

// A PE image that cannot be trusted as it stands: an unknown machine, a
// version resource that is there but unreadable, or a platform other than
// the folder's.
std::optional<Judgement> untrusted_image(const Manifest& manifest, const std::vector<const ManifestFile*>& rows,
                                         Platform location_platform, const FileEvidence& evidence,
                                         const Judgement& base)
{
  if (!evidence.pe || evidence.pe->outcome != PeOutcome::ok) {
    return std::nullopt;
  }
  Judgement judgement = base;
  judgement.verdict = FileVerdict::review;
  if (!rows.empty()) {
    judgement.row = rows.front();
    judgement.expected_date = row_time(manifest, *rows.front());
  }
  if (!base.platform) {
    char machine[16];
    std::snprintf(machine, sizeof(machine), "0x%x", evidence.pe->image.machine);
    judgement.reason = std::string("machine ") + machine + " is not " + std::string(manifest::platform_list_text());
    return judgement;
  }
  if (!evidence.pe->image.version_problem.empty()) {
    judgement.reason = "the version resource is there but unreadable (" + evidence.pe->image.version_problem +
                       "); the file's build cannot be told";
    return judgement;
  }
  if (location_platform != Platform::any && *base.platform != location_platform) {
    judgement.reason = "an " + std::string(platform_name(*base.platform)) + " image in a folder of " +
                       std::string(platform_name(location_platform)) + " files";
    return judgement;
  }
  return std::nullopt;
}

// Why a file system time cannot be the file's real date, or "": it is in
// the future, later than any file of the fix can plausibly be dated, or the
// machine's file times look reset by a copy.
std::string implausible_file_time(const Manifest& manifest, std::int64_t time, const VerdictSettings& settings)
{
  const std::string when = util::format_iso_utc(time).substr(0, 10);
  const std::string reset = "; the file times look reset (as by a copy that did not keep them), so the file "
                            "time proves nothing";
  if (time > settings.now + k_day) {
    return "the file time " + when + " is in the future" + reset;
  }
  const util::CivilDate until = plausible_until(manifest);
  if (time > util::utc_seconds(until, 24 * 60)) {
    return "the file time " + when + " is later than any file of this fix can be dated (" +
           util::format_iso_date(until) + ")" + reset;
  }
  if (settings.file_times_reset) {
    return "the machine's files all carry nearly the same time" + reset;
  }
  return {};
}

Judgement judge_against_row(const Manifest& manifest, const ManifestFile& row, const FileEvidence& evidence,
                            const VerdictSettings& settings, Judgement judgement)
{
  judgement.row = &row;
  judgement.expected_date = row_time(manifest, row);

  const std::optional<FileVersion> version = file_version_of(evidence);
  if (version && row.version) {
    if (*version < *row.version) {
      judgement.verdict = FileVerdict::outdated;
      judgement.reason = "version " + version->to_string() + " is older than " + row.version->to_string();
    } else if (*version == *row.version) {
      judgement.verdict = FileVerdict::current;
    } else {
      judgement.verdict = FileVerdict::newer;
      judgement.reason = "version " + version->to_string() + " is later than " + row.version->to_string();
    }
    return judgement;
  }
  if (version && manifest.min_build) {
    if (version->build() < *manifest.min_build) {
      judgement.verdict = FileVerdict::outdated;
      judgement.reason =
        "version " + version->to_string() + " is older than build " + std::to_string(*manifest.min_build);
    } else if (version->build() == *manifest.min_build) {
      judgement.verdict = FileVerdict::current;
    } else {
      judgement.verdict = FileVerdict::newer;
      judgement.reason =
        "version " + version->to_string() + " is later than build " + std::to_string(*manifest.min_build);
    }
    return judgement;
  }

  if (!judgement.expected_date) {
    judgement.verdict = FileVerdict::review;
    judgement.reason = "the article gives this file a version but no date, and the file has no version";
    return judgement;
  }
  if (!judgement.date) {
    judgement.verdict = FileVerdict::review;
    judgement.reason = "no file date to compare";
    return judgement;
  }
  if (judgement.date_source != "pe-link-time") {
    if (std::string problem = implausible_file_time(manifest, *judgement.date, settings); !problem.empty()) {
      judgement.verdict = FileVerdict::review;
      judgement.reason = std::move(problem);
      return judgement;
    }
  }
  // A row without a time stands for the whole day: widen the tolerance by half a day.
  const std::int64_t tolerance = settings.tolerance_seconds + (row.minutes ? 0 : 12 * 3600);
  const std::int64_t difference = *judgement.date - *judgement.expected_date;
  if (difference < -tolerance) {
    judgement.verdict = FileVerdict::outdated;
    judgement.reason = "dated " + describe_seconds(difference) + " before the fixed file, by " + judgement.date_source;
  } else if (difference > tolerance) {
    judgement.verdict = FileVerdict::newer;
    judgement.reason = "dated " + describe_seconds(difference) + " after the fixed file, by " + judgement.date_source;
  } else if (!row.size ||
             (evidence.size + row.size_tolerance >= *row.size && evidence.size <= *row.size + row.size_tolerance)) {
    judgement.verdict = FileVerdict::current;
  } else {
    judgement.verdict = FileVerdict::review;
    judgement.reason = "dated like the fixed file but " + std::to_string(evidence.size) + " bytes, not " +
                       (row.size_tolerance > 0 ? "about " : "") + std::to_string(*row.size);
  }
  return judgement;
}

} // namespace

std::string_view verdict_name(FileVerdict verdict)
{
  switch (verdict) {
  case FileVerdict::current:
    return "current";
  case FileVerdict::newer:
    return "newer";
  case FileVerdict::outdated:
    return "outdated";
  case FileVerdict::review:
    return "review";
  case FileVerdict::corrupt:
    return "corrupt";
  case FileVerdict::missing:
    return "missing";
  }
  return "review";
}

std::optional<std::int64_t> row_time(const Manifest& manifest, const ManifestFile& row)
{
  if (!row.date) {
    return std::nullopt;
  }
  const int minutes = row.minutes.value_or(12 * 60);
  return manifest.times == ManifestTimes::utc ? utc_seconds(*row.date, minutes) : pacific_seconds(*row.date, minutes);
}

Judgement judge_file(const Manifest& manifest, const std::vector<const ManifestFile*>& rows, Platform location_platform,
                     const FileEvidence& evidence, const VerdictSettings& settings)
{
  if (std::optional<Judgement> unreadable = unreadable_evidence(evidence)) {
    return *unreadable;
  }
  const Judgement base = what_the_file_says(evidence, settings);
  if (std::optional<Judgement> untrusted = untrusted_image(manifest, rows, location_platform, evidence, base)) {
    return *untrusted;
  }
  // The platform decides which rows apply: the PE header's, else the folder's.
  const Platform platform = base.platform ? *base.platform : location_platform;
  std::vector<const ManifestFile*> candidates;
  for (const ManifestFile* row : rows) {
    if (row->platform == Platform::any || platform == Platform::any || row->platform == platform) {
      candidates.push_back(row);
    }
  }
  if (candidates.empty()) {
    Judgement judgement = base;
    judgement.verdict = FileVerdict::review;
    judgement.reason = "the manifest has no " + std::string(platform_name(platform)) + " row for this file";
    return judgement;
  }
  const RowChoice choice = choose_rows(manifest, candidates, file_version_of(evidence));
  if (!choice.review.empty()) {
    Judgement judgement = base;
    judgement.verdict = FileVerdict::review;
    judgement.reason = choice.review;
    return judgement;
  }
  Judgement best;
  bool have_best = false;
  for (const ManifestFile* row : choice.rows) {
    Judgement judgement = judge_against_row(manifest, *row, evidence, settings, base);
    if (!have_best || rank(judgement.verdict) > rank(best.verdict)) {
      best = std::move(judgement);
      have_best = true;
    }
  }
  if (!choice.note.empty()) {
    best.reason = best.reason.empty() ? choice.note : best.reason + "; " + choice.note;
  }
  return best;
}

} // namespace smsscan::verdict
