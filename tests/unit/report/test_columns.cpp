// Tests for report/columns.cpp: how files are named and summarised in
// every report.
#include "smsscan/report/columns.hpp"

#include "report_support.hpp"

#include <doctest/doctest.h>

using smsscan::test::Scenario;

TEST_CASE("finding_label and finding_location: the client folder by file name, elsewhere by path")
{
  const Scenario scenario;
  CHECK(smsscan::report::finding_label(scenario.result.files[0]) == "CLICORE.EXE");
  CHECK(smsscan::report::finding_label(scenario.result.files[1]) == "SMS_ABC\\bin\\I386\\Compver.ini");
  CHECK(smsscan::report::finding_label(scenario.result.files[2]) == "Compver.ini"); // not found: wanted name
  CHECK(smsscan::report::finding_location(scenario.result.files[1]) == "SMS_ABC\\bin\\I386");
}

TEST_CASE("files_found, outdated_text, review_text and error_text")
{
  const Scenario scenario;
  CHECK(smsscan::report::files_found(scenario.result) == 2);
  CHECK(smsscan::report::outdated_text(scenario.result) == "CLICORE.EXE (version 2.0.1239.0 is older than build 1380)");
  CHECK(smsscan::report::review_text(scenario.result) ==
        "SMS_ABC\\bin\\I386\\Compver.ini (review: dated like the fixed file but 12 bytes, not 67)");
  CHECK(smsscan::report::error_text(scenario.result) == "share CAP_ABC refused");
  CHECK(smsscan::report::optional_time(std::nullopt).empty());
  CHECK(smsscan::report::optional_time(928891080) == "1999-06-09T01:18:00Z");
}
