#include "smsscan/report/columns.hpp"

#include "smsscan/util/civil_time.hpp"
#include "smsscan/util/text.hpp"

#include <algorithm>
#include <set>
#include <vector>

namespace smsscan::report {

using scan::FileFinding;
using scan::MachineResult;
using verdict::FileVerdict;

std::string finding_label(const FileFinding& finding)
{
  std::string name = finding.found ? finding.evidence.name : finding.wanted;
  if (finding.location && finding.location->role == "client") {
    return name;
  }
  return finding.share + "\\" + (finding.folder.empty() ? "" : finding.folder + "\\") + name;
}

std::string finding_location(const FileFinding& finding)
{
  return finding.share + (finding.folder.empty() ? "" : "\\" + finding.folder);
}

std::size_t files_found(const MachineResult& result)
{
  return static_cast<std::size_t>(
    std::count_if(result.files.begin(), result.files.end(), [](const FileFinding& finding) { return finding.found; }));
}

std::string outdated_text(const MachineResult& result)
{
  std::vector<std::string> parts;
  for (const FileFinding& finding : result.files) {
    if (finding.found && finding.judgement.verdict == FileVerdict::outdated) {
      parts.push_back(finding_label(finding) + " (" + finding.judgement.reason + ")");
    }
  }
  return util::join(parts, "; ");
}

std::string review_text(const MachineResult& result)
{
  std::vector<std::string> parts;
  for (const FileFinding& finding : result.files) {
    const FileVerdict verdict = finding.judgement.verdict;
    if (finding.found && (verdict == FileVerdict::review || verdict == FileVerdict::corrupt)) {
      parts.push_back(finding_label(finding) + " (" + std::string(verdict::verdict_name(verdict)) + ": " +
                      finding.judgement.reason + ")");
    }
  }
  return util::join(parts, "; ");
}

std::string error_text(const MachineResult& result)
{
  return util::join(result.errors, "; ");
}

std::string installed_builds(const MachineResult& result)
{
  std::set<std::uint16_t> builds;
  for (const FileFinding& finding : result.files) {
    if (finding.found) {
      if (const auto version = manifest::parse_file_version(finding.judgement.version)) {
        builds.insert(version->build());
      }
    }
  }
  std::vector<std::string> parts;
  for (const std::uint16_t build : builds) {
    parts.push_back(std::to_string(build));
  }
  return util::join(parts, ", ");
}

std::string machine_reason(const MachineResult& result)
{
  std::vector<std::string> outdated;
  for (const FileFinding& finding : result.files) {
    if (finding.found && finding.judgement.verdict == FileVerdict::outdated) {
      outdated.push_back(finding_label(finding));
    }
  }
  std::vector<std::string> parts;
  if (outdated.size() == 1) {
    parts.push_back(outdated_text(result));
  } else if (!outdated.empty()) {
    parts.push_back(std::to_string(outdated.size()) + " outdated files: " + util::join(outdated, ", "));
  }
  for (std::string text : {review_text(result), error_text(result)}) {
    if (!text.empty()) {
      parts.push_back(std::move(text));
    }
  }
  if (parts.empty() && result.status == verdict::MachineStatus::not_installed) {
    parts.push_back("none of the article's files was found");
  }
  return util::join(parts, "; ");
}

std::string optional_time(const std::optional<std::int64_t>& time)
{
  return time ? util::format_iso_utc(*time) : "";
}

} // namespace smsscan::report
