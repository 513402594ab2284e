// Tests for src/report.cpp: csv_field, printable, json_string, csv_row,
// summary_line and ReportWriter writing to temporary files.
#include "report.hpp"

#include "test_support.hpp"

#include <doctest/doctest.h>

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include <unistd.h>

using smsscan::csv_field;
using smsscan::csv_row;
using smsscan::FileFinding;
using smsscan::FileVerdict;
using smsscan::json_string;
using smsscan::k_csv_header;
using smsscan::k_details_header;
using smsscan::Location;
using smsscan::MachineResult;
using smsscan::MachineStatus;
using smsscan::Manifest;
using smsscan::ManifestFile;
using smsscan::Platform;
using smsscan::ReportWriter;
using smsscan::ScanSummary;
using smsscan::summary_line;
using smsscan::Target;
using smsscan::test::lines_of;
using smsscan::test::split_commas;

namespace {

// RFC 4180 records: fields separated by commas, records by CRLF or LF,
// quoted fields with doubled quotes. Fails the test on a malformed quote.
std::vector<std::vector<std::string>> parse_csv(const std::string& text)
{
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> record;
  std::string field;
  bool quoted = false;
  bool field_started = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field.push_back('"');
          ++i;
        } else {
          quoted = false;
          REQUIRE_MESSAGE((i + 1 == text.size() || text[i + 1] == ',' || text[i + 1] == '\n' || text[i + 1] == '\r'),
                          "text after a closing quote at offset " << i);
        }
      } else {
        field.push_back(c);
      }
      continue;
    }
    if (c == '"') {
      REQUIRE_MESSAGE(!field_started, "a quote inside an unquoted field at offset " << i);
      quoted = true;
      field_started = true;
    } else if (c == ',') {
      record.push_back(field);
      field.clear();
      field_started = false;
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
        ++i;
      }
      record.push_back(field);
      records.push_back(record);
      record.clear();
      field.clear();
      field_started = false;
    } else {
      field.push_back(c);
      field_started = true;
    }
  }
  REQUIRE_MESSAGE(!quoted, "unterminated quoted field");
  if (field_started || !record.empty()) {
    record.push_back(field);
    records.push_back(record);
  }
  return records;
}

// What reached the file descriptor: only flushed bytes are there.
std::string flushed_content(std::FILE* file)
{
  const int fd = ::fileno(file);
  REQUIRE(fd >= 0);
  std::string content;
  char buffer[4096];
  off_t offset = 0;
  while (true) {
    const ssize_t n = ::pread(fd, buffer, sizeof(buffer), offset);
    REQUIRE(n >= 0);
    if (n == 0) {
      break;
    }
    content.append(buffer, static_cast<std::size_t>(n));
    offset += n;
  }
  return content;
}

struct FileCloser
{
  void operator()(std::FILE* file) const { std::fclose(file); }
};
using FilePointer = std::unique_ptr<std::FILE, FileCloser>;

FilePointer temporary_file()
{
  FilePointer file(std::tmpfile());
  REQUIRE(file != nullptr);
  return file;
}

// A manifest and one machine's findings: an outdated client file, a
// review file on the site server, and a file that was not found.
struct Scenario
{
  Manifest manifest;
  Location client{"client", "ADMIN$", "MS\\SMS\\CORE\\BIN", Platform::any};
  Location site{"site-server", "SMS_{site}", "bin\\I386", Platform::intel};
  Target target;
  MachineResult result;

