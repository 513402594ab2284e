#include "smsscan/verdict/file_verdict.hpp"

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
  Judgement base;
  if (!evidence.read_error.empty()) {
    base.verdict = FileVerdict::corrupt;
    base.reason = "cannot be read: " + evidence.read_error;
    return base;
  }
  if (evidence.pe && evidence.pe->outcome != PeOutcome::ok) {
    base.verdict = FileVerdict::corrupt;
    base.reason = "not a readable PE image: " + evidence.pe->reason;
    return base;
  }
  const bool is_pe = evidence.pe && evidence.pe->outcome == PeOutcome::ok;
  if (is_pe) {
    base.platform = evidence.pe->image.platform;
    if (const auto version = file_version_of(evidence)) {
      base.version = version->to_string();
    }
    const std::int64_t link_time = evidence.pe->image.link_time;
    if (link_time >= k_earliest_plausible_link_time && link_time <= settings.now + 86400) {
      base.date = link_time;
      base.date_source = "pe-link-time";
    }
  }
  if (!base.date && evidence.modified) {
    base.date = evidence.modified;
    base.date_source = std::string(time_source_name(evidence.time_source));
  }

  if (is_pe && !base.platform) {
    char machine[16];
    std::snprintf(machine, sizeof(machine), "0x%x", evidence.pe->image.machine);
    base.verdict = FileVerdict::review;
    base.reason = std::string("machine ") + machine + " is not " + std::string(manifest::platform_list_text());
    if (!rows.empty()) {
      base.row = rows.front();
      base.expected_date = row_time(manifest, *rows.front());
    }
    return base;
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
    base.verdict = FileVerdict::review;
    base.reason = "the manifest has no " + std::string(platform_name(platform)) + " row for this file";
    return base;
  }
  const RowChoice choice = choose_rows(manifest, candidates, file_version_of(evidence));
  if (!choice.review.empty()) {
    base.verdict = FileVerdict::review;
    base.reason = choice.review;
    return base;
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
  if (is_pe && !evidence.pe->image.version_problem.empty() && best.reason.empty()) {
    best.reason = "version resource unreadable: " + evidence.pe->image.version_problem;
  }
  if (!choice.note.empty()) {
    best.reason = best.reason.empty() ? choice.note : best.reason + "; " + choice.note;
  }
  return best;
}

} // namespace smsscan::verdict
