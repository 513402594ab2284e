#include "report.hpp"

#include "text.hpp"

#include <algorithm>
#include <cstdint>

namespace smsscan {

const char* const k_csv_header = "target,status,platform,files_found,outdated,review,error,scanned_at";
const char* const k_details_header =
  "target,location,file,platform,verdict,expected_size,size,expected_date,date,date_source,expected_version,"
  "version,sha256,reason,bytes_read";

namespace {

// Length of the valid UTF-8 sequence at text[i], or 0 if invalid.
std::size_t utf8_length(std::string_view text, std::size_t i)
{
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  std::size_t length = 0;
  std::uint32_t code = 0;
  if (lead < 0x80) {
    return 1;
  } else if ((lead & 0xe0) == 0xc0) {
    length = 2;
    code = lead & 0x1fu;
  } else if ((lead & 0xf0) == 0xe0) {
    length = 3;
    code = lead & 0x0fu;
  } else if ((lead & 0xf8) == 0xf0) {
    length = 4;
    code = lead & 0x07u;
  } else {
    return 0;
  }
  if (i + length > text.size()) {
    return 0;
  }
  for (std::size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xc0) != 0x80) {
      return 0;
    }
    code = (code << 6) | (byte(i + k) & 0x3fu);
  }
  const std::uint32_t minimum[] = {0, 0, 0x80, 0x800, 0x10000};
  if (code < minimum[length] || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
    return 0;
  }
  return length;
}

std::string join(const std::vector<std::string>& parts, std::string_view separator)
{
  std::string out;
  for (const std::string& part : parts) {
    if (!out.empty()) {
      out += separator;
    }
    out += part;
  }
  return out;
}

// How a finding is named in the machine's columns: the file name for the
// client folder, share\folder\name elsewhere.
std::string finding_label(const FileFinding& finding)
{
  std::string name = finding.found ? finding.evidence.name : finding.wanted;
  if (finding.location && finding.location->role == "client") {
    return name;
  }
  return finding.share + "\\" + (finding.folder.empty() ? "" : finding.folder + "\\") + name;
}

std::size_t files_found(const MachineResult& result)
{
  return static_cast<std::size_t>(
    std::count_if(result.files.begin(), result.files.end(), [](const FileFinding& finding) { return finding.found; }));
}

std::string optional_time(const std::optional<std::int64_t>& time)
{
  return time ? format_iso_utc(*time) : "";
}

void write_line(std::FILE* file, const std::string& line)
{
  if (file) {
    std::fputs(line.c_str(), file);
    std::fputc('\n', file);
    std::fflush(file);
  }
}

} // namespace

std::string printable(std::string_view text)
{
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t length = utf8_length(text, i);
    const auto lead = static_cast<unsigned char>(text[i]);
    if (length == 0) {
      out.push_back('?');
      ++i;
      continue;
    }
    const bool c0 = length == 1 && (lead < 0x20 || lead == 0x7f);
    const bool c1 = length == 2 && lead == 0xc2 && static_cast<unsigned char>(text[i + 1]) < 0xa0;
    if (c0 || c1) {
      out.push_back('?');
    } else {
      out.append(text.substr(i, length));
    }
    i += length;
  }
  return out;
}

std::string csv_field(std::string_view text)
{
  // Tabs and carriage returns are control characters and become '?', so only
  // the formula triggers remain to neutralise.
  std::string value = printable(text);
  if (!value.empty() && (value[0] == '=' || value[0] == '+' || value[0] == '-' || value[0] == '@')) {
    value.insert(value.begin(), '\'');
  }
  if (value.find_first_of(",\"\r\n") == std::string::npos) {
    return value;
  }
  std::string quoted = "\"";
  for (const char c : value) {
    if (c == '"') {
      quoted += "\"\"";
    } else {
      quoted.push_back(c);
    }
  }
  quoted.push_back('"');
  return quoted;
}

