// Tests for report/terminal_table.cpp: columns sized once for the targets
// and the width, one line per row at 80 and 200 columns, "…" where a text is
// cut, and the summary lines.
#include "smsscan/report/terminal_table.hpp"

#include "fleet_support.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using smsscan::report::display_width;
using smsscan::report::fit_end;
using smsscan::report::fit_middle;
using smsscan::report::FleetTally;
using smsscan::report::summary_lines;
using smsscan::report::table_header;
using smsscan::report::table_layout;
using smsscan::report::table_row;
using smsscan::report::wrap;
using smsscan::verdict::MachineStatus;

namespace {

const std::string k_ellipsis = "\xe2\x80\xa6";

std::vector<std::string> texts(const smsscan::test::Fleet& fleet)
{
  std::vector<std::string> out;
  for (const auto& target : fleet.targets) {
    out.push_back(target.text);
  }
  return out;
}

std::vector<std::string> sites(const smsscan::test::Fleet& fleet)
{
  std::vector<std::string> out;
  for (const auto& result : fleet.results) {
    out.push_back(result.site);
  }
  return out;
}

} // namespace

TEST_CASE("display_width: characters, wide characters, combining marks, bad bytes")
{
  CHECK(display_width("") == 0);
  CHECK(display_width("pc042") == 5);
  CHECK(display_width("caf\xc3\xa9") == 4);
  CHECK(display_width("e\xcc\x81") == 1);                // e + combining acute
  CHECK(display_width("\xe6\x9d\xb1\xe4\xba\xac") == 4); // two CJK characters
  CHECK(display_width("a\xff"
                      "b") == 3); // an invalid byte counts as one ('?')
  CHECK(display_width(k_ellipsis) == 1);
}

TEST_CASE("fit_end and fit_middle: cut to the width with an ellipsis, never inside a character")
{
  CHECK(fit_end("short", 10) == "short");
  CHECK(fit_end("exactly10!", 10) == "exactly10!");
  CHECK(fit_end("longer than ten", 10) == "longer th" + k_ellipsis);
  CHECK(display_width(fit_end("longer than ten", 10)) == 10);
  CHECK(fit_end("caf\xc3\xa9\xc3\xa9\xc3\xa9", 5) == "caf\xc3\xa9" + k_ellipsis);
  CHECK(fit_end("\xe6\x9d\xb1\xe4\xba\xac\xe6\x9d\xb1", 4) == "\xe6\x9d\xb1" + k_ellipsis); // 2 + 1 columns
  CHECK(fit_middle("./images/site-abc/pc042-pre-sp1", 16) == "./image" + k_ellipsis + "-pre-sp1");
  CHECK(display_width(fit_middle("./images/site-abc/pc042-pre-sp1", 16)) == 16);
  CHECK(fit_middle("pc042", 16) == "pc042");
}

TEST_CASE("wrap: lines at most the width, later lines indented")
{
  const auto lines = wrap("What to do: install the service pack on every client and site system", 30, "", "    ");
  REQUIRE(lines.size() == 3);
  CHECK(lines[0] == "What to do: install the");
  CHECK(lines[1] == "    service pack on every");
  CHECK(lines[2] == "    client and site system");
  for (const std::string& line : lines) {
    CHECK(display_width(line) <= 30);
  }
  CHECK(wrap("word", 30, "  ", "    ") == std::vector<std::string>{"  word"});
  const auto cut = wrap("a-very-long-word-without-any-space-at-all", 20, "", "  ");
  REQUIRE(cut.size() == 1);
  CHECK(display_width(cut[0]) == 20);
}

