#include "smsscan/report/columns.hpp"

#include "smsscan/util/civil_time.hpp"
#include "smsscan/util/text.hpp"

#include <algorithm>
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

std::string optional_time(const std::optional<std::int64_t>& time)
{
  return time ? util::format_iso_utc(*time) : "";
}

} // namespace smsscan::report