std::string json_string(std::string_view text)
{
  std::string out = "\"";
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t length = utf8_length(text, i);
    if (length == 0) {
      out += "\\ufffd";
      ++i;
      continue;
    }
    const auto c = static_cast<unsigned char>(text[i]);
    if (length > 1) {
      out.append(text.substr(i, length));
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\\') {
      out += "\\\\";
    } else if (c < 0x20 || c == 0x7f) {
      char buffer[8];
      std::snprintf(buffer, sizeof(buffer), "\\u%04x", c);
      out += buffer;
    } else {
      out.push_back(static_cast<char>(c));
    }
    i += length;
  }
  out.push_back('"');
  return out;
}

std::string outdated_text(const MachineResult& result)
{
  std::vector<std::string> parts;
  for (const FileFinding& finding : result.files) {
    if (finding.found && finding.judgement.verdict == FileVerdict::outdated) {
      parts.push_back(finding_label(finding) + " (" + finding.judgement.reason + ")");
    }
  }
  return join(parts, "; ");
}

std::string review_text(const MachineResult& result)
{
  std::vector<std::string> parts;
  for (const FileFinding& finding : result.files) {
    const FileVerdict verdict = finding.judgement.verdict;
    if (finding.found && (verdict == FileVerdict::review || verdict == FileVerdict::corrupt)) {
      parts.push_back(finding_label(finding) + " (" + std::string(verdict_name(verdict)) + ": " +
                      finding.judgement.reason + ")");
    }
  }
  return join(parts, "; ");
}

std::string error_text(const MachineResult& result)
{
  return join(result.errors, "; ");
}

std::string csv_row(const MachineResult& result)
{
  const std::size_t found = files_found(result);
  const std::vector<std::string> fields = {result.target->text,   std::string(status_name(result.status)),
                                           result.platform,       std::to_string(found),
                                           outdated_text(result), review_text(result),
                                           error_text(result),    format_iso_utc(result.scanned_at)};
  std::string row;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) {
      row.push_back(',');
    }
    row += csv_field(fields[i]);
  }
  return row;
}

std::string summary_line(const Manifest& manifest, const ScanSummary& summary)
{
  const std::size_t needs_fix = summary.counts[static_cast<int>(MachineStatus::needs_fix)];
  std::string line = std::to_string(needs_fix) + " of " + std::to_string(summary.scanned) + " machine" +
                     (summary.scanned == 1 ? "" : "s") + (needs_fix == 1 ? " still needs " : " still need ") +
                     manifest.fix;
  std::vector<std::string> others;
  for (int status = 0; status < 9; ++status) {
    const auto s = static_cast<MachineStatus>(status);
    if (s != MachineStatus::needs_fix && summary.counts[status] > 0) {
      others.push_back(std::to_string(summary.counts[status]) + " " + std::string(status_name(s)));
    }
  }
  if (!others.empty()) {
    line += " (" + join(others, ", ") + ")";
  }
  return line;
}

ReportWriter::ReportWriter(const Manifest& manifest, Outputs outputs, bool deep)
    : m_manifest(manifest), m_out(outputs), m_deep(deep)
{
  write_line(m_out.csv, k_csv_header);
  write_line(m_out.details, k_details_header);
}

