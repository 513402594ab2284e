// Tests for report/formats.cpp and report/columns.cpp: csv_row, json_line
// and the shared columns.
#include "smsscan/report/formats.hpp"

#include "report_support.hpp"
#include "smsscan/report/columns.hpp"

#include <doctest/doctest.h>

#include <algorithm>

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
using smsscan::report::installed_builds;
using smsscan::report::json_line;
using smsscan::report::k_csv_header;
using smsscan::report::k_details_header;
using smsscan::report::machine_reason;
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

TEST_CASE("csv_row: ten columns in the header's order, site and roles last")
{
  CHECK(std::string(k_csv_header) == "target,status,platform,files_found,outdated,review,error,scanned_at,site,roles");
  Scenario scenario;
  scenario.result.site = "ABC";
  scenario.result.roles = {"client", "site-server"};
  const std::string row = csv_row(scenario.result);
  CHECK(row.find('\n') == std::string::npos);
  const auto records = parse_csv(row);
  REQUIRE(records.size() == 1);
  const std::vector<std::string>& fields = records[0];
  REQUIRE(fields.size() == 10);
  CHECK(fields[0] == "\\\\pc01\\ADMIN$");
  CHECK(fields[1] == "needs-fix");
  CHECK(fields[2] == "Intel");
  CHECK(fields[3] == "2");
  CHECK(fields[4] == "CLICORE.EXE (version 2.0.1239.0 is older than build 1380)");
  CHECK(fields[5] == "SMS_ABC\\bin\\I386\\Compver.ini (review: dated like the fixed file but 12 bytes, not 67)");
  CHECK(fields[6] == "share CAP_ABC refused");
  CHECK(fields[7] == "1999-06-09T01:18:00Z");
  CHECK(fields[8] == "ABC");
  CHECK(fields[9] == "client;site-server");
}

TEST_CASE("csv_row: a hostile target name is neutralised")
{
  Scenario scenario;
  scenario.target.text = "=cmd|' /C calc'!A0";
  scenario.result.files.clear();
  scenario.result.errors = {"-oops"};
  scenario.result.status = MachineStatus::unreachable;
  scenario.result.platform.clear();
  scenario.result.site = "=HYPERLINK(\"x\")";
  scenario.result.roles = {"client"};
  const auto records = parse_csv(csv_row(scenario.result));
  REQUIRE(records.size() == 1);
  REQUIRE(records[0].size() == 10);
  CHECK(records[0][0] == "'=cmd|' /C calc'!A0");
  CHECK(records[0][1] == "unreachable");
  CHECK(records[0][3] == "0");
  CHECK(records[0][6] == "'-oops");
  CHECK(records[0][8] == "'=HYPERLINK(\"x\")");
}

TEST_CASE("details and JSON Lines say where the machine was reached")
{
  Scenario scenario;
  scenario.result.connection = "10.1.2.3:139 (PC042 via WINS 10.1.0.2)";
  const Manifest manifest;
  for (const std::string& row : details_rows(manifest, scenario.result, false)) {
    const auto records = parse_csv(row);
    REQUIRE(records.size() == 1);
    const std::vector<std::string> header = split_commas(k_details_header);
    REQUIRE(records[0].size() == header.size());
    const auto column = std::find(header.begin(), header.end(), "connection");
    REQUIRE(column != header.end());
    CHECK(records[0][static_cast<std::size_t>(column - header.begin())] == "10.1.2.3:139 (PC042 via WINS 10.1.0.2)");
  }
  CHECK(json_line(scenario.result, false).find(",\"connection\":\"10.1.2.3:139 (PC042 via WINS 10.1.0.2)\",") !=
        std::string::npos);
  scenario.result.connection.clear();
  CHECK(json_line(scenario.result, false).find(",\"connection\":\"\",") != std::string::npos);
}

TEST_CASE("json_line: site and roles beside the CSV's columns, escaped")
{
  Scenario scenario;
  scenario.result.site = "A\"B";
  scenario.result.roles = {"client", "cap"};
  const std::string line = json_line(scenario.result, false);
  CHECK(line.find(",\"site\":\"A\\\"B\",\"roles\":[\"client\",\"cap\"],\"files\":[") != std::string::npos);
  scenario.result.roles.clear();
  CHECK(json_line(scenario.result, false).find("\"roles\":[],") != std::string::npos);
}

TEST_CASE("installed_builds and machine_reason: what the tables show of a machine")
{
  Scenario scenario;
  CHECK(installed_builds(scenario.result) == "1239"); // the review file has no version
  scenario.result.files[1].judgement.version = "2.0.1380.1000";
  CHECK(installed_builds(scenario.result) == "1239, 1380");
  CHECK(machine_reason(scenario.result) ==
        "CLICORE.EXE (version 2.0.1239.0 is older than build 1380); SMS_ABC\\bin\\I386\\Compver.ini (review: dated "
        "like the fixed file but 12 bytes, not 67); share CAP_ABC refused");
  scenario.result.files.push_back(scenario.result.files[0]);
  scenario.result.files.back().evidence.name = "CCMCORE.EXE";
  scenario.result.errors.clear();
  CHECK(machine_reason(scenario.result).rfind("2 outdated files: CLICORE.EXE, CCMCORE.EXE; SMS_ABC", 0) == 0);
  scenario.result.files.clear();
  scenario.result.status = MachineStatus::not_installed;
  CHECK(machine_reason(scenario.result) == "none of the article's files was found");
  CHECK(installed_builds(scenario.result).empty());
}