  Scenario()
  {
    manifest.kb = "Q231399";
    manifest.fix = "SMS 2.0 Service Pack 1";
    manifest.min_build = 1380;
    ManifestFile clicore;
    clicore.name = "CliCore.exe";
    clicore.size = 3118422;
    clicore.date = {1999, 6, 8};
    clicore.minutes = 18 * 60 + 18;
    clicore.platform = Platform::intel;
    ManifestFile compver;
    compver.name = "Compver.ini";
    compver.size = 67;
    compver.date = {1999, 6, 8};
    compver.minutes = 18 * 60 + 12;
    manifest.files = {clicore, compver};

    target.text = "\\\\pc01\\ADMIN$";
    target.kind = Target::Kind::smb;
    target.host = "pc01";

    result.index = 0;
    result.target = &target;
    result.status = MachineStatus::needs_fix;
    result.platform = "Intel";
    result.scanned_at = 928891080; // 1999-06-09T01:18:00Z
    result.errors = {"share CAP_ABC refused"};

    FileFinding outdated;
    outdated.location = &client;
    outdated.share = "ADMIN$";
    outdated.folder = "MS\\SMS\\CORE\\BIN";
    outdated.wanted = "CliCore.exe";
    outdated.found = true;
    outdated.evidence.name = "CLICORE.EXE";
    outdated.evidence.size = 3000000;
    outdated.evidence.bytes_read = 4096;
    outdated.judgement.verdict = FileVerdict::outdated;
    outdated.judgement.row = &manifest.files[0];
    outdated.judgement.platform = Platform::intel;
    outdated.judgement.version = "2.0.1239.0";
    outdated.judgement.date = 920000000;
    outdated.judgement.date_source = "pe-link-time";
    outdated.judgement.expected_date = 928891080;
    outdated.judgement.reason = "version 2.0.1239.0 is older than build 1380";

    FileFinding review;
    review.location = &site;
    review.share = "SMS_ABC";
    review.folder = "bin\\I386";
    review.wanted = "Compver.ini";
    review.found = true;
    review.evidence.name = "Compver.ini";
    review.evidence.size = 12;
    review.judgement.verdict = FileVerdict::review;
    review.judgement.row = &manifest.files[1];
    review.judgement.reason = "dated like the fixed file but 12 bytes, not 67";

    FileFinding missing;
    missing.location = &client;
    missing.share = "ADMIN$";
    missing.folder = "MS\\SMS\\CORE\\BIN";
    missing.wanted = "Compver.ini";
    missing.judgement.verdict = FileVerdict::missing;

    result.files = {outdated, review, missing};
  }
  Scenario(const Scenario&) = delete;
  Scenario& operator=(const Scenario&) = delete;
};

} // namespace

