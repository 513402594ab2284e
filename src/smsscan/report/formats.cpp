#include "smsscan/report/formats.hpp"

#include "smsscan/report/columns.hpp"
#include "smsscan/report/text_safety.hpp"
#include "smsscan/util/civil_time.hpp"
#include "smsscan/util/text.hpp"
#include "smsscan/util/utf8.hpp"

namespace smsscan::report {

using manifest::ManifestFile;
using scan::FileFinding;
using scan::MachineResult;
using verdict::FileVerdict;
using verdict::Judgement;

const char* const k_csv_header = "target,status,platform,files_found,outdated,review,error,scanned_at,site,roles";
const char* const k_details_header =
  "target,location,file,platform,verdict,expected_size,size,expected_date,date,date_source,expected_version,"
  "version,sha256,reason,bytes_read,connection,variant,article_line";

std::string csv_row(const MachineResult& result)
{
  const std::size_t found = files_found(result);
  const std::vector<std::string> fields = {result.target->text,   std::string(verdict::status_name(result.status)),
                                           result.platform,       std::to_string(found),
                                           outdated_text(result), review_text(result),
                                           error_text(result),    util::format_iso_utc(result.scanned_at),
                                           result.site,           util::join(result.roles, ";")};
  return csv_line(fields);
}

std::vector<std::string> details_rows(const manifest::Manifest& manifest, const MachineResult& result, bool deep)
{
  std::vector<std::string> rows;
  for (const FileFinding& finding : result.files) {
    const Judgement& judgement = finding.judgement;
    const ManifestFile* row = judgement.row;
    std::string expected_version;
    if (row && !row->version_text.empty()) {
      expected_version = row->version_text;
    } else if (manifest.min_build) {
      expected_version = "build " + std::to_string(*manifest.min_build);
    }
    const std::vector<std::string> fields = {
      result.target->text,
      finding_location(finding),
      finding.found ? finding.evidence.name : finding.wanted,
      judgement.platform ? std::string(manifest::platform_name(*judgement.platform)) : "",
      std::string(verdict::verdict_name(judgement.verdict)),
      row && row->size ? std::to_string(*row->size) : "",
      finding.found ? std::to_string(finding.evidence.size) : "",
      optional_time(judgement.expected_date),
      optional_time(judgement.date),
      judgement.date_source,
      expected_version,
      judgement.version,
      deep ? finding.evidence.sha256 : "",
      judgement.reason,
      finding.found ? std::to_string(finding.evidence.bytes_read) : "",
      result.connection,
      row ? row->variant : "",
      row && row->article_line > 0 ? std::to_string(row->article_line) : ""};
    rows.push_back(csv_line(fields));
  }
  return rows;
}

std::string json_line(const MachineResult& result, bool deep)
{
  std::string json =
    "{\"target\":" + json_string(result.target->text) +
    ",\"status\":" + json_string(verdict::status_name(result.status)) +
    ",\"platform\":" + json_string(result.platform) +
    ",\"scanned_at\":" + json_string(util::format_iso_utc(result.scanned_at)) +
    ",\"files_found\":" + std::to_string(files_found(result)) + ",\"outdated\":" + json_string(outdated_text(result)) +
    ",\"review\":" + json_string(review_text(result)) + ",\"error\":" + json_string(error_text(result)) +
    ",\"connection\":" + json_string(result.connection) + ",\"site\":" + json_string(result.site) + ",\"roles\":[";
  for (std::size_t i = 0; i < result.roles.size(); ++i) {
    json += (i > 0 ? "," : "") + json_string(result.roles[i]);
  }
  json += "],\"files\":[";
  bool first = true;
  for (const FileFinding& finding : result.files) {
    if (!finding.found) {
      continue;
    }
    const Judgement& judgement = finding.judgement;
    json += first ? "" : ",";
    first = false;
    json +=
      "{\"location\":" + json_string(finding_location(finding)) + ",\"file\":" + json_string(finding.evidence.name) +
      ",\"verdict\":" + json_string(verdict::verdict_name(judgement.verdict)) +
      ",\"platform\":" + json_string(judgement.platform ? manifest::platform_name(*judgement.platform) : "") +
      ",\"size\":" + std::to_string(finding.evidence.size) + ",\"date\":" + json_string(optional_time(judgement.date)) +
      ",\"date_source\":" + json_string(judgement.date_source) + ",\"version\":" + json_string(judgement.version) +
      (deep ? ",\"sha256\":" + json_string(finding.evidence.sha256) : "") +
      ",\"reason\":" + json_string(judgement.reason) + "}";
  }
  json += "]}";
  return json;
}

} // namespace smsscan::report
