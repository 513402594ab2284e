// Tests for report/writer.cpp: ReportWriter writing every format to
// temporary files, a flushed row per machine.
#include "smsscan/report/writer.hpp"

#include "report_support.hpp"
#include "smsscan/report/formats.hpp"

#include <doctest/doctest.h>

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include <fcntl.h>
#include <unistd.h>

using smsscan::manifest::Location;
using smsscan::manifest::Manifest;
using smsscan::manifest::ManifestFile;
using smsscan::manifest::Platform;
using smsscan::report::csv_row;
using smsscan::report::k_csv_header;
using smsscan::report::k_details_header;
using smsscan::report::OutputFile;
using smsscan::report::ReportWriter;
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

TEST_CASE("ReportWriter: header, then one flushed row per machine")
{
  const Scenario scenario;
  const FilePointer csv = temporary_file();
  const FilePointer details = temporary_file();
  const FilePointer json = temporary_file();
  OutputFile csv_out(::dup(::fileno(csv.get())), "report.csv");
  OutputFile details_out(::dup(::fileno(details.get())), "details.csv");
  OutputFile json_out(::dup(::fileno(json.get())), "report.jsonl");
  ReportWriter::Outputs outputs;
  outputs.csv = &csv_out;
  outputs.details = &details_out;
  outputs.json = &json_out;
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
      CHECK(record.size() == 10);
    }
    CHECK(records[2][0] == "pc02");
    CHECK(records[2][1] == "not-installed");
    CHECK(records[2][3] == "0");
    CHECK(records[2][7] == "1970-01-01T00:00:00Z");
  }

  SUBCASE("the details CSV: one row per lookup, the header's columns")
  {
    const std::vector<std::string> header = split_commas(k_details_header);
    REQUIRE(header.size() == 18);
    CHECK(header[0] == "target");
    CHECK(header[4] == "verdict");
    CHECK(header[13] == "reason");
    CHECK(header[14] == "bytes_read");
    CHECK(header[15] == "connection");
    CHECK(header[16] == "variant");
    CHECK(header[17] == "article_line");
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
                                                        "4096",
                                                        "",
                                                        "",
                                                        "93"};
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
          "\"files_found\":0,\"outdated\":\"\",\"review\":\"\",\"error\":\"\",\"connection\":\"\",\"site\":\"\","
          "\"roles\":[],\"files\":[]}");
    // The same summary columns as the CSV.
    CHECK(lines[0].find("\"files_found\":2,\"outdated\":\"CLICORE.EXE (") != std::string::npos);
  }
}

TEST_CASE("ReportWriter: a failed write stops every report and names the file")
{
  const Scenario scenario;
  const FilePointer csv = temporary_file();
  // /dev/full accepts the open and refuses every write with ENOSPC.
  const int full = ::open("/dev/full", O_WRONLY | O_CLOEXEC);
  REQUIRE(full >= 0);
  OutputFile csv_out(::dup(::fileno(csv.get())), "report.csv");
  OutputFile json_out(full, "/dev/full");
  ReportWriter writer(scenario.manifest, {&csv_out, nullptr, &json_out}, false);
  CHECK_FALSE(writer.failed()); // the header went to the CSV; JSON Lines has none
  writer.machine_done(scenario.result);
  CHECK(writer.failed());
  CHECK(writer.failure() == "/dev/full: No space left on device");
  // The CSV row of that machine was written before the JSON line failed; nothing after it.
  const std::string before = flushed_content(csv.get());
  writer.machine_done(scenario.result);
  CHECK(flushed_content(csv.get()) == before);
  CHECK(lines_of(before).size() == 2);
}