TEST_CASE("csv_field: plain text, commas, quotes and line breaks")
{
  CHECK(csv_field("") == "");
  CHECK(csv_field("plain text") == "plain text");
  CHECK(csv_field("a,b") == "\"a,b\"");
  CHECK(csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK(csv_field("\"") == "\"\"\"\"");
  // Line breaks are control characters: replaced, so a row stays one line.
  CHECK(csv_field("line1\nline2") == "line1?line2");
  CHECK(csv_field("line1\r\nline2") == "line1??line2");
  CHECK(csv_field("caf\xc3\xa9, \xe2\x82\xac") == "\"caf\xc3\xa9, \xe2\x82\xac\"");
}

TEST_CASE("csv_field: neutralises what a spreadsheet would run as a formula")
{
  CHECK(csv_field("=1+2") == "'=1+2");
  CHECK(csv_field("+1") == "'+1");
  CHECK(csv_field("-1") == "'-1");
  CHECK(csv_field("@SUM(A1:A2)") == "'@SUM(A1:A2)");
  CHECK(csv_field("=HYPERLINK(\"http://x\",\"y\")") == "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
  // A leading tab or CR is a control character: it becomes '?', which no spreadsheet runs.
  CHECK(csv_field("\t=1+2") == "?=1+2");
  CHECK(csv_field("\r=1+2") == "?=1+2");
  // Only the first character matters.
  CHECK(csv_field("a=1") == "a=1");
  CHECK(csv_field("1-2") == "1-2");
}

TEST_CASE("csv_field: control characters and invalid UTF-8 become '?'")
{
  CHECK(csv_field(std::string("a\x01"
                              "b\x7f"
                              "c",
                              5)) == "a?b?c");
  CHECK(csv_field(std::string("a\0b", 3)) == "a?b");
  CHECK(csv_field("\x1b[31mred") == "?[31mred");
  CHECK(csv_field("x\xc2\x85y") == "x?y");    // C1 NEL
  CHECK(csv_field("\xc2\xa0") == "\xc2\xa0"); // U+00A0 is printable
  CHECK(csv_field("\xff\xfe") == "??");
  CHECK(csv_field("\xc0\xaf") == "??");           // overlong '/'
  CHECK(csv_field("\xed\xa0\x80") == "???");      // a UTF-16 surrogate
  CHECK(csv_field("ab\xe2\x82") == "ab??");       // truncated sequence
  CHECK(csv_field("\xf4\x90\x80\x80") == "????"); // above U+10FFFF
  CHECK(csv_field("\xf0\x9f\x98\x80") == "\xf0\x9f\x98\x80");
  CHECK(smsscan::printable("ok\ttab") == "ok?tab");
}

TEST_CASE("json_string: escapes quotes, backslashes and control characters")
{
  CHECK(json_string("") == "\"\"");
  CHECK(json_string("plain") == "\"plain\"");
  CHECK(json_string("a\"b") == "\"a\\\"b\"");
  CHECK(json_string("C:\\WINNT") == "\"C:\\\\WINNT\"");
  CHECK(json_string("a\nb\tc\r") == "\"a\\u000ab\\u0009c\\u000d\"");
  CHECK(json_string(std::string("\0\x1f\x7f", 3)) == "\"\\u0000\\u001f\\u007f\"");
  CHECK(json_string("caf\xc3\xa9") == "\"caf\xc3\xa9\"");
  CHECK(json_string("a\xff"
                    "b") == "\"a\\ufffdb\"");
  CHECK(json_string("\xed\xa0\x80") == "\"\\ufffd\\ufffd\\ufffd\"");
}

TEST_CASE("csv_row: eight columns in the header's order")
{
  CHECK(std::string(k_csv_header) == "target,status,platform,files_found,outdated,review,error,scanned_at");
  const Scenario scenario;
  const std::string row = csv_row(scenario.result);
  CHECK(row.find('\n') == std::string::npos);
  const auto records = parse_csv(row);
  REQUIRE(records.size() == 1);
  const std::vector<std::string>& fields = records[0];
  REQUIRE(fields.size() == 8);
  CHECK(fields[0] == "\\\\pc01\\ADMIN$");
  CHECK(fields[1] == "needs-fix");
  CHECK(fields[2] == "Intel");
  CHECK(fields[3] == "2");
  CHECK(fields[4] == "CLICORE.EXE (version 2.0.1239.0 is older than build 1380)");
  CHECK(fields[5] == "SMS_ABC\\bin\\I386\\Compver.ini (review: dated like the fixed file but 12 bytes, not 67)");
  CHECK(fields[6] == "share CAP_ABC refused");
  CHECK(fields[7] == "1999-06-09T01:18:00Z");
}

TEST_CASE("csv_row: a hostile target name is neutralised")
{
  Scenario scenario;
  scenario.target.text = "=cmd|' /C calc'!A0";
  scenario.result.files.clear();
  scenario.result.errors = {"-oops"};
  scenario.result.status = MachineStatus::unreachable;
  scenario.result.platform.clear();
  const auto records = parse_csv(csv_row(scenario.result));
  REQUIRE(records.size() == 1);
  REQUIRE(records[0].size() == 8);
  CHECK(records[0][0] == "'=cmd|' /C calc'!A0");
  CHECK(records[0][1] == "unreachable");
  CHECK(records[0][3] == "0");
  CHECK(records[0][6] == "'-oops");
}

TEST_CASE("summary_line: the count of machines that need the fix, singular and plural")
{
  Manifest manifest;
  manifest.fix = "SMS 2.0 Service Pack 1";
  const auto summary = [](std::size_t scanned, std::size_t needs_fix, std::size_t compliant, std::size_t unreachable) {
    ScanSummary s;
    s.scanned = scanned;
    s.counts[static_cast<int>(MachineStatus::needs_fix)] = needs_fix;
    s.counts[static_cast<int>(MachineStatus::compliant)] = compliant;
    s.counts[static_cast<int>(MachineStatus::unreachable)] = unreachable;
    return s;
  };
  CHECK(summary_line(manifest, summary(1, 1, 0, 0)) == "1 of 1 machine still needs SMS 2.0 Service Pack 1");
  CHECK(summary_line(manifest, summary(3, 1, 2, 0)) ==
        "1 of 3 machines still needs SMS 2.0 Service Pack 1 (2 compliant)");
  CHECK(summary_line(manifest, summary(40, 12, 20, 8)) ==
        "12 of 40 machines still need SMS 2.0 Service Pack 1 (20 compliant, 8 unreachable)");
  CHECK(summary_line(manifest, summary(2, 0, 2, 0)) ==
        "0 of 2 machines still need SMS 2.0 Service Pack 1 (2 compliant)");
  CHECK(summary_line(manifest, summary(0, 0, 0, 0)) == "0 of 0 machines still need SMS 2.0 Service Pack 1");
}

TEST_CASE("ReportWriter: header, then one flushed row per machine")
{
  const Scenario scenario;
  const FilePointer csv = temporary_file();
  const FilePointer details = temporary_file();
  const FilePointer json = temporary_file();
  ReportWriter::Outputs outputs;
  outputs.csv = csv.get();
  outputs.details = details.get();
  outputs.json = json.get();
  ReportWriter writer(scenario.manifest, outputs, false);

  // The headers are on disk before any machine finished.
  CHECK(flushed_content(csv.get()) == std::string(k_csv_header) + "\n");
  CHECK(flushed_content(details.get()) == std::string(k_details_header) + "\n");
  CHECK(flushed_content(json.get()).empty());

  writer.machine_done(scenario.result);
  {
    const auto lines = lines_of(flushed_content(csv.get()));
    REQUIRE(lines.size() == 2);
    CHECK(lines[0] == k_csv_header);
    CHECK(lines[1] == csv_row(scenario.result));
  }

  Target second_target;
  second_target.text = "pc02";
  MachineResult second;
  second.index = 1;
  second.target = &second_target;
  second.status = MachineStatus::not_installed;
  second.scanned_at = 0;
  writer.machine_done(second);

  SUBCASE("the main CSV")
  {
    const auto records = parse_csv(flushed_content(csv.get()));
    REQUIRE(records.size() == 3);
    for (const auto& record : records) {
      CHECK(record.size() == 8);
    }
    CHECK(records[2][0] == "pc02");
    CHECK(records[2][1] == "not-installed");
    CHECK(records[2][3] == "0");
    CHECK(records[2][7] == "1970-01-01T00:00:00Z");
  }

  SUBCASE("the details CSV: one row per lookup, the header's columns")
  {
    const std::vector<std::string> header = split_commas(k_details_header);
    REQUIRE(header.size() == 15);
    CHECK(header[0] == "target");
    CHECK(header[4] == "verdict");
    CHECK(header[13] == "reason");
    CHECK(header[14] == "bytes_read");
    const auto records = parse_csv(flushed_content(details.get()));
    REQUIRE(records.size() == 4); // header + the first machine's three lookups; the second had none
    CHECK(records[0] == header);
    for (std::size_t i = 1; i < records.size(); ++i) {
      CAPTURE(i);
      CHECK(records[i].size() == header.size());
    }
    const std::vector<std::string> expected_outdated = {"\\\\pc01\\ADMIN$",
                                                        "ADMIN$\\MS\\SMS\\CORE\\BIN",
                                                        "CLICORE.EXE",
                                                        "Intel",
                                                        "outdated",
                                                        "3118422",
                                                        "3000000",
                                                        "1999-06-09T01:18:00Z",
                                                        "1999-02-26T03:33:20Z",
                                                        "pe-link-time",
                                                        "build 1380",
                                                        "2.0.1239.0",
                                                        "",
                                                        "version 2.0.1239.0 is older than build 1380",
                                                        "4096"};
    REQUIRE(records[1].size() == expected_outdated.size());
    for (std::size_t i = 0; i < expected_outdated.size(); ++i) {
      CAPTURE(header[i]);
      CHECK(records[1][i] == expected_outdated[i]);
    }
    CHECK(records[2][4] == "review");
    CHECK(records[2][5] == "67");
    CHECK(records[2][6] == "12");
    CHECK(records[3][2] == "Compver.ini");
    CHECK(records[3][4] == "missing");
    CHECK(records[3][6] == "");
    CHECK(records[3][14] == "");
  }

  SUBCASE("JSON Lines: one object per machine, found files only")
  {
    const auto lines = lines_of(flushed_content(json.get()));
    REQUIRE(lines.size() == 2);
    CHECK(lines[0].rfind("{\"target\":\"\\\\\\\\pc01\\\\ADMIN$\",\"status\":\"needs-fix\",\"platform\":\"Intel\",",
                         0) == 0);
    CHECK(lines[0].find("\"file\":\"CLICORE.EXE\",\"verdict\":\"outdated\"") != std::string::npos);
    CHECK(lines[0].find("\"verdict\":\"missing\"") == std::string::npos);
    CHECK(lines[0].find("sha256") == std::string::npos);
    CHECK(lines[1] ==
          "{\"target\":\"pc02\",\"status\":\"not-installed\",\"platform\":\"\",\"scanned_at\":\"1970-01-01T00:00:00Z\","
          "\"files_found\":0,\"outdated\":\"\",\"review\":\"\",\"error\":\"\",\"files\":[]}");
    // The same summary columns as the CSV.
    CHECK(lines[0].find("\"files_found\":2,\"outdated\":\"CLICORE.EXE (") != std::string::npos);
  }
}