void ReportWriter::machine_done(const MachineResult& result)
{
  std::lock_guard<std::mutex> lock(m_mutex);
  write_line(m_out.csv, csv_row(result));

  if (m_out.details) {
    for (const FileFinding& finding : result.files) {
      const Judgement& judgement = finding.judgement;
      const ManifestFile* row = judgement.row;
      std::string expected_version;
      if (row && !row->version_text.empty()) {
        expected_version = row->version_text;
      } else if (m_manifest.min_build) {
        expected_version = "build " + std::to_string(*m_manifest.min_build);
      }
      const std::vector<std::string> fields = {result.target->text,
                                               finding.share + (finding.folder.empty() ? "" : "\\" + finding.folder),
                                               finding.found ? finding.evidence.name : finding.wanted,
                                               judgement.platform ? std::string(platform_name(*judgement.platform))
                                                                  : "",
                                               std::string(verdict_name(judgement.verdict)),
                                               row ? std::to_string(row->size) : "",
                                               finding.found ? std::to_string(finding.evidence.size) : "",
                                               optional_time(judgement.expected_date),
                                               optional_time(judgement.date),
                                               judgement.date_source,
                                               expected_version,
                                               judgement.version,
                                               m_deep ? finding.evidence.sha256 : "",
                                               judgement.reason,
                                               finding.found ? std::to_string(finding.evidence.bytes_read) : ""};
      std::string line;
      for (std::size_t i = 0; i < fields.size(); ++i) {
        if (i > 0) {
          line.push_back(',');
        }
        line += csv_field(fields[i]);
      }
      write_line(m_out.details, line);
    }
  }

  if (m_out.json) {
    std::string json = "{\"target\":" + json_string(result.target->text) +
                       ",\"status\":" + json_string(status_name(result.status)) +
                       ",\"platform\":" + json_string(result.platform) +
                       ",\"scanned_at\":" + json_string(format_iso_utc(result.scanned_at)) +
                       ",\"files_found\":" + std::to_string(files_found(result)) +
                       ",\"outdated\":" + json_string(outdated_text(result)) +
                       ",\"review\":" + json_string(review_text(result)) +
                       ",\"error\":" + json_string(error_text(result)) + ",\"files\":[";
    bool first = true;
    for (const FileFinding& finding : result.files) {
      if (!finding.found) {
        continue;
      }
      const Judgement& judgement = finding.judgement;
      json += first ? "" : ",";
      first = false;
      json += "{\"location\":" + json_string(finding.share + (finding.folder.empty() ? "" : "\\" + finding.folder)) +
              ",\"file\":" + json_string(finding.evidence.name) +
              ",\"verdict\":" + json_string(verdict_name(judgement.verdict)) +
              ",\"platform\":" + json_string(judgement.platform ? platform_name(*judgement.platform) : "") +
              ",\"size\":" + std::to_string(finding.evidence.size) +
              ",\"date\":" + json_string(optional_time(judgement.date)) +
              ",\"date_source\":" + json_string(judgement.date_source) +
              ",\"version\":" + json_string(judgement.version) +
              (m_deep ? ",\"sha256\":" + json_string(finding.evidence.sha256) : "") +
              ",\"reason\":" + json_string(judgement.reason) + "}";
    }
    json += "]}";
    write_line(m_out.json, json);
  }

  if (m_out.table) {
    // The table names the files; the reports carry the reasons.
    std::vector<std::string> outdated;
    std::vector<std::string> review;
    for (const FileFinding& finding : result.files) {
      if (!finding.found) {
        continue;
      }
      if (finding.judgement.verdict == FileVerdict::outdated) {
        outdated.push_back(finding_label(finding));
      } else if (finding.judgement.verdict == FileVerdict::review ||
                 finding.judgement.verdict == FileVerdict::corrupt) {
        review.push_back(finding_label(finding) + " (" + finding.judgement.reason + ")");
      }
    }
    std::string detail;
    if (!outdated.empty()) {
      detail = "outdated: " + join(outdated, ", ");
    } else if (!review.empty()) {
      detail = "review: " + join(review, "; ");
    } else {
      detail = error_text(result);
    }
    std::string target = printable(result.target->text);
    if (target.size() < 28) {
      target.resize(28, ' ');
    }
    std::string status(status_name(result.status));
    status.resize(14, ' ');
    std::string platform = result.platform;
    platform.resize(7, ' ');
    write_line(m_out.table, target + " " + status + platform + " " + printable(detail));
  }
}

} // namespace smsscan
