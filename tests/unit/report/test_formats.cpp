// Tests for report/formats.cpp and report/columns.cpp: csv_row,
// summary_line and the shared columns.
#include "smsscan/report/formats.hpp"

#include "report_support.hpp"

#include <doctest/doctest.h>

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include <unistd.h>

using smsscan::manifest::Location;
using smsscan::manifest::Manifest;
using smsscan::manifest::ManifestFile;
using smsscan::manifest::Platform;
using smsscan::report::csv_row;
using smsscan::report::details_rows;
using smsscan::report::json_line;
using smsscan::report::k_csv_header;
using smsscan::report::k_details_header;
using smsscan::report::summary_line;
using smsscan::scan::FileFinding;
using smsscan::scan::MachineResult;
using smsscan::scan::ScanSummary;
using smsscan::target::Target;
using smsscan::test::lines_of;
using smsscan::test::split_commas;
using smsscan::verdict::FileVerdict;
using smsscan::verdict::MachineStatus;

using smsscan::test::FilePointer;
using smsscan::test::flushed_content;
using smsscan::test::parse_csv;
using smsscan::test::Scenario;
using smsscan::test::temporary_file;

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

TEST_CASE("details and JSON Lines say where the machine was reached")
{
  Scenario scenario;
  scenario.result.connection = "10.1.2.3:139 (PC042 via WINS 10.1.0.2)";
  const Manifest manifest;
  for (const std::string& row : details_rows(manifest, scenario.result, false)) {
    const auto records = parse_csv(row);
    REQUIRE(records.size() == 1);
    REQUIRE(records[0].size() == split_commas(k_details_header).size());
    CHECK(records[0].back() == "10.1.2.3:139 (PC042 via WINS 10.1.0.2)");
  }
  CHECK(json_line(scenario.result, false).find(",\"connection\":\"10.1.2.3:139 (PC042 via WINS 10.1.0.2)\",") !=
        std::string::npos);
  scenario.result.connection.clear();
  CHECK(json_line(scenario.result, false).find(",\"connection\":\"\",") != std::string::npos);
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