TEST_CASE("table: every row of a needs-fix fleet fits on one line at 80 and at 200 columns")
{
  smsscan::test::Fleet fleet;
  auto& many = fleet.add("\\\\server-with-a-long-name.corp.example\\ADMIN$", MachineStatus::needs_fix, "ABC");
  for (const char* name : {"CCMCore.exe", "Clisvcl.exe", "Mslmclin.dll", "Abnwcli.dll", "NdsCliN.dll"}) {
    many.files.push_back(many.files.front());
    many.files.back().evidence.name = name;
  }
  fleet.add("pc002", MachineStatus::compliant, "XYZ");
  fleet.add("127.0.0.9:2001", MachineStatus::unreachable, "XYZ").errors = {
    "no connection: connect to 127.0.0.9 port 2001 timed out after 30 seconds"};
  fleet.add("pc\xe6\x9d\xb1\xe4\xba\xac", MachineStatus::review, "");
  for (const std::size_t width : {80u, 200u}) {
    CAPTURE(width);
    const auto layout = table_layout(texts(fleet), sites(fleet), width);
    CHECK(layout.site == 4);
    const std::string header = table_header(layout);
    CHECK(header.rfind("TARGET", 0) == 0);
    CHECK(header.find("SITE") != std::string::npos);
    CHECK(header.find("STATUS") != std::string::npos);
    CHECK(display_width(header) <= width);
    for (const auto& result : fleet.results) {
      const std::string row = table_row(result, layout);
      CAPTURE(row);
      CHECK(display_width(row) <= width);
      CHECK(row.find('\n') == std::string::npos);
      CHECK(row.back() != ' ');
    }
  }
  const auto narrow = table_layout(texts(fleet), sites(fleet), 80);
  const std::string row = table_row(fleet.results[0], narrow);
  CHECK(row.find(k_ellipsis) != std::string::npos); // the target or its files were cut
  CHECK(row.find("needs-fix") != std::string::npos);
  CHECK(row.find("6 outdated: ") != std::string::npos);
  // At 200 columns nothing of this fleet is cut.
  const auto wide = table_layout(texts(fleet), sites(fleet), 200);
  for (const auto& result : fleet.results) {
    CHECK(table_row(result, wide).find(k_ellipsis) == std::string::npos);
  }
  CHECK(table_row(fleet.results[0], wide).rfind("\\\\server-with-a-long-name.corp.example\\ADMIN$ ABC  needs-fix", 0) ==
        0);
}

TEST_CASE("table: no site column when no machine has a site code; control characters never reach the terminal")
{
  smsscan::test::Fleet fleet;
  fleet.add("pc\x1b[31m01", MachineStatus::compliant);
  const auto layout = table_layout(texts(fleet), sites(fleet), 80);
  CHECK(layout.site == 0);
  CHECK(table_header(layout).find("SITE") == std::string::npos);
  const std::string row = table_row(fleet.results[0], layout);
  CHECK(row.find('\x1b') == std::string::npos);
  CHECK(row.rfind("pc?[31m01", 0) == 0);
}

TEST_CASE(
  "summary_lines: headline first, per-site lines with several sites, the remediation when machines need the fix")
{
  smsscan::test::Fleet fleet;
  fleet.add("pc1", MachineStatus::needs_fix, "ABC");
  fleet.add("pc2", MachineStatus::compliant, "ABC");
  fleet.add("pc3", MachineStatus::unreachable, "XYZ");
  FleetTally tally;
  for (const auto& result : fleet.results) {
    tally.add(result);
  }
  const auto lines = summary_lines(fleet.manifest, tally, 80);
  REQUIRE(lines.size() >= 6);
  CHECK(lines[0] == "1 of 3 machines still needs SMS 2.0 Service Pack 1; 1 could not be scanned");
  CHECK(lines[1] == "  1 needs-fix, 1 unreachable, 1 compliant");
  CHECK(lines[2] == "  site ABC: 1 of 2 machines needs the fix");
  CHECK(lines[3] == "  site XYZ: 0 of 1 machine need the fix, 1 could not be scanned");
  CHECK(lines[4].rfind("What to do: Install SMS 2.0 Service Pack 1.", 0) == 0);
  // The reference is wrapped at the width like the rest.
  CHECK(lines[lines.size() - 2] == "  See Q236325: How to Obtain the Latest Systems Management Server 2.0 Service");
  CHECK(lines.back() == "    Pack");
  for (const std::string& line : lines) {
    CHECK(display_width(line) <= 80);
  }

  // One site, nothing to fix: no site lines, no remediation.
  smsscan::test::Fleet calm;
  calm.add("pc1", MachineStatus::compliant, "ABC");
  FleetTally calm_tally;
  calm_tally.add(calm.results[0]);
  const auto calm_lines = summary_lines(calm.manifest, calm_tally, 80);
  CHECK(calm_lines == std::vector<std::string>{"0 of 1 machine still need SMS 2.0 Service Pack 1", "  1 compliant"});
}
