// Helpers shared by the report stage's unit tests: an RFC 4180 reader, the
// flushed content of a temporary file, and one machine's result to report.
#pragma once

#include "smsscan/manifest/model.hpp"
#include "smsscan/scan/results.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include <unistd.h>

namespace smsscan::test {

using manifest::Location;
using manifest::Manifest;
using manifest::ManifestFile;
using manifest::Platform;
using scan::FileFinding;
using scan::MachineResult;
using target::Target;
using verdict::FileVerdict;
using verdict::MachineStatus;

// RFC 4180 records: fields separated by commas, records by CRLF or LF,
// quoted fields with doubled quotes. Fails the test on a malformed quote.
inline std::vector<std::vector<std::string>> parse_csv(const std::string& text)
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
inline std::string flushed_content(std::FILE* file)
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

inline FilePointer temporary_file()
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
    clicore.article_line = 93; // the row's line in the article, for the details report
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

} // namespace smsscan::test
