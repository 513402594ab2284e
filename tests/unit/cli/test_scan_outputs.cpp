// Tests for cli/scan_outputs.cpp on real files and a real SQLite history:
// every report and the history written as machines finish, the HTML page
// written at the start (saying the scan is under way) and at the end (with
// the changes since the previous scan), close() marking the scan complete or
// interrupted, the first failure stopping everything, a damaged history
// refused before any report is truncated, and the terminal table with the
// progress line erased before each row.
#include "smsscan/cli/scan_outputs.hpp"

#include "cli_support.hpp"
#include "report/fleet_support.hpp"
#include "report/report_support.hpp"
#include "smsscan/cli/exit_status.hpp"
#include "smsscan/report/formats.hpp"
#include "smsscan/report/terminal_table.hpp"
#include "smsscan/util/error.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace smsscan;
using cli::ScanCommand;
using cli::ScanOutputs;
using history::History;
using history::ScanState;
using test::lines_of;
using test::read_file;
using test::TemporaryFolder;
using verdict::MachineStatus;

namespace {

// A fleet of three machines, its targets as the scan command has them, and
// a scan command writing every report into a temporary folder.
struct Run
{
  TemporaryFolder folder;
  test::Fleet fleet;
  std::vector<target::Target> targets;
  scan::ScanOptions options;
  ScanCommand command;

  Run()
  {
    fleet.add("pc1", MachineStatus::needs_fix, "ABC");
    fleet.add("pc2", MachineStatus::compliant, "ABC");
    fleet.add("pc3", MachineStatus::unreachable, "ABC");
    for (const target::Target& target : fleet.targets) {
      targets.push_back(target);
    }
    for (std::size_t i = 0; i < targets.size(); ++i) {
      fleet.results[i].target = &targets[i];
    }
    command.csv_path = folder / "report.csv";
    command.json_path = folder / "report.jsonl";
    command.details_path = folder / "details.csv";
    command.html_path = folder / "report.html";
    command.history_path = folder / "fleet.history";
    command.quiet = true;
  }

  ScanOutputs::Context context(cli::TerminalProgress* progress = nullptr) const
  {
    return ScanOutputs::Context{fleet.manifest, command, targets, options, progress};
  }

  std::string file(const std::string& name) const { return read_file(folder / name).value_or("<missing>"); }

  std::vector<history::ScanInfo> scans() const
  {
    auto opened = History::open(command.history_path, History::Mode::read);
    REQUIRE(opened.has_value());
    auto scans = opened->scans();
    REQUIRE(scans.has_value());
    return *scans;
  }
};

template <typename F>
util::Fatal fatal_of(F f)
{
  try {
    f();
  } catch (const util::Fatal& fatal) {
    return fatal;
  }
  FAIL("no util::Fatal was thrown");
  return util::Fatal(-1, "");
}

bool contains(const std::string& text, const std::string& part)
{
  return text.find(part) != std::string::npos;
}

} // namespace

TEST_CASE("ScanOutputs: every report and the history as machines finish; close ends them with what finished")
{
  Run run;
  ScanOutputs outputs(run.context());
  // Before any machine: the headers, a page that says the scan is under
  // way, and a scan recorded as running.
  CHECK(run.file("report.csv") == std::string(report::k_csv_header) + "\n");
  CHECK(run.file("details.csv") == std::string(report::k_details_header) + "\n");
  CHECK(run.file("report.jsonl").empty());
  CHECK(contains(run.file("report.html"), "has not finished: this page is replaced when it ends"));
  auto scans = run.scans();
  REQUIRE(scans.size() == 1);
  CHECK(scans[0].state == ScanState::running);
  CHECK(scans[0].planned == 3);
  CHECK(scans[0].kb == "Q231399");
  CHECK(scans[0].options == "roles client; tolerance 24 h; quick");

  outputs.machine_done(run.fleet.results[0]);
  outputs.machine_done(run.fleet.results[1]);
  // Each machine is in the reports and committed to the history at once.
  CHECK(lines_of(run.file("report.csv")) == std::vector<std::string>{report::k_csv_header,
                                                                     report::csv_row(run.fleet.results[0]),
                                                                     report::csv_row(run.fleet.results[1])});
  CHECK(lines_of(run.file("report.jsonl")).size() == 2);
  CHECK(run.scans()[0].machines == 2);
  outputs.machine_done(run.fleet.results[2]);
  CHECK_FALSE(outputs.failed());
  CHECK(outputs.failure().empty());

  outputs.close(false);
  scans = run.scans();
  CHECK(scans[0].state == ScanState::complete);
  CHECK(scans[0].machines == 3);
  CHECK(scans[0].counts.at("needs-fix") == 1);
  const std::string page = run.file("report.html");
  CHECK_FALSE(contains(page, "has not finished"));
  CHECK_FALSE(contains(page, "Incomplete"));
  CHECK(contains(page, "This is the first complete scan of this article in the history"));
  CHECK(contains(page, "</html>"));

  // Nothing is written after close, and closing again does nothing.
  const std::string csv = run.file("report.csv");
  outputs.machine_done(run.fleet.results[0]);
  outputs.close(true);
  CHECK(run.file("report.csv") == csv);
  CHECK(run.scans()[0].state == ScanState::complete);
  CHECK(run.file("report.html") == page);
}

TEST_CASE("ScanOutputs: the next scan's page lists what changed since the previous one")
{
  Run run;
  {
    ScanOutputs first(run.context());
    for (const auto& result : run.fleet.results) {
      first.machine_done(result);
    }
    first.close(false);
  }
  run.fleet.results[0].status = MachineStatus::compliant; // pc1 got the fix
  ScanOutputs second(run.context());
  for (const auto& result : run.fleet.results) {
    second.machine_done(result);
  }
  second.close(false);
  const std::string page = run.file("report.html");
  const std::size_t section = page.find("<section id=\"changes\">");
  REQUIRE(section != std::string::npos);
  const std::string changes = page.substr(section, page.find("</section>", section) - section);
  CHECK(contains(changes, "Compared with scan 1 of"));
  CHECK(contains(changes, "1 fixed."));
  CHECK(contains(changes, "pc1"));
  CHECK(run.scans().size() == 2);
}

TEST_CASE("ScanOutputs: an interrupted scan is marked so in the history and on the page, without a summary")
{
  Run run;
  run.command.quiet = false;
  std::string out;
  out = test::stdout_of([&] {
    ScanOutputs outputs(run.context());
    outputs.machine_done(run.fleet.results[0]);
    outputs.close(true);
  });
  CHECK(run.scans()[0].state == ScanState::interrupted);
  CHECK(contains(run.file("report.html"), "Incomplete: the scan was interrupted after 1 of 3 machines."));
  const auto lines = lines_of(out);
  REQUIRE(lines.size() == 2); // the table's header and the one machine, no summary
  CHECK(contains(lines[1], "pc1"));
  CHECK(contains(lines[1], "needs-fix"));

  // Finished, the summary follows the table.
  Run finished;
  finished.command.quiet = false;
  out = test::stdout_of([&] {
    ScanOutputs outputs(finished.context());
    for (const auto& result : finished.fleet.results) {
      outputs.machine_done(result);
    }
    outputs.close(false);
  });
  report::FleetTally tally;
  for (const auto& result : finished.fleet.results) {
    tally.add(result);
  }
  const auto summary = report::summary_lines(finished.fleet.manifest, tally, 80);
  const auto all = lines_of(out);
  REQUIRE(all.size() == 4 + summary.size());
  CHECK(std::vector<std::string>(all.begin() + 4, all.end()) == summary);
}

TEST_CASE("ScanOutputs: the first failed write stops every output and the history says interrupted")
{
  Run run;
  run.command.json_path = "/dev/full"; // JSON Lines has no header: the first machine's line fails
  ScanOutputs outputs(run.context());
  CHECK_FALSE(outputs.failed());
  outputs.machine_done(run.fleet.results[0]);
  CHECK(outputs.failed());
  CHECK(outputs.failure() == "/dev/full: No space left on device");
  const std::string csv = run.file("report.csv");
  outputs.machine_done(run.fleet.results[1]);
  CHECK(run.file("report.csv") == csv);
  outputs.close(false);
  const auto scans = run.scans();
  CHECK(scans[0].state == ScanState::interrupted); // a scan whose reports stopped is not complete
  CHECK(scans[0].machines == 0);                   // the machine whose reports failed is not recorded
  CHECK(contains(run.file("report.html"), "Incomplete"));
  CHECK(outputs.failure() == "/dev/full: No space left on device");
}

TEST_CASE("ScanOutputs: a report that cannot take its header ends the run with 66 at once")
{
  Run run;
  run.command.csv_path = "/dev/full";
  const util::Fatal fatal = fatal_of([&] { ScanOutputs outputs(run.context()); });
  CHECK(fatal.exit_status() == cli::exit_no_input);
  CHECK(std::string(fatal.what()) == "cannot write /dev/full: No space left on device");
}

TEST_CASE("ScanOutputs: a damaged or foreign history is refused before any report is truncated")
{
  Run run;
  test::write_file(run.command.csv_path, "last week's report\n");
  test::write_file(run.command.history_path, std::string(8192, 'x'));
  const util::Fatal fatal = fatal_of([&] { ScanOutputs outputs(run.context()); });
  CHECK(fatal.exit_status() == cli::exit_no_input);
  CHECK(std::string(fatal.what()).rfind("--history " + run.command.history_path + ": ", 0) == 0);
  CHECK(run.file("report.csv") == "last week's report\n");
  CHECK(run.file("fleet.history") == std::string(8192, 'x'));
  CHECK_FALSE(std::filesystem::exists(run.command.json_path));
}

TEST_CASE("ScanOutputs: the options that decide verdicts are recorded with the scan")
{
  Run run;
  run.command.site_code = "ABC";
  run.command.tolerance_hours = 12.5;
  run.command.deep = true;
  run.command.locations = {"cap=CAP_{site}\\extra"};
  run.options.roles = {"client", "cap"};
  run.targets[2].roles = {"site-server"}; // a host-list line's own roles
  {
    ScanOutputs outputs(run.context());
    outputs.close(false);
  }
  CHECK(run.scans()[0].options ==
        "roles client, cap, site-server; site code ABC; tolerance 12.5 h; deep; location cap=CAP_{site}\\extra");
}

TEST_CASE("ScanOutputs: the table on standard output, the progress line erased before each row")
{
  Run run;
  run.command.quiet = false;
  run.command.html_path.clear();
  run.command.history_path.clear();
  cli::TerminalProgress progress;
  // Standard output and standard error into one file, in the order written.
  const std::string both = test::output_of(STDOUT_FILENO, [&] {
    const int saved = ::dup(STDERR_FILENO);
    ::dup2(STDOUT_FILENO, STDERR_FILENO);
    {
      ScanOutputs outputs(run.context(&progress));
      progress.progress(0, 3);
      outputs.machine_done(run.fleet.results[0]);
      progress.progress(1, 3);
      outputs.close(false);
    }
    std::fflush(stderr);
    ::dup2(saved, STDERR_FILENO);
    ::close(saved);
  });
  const std::string erase = "\r\033[K";
  // The targets carry no site code of their own (the results do), so no site column.
  const report::TableLayout layout = report::table_layout({"pc1", "pc2", "pc3"}, {"", "", ""}, 80);
  const std::string header = report::table_header(layout) + "\n";
  const std::string row = report::table_row(run.fleet.results[0], layout) + "\n";
  CAPTURE(both);
  REQUIRE(both.rfind(header, 0) == 0);
  // The line is drawn, erased, the row printed below, the line drawn again
  // and erased for good before the summary.
  const std::string expected_start = header + erase + "[0/3]   0%  scanning" + erase + row + erase + "[1/3]";
  CHECK(both.substr(0, expected_start.size()) == expected_start);
  const std::size_t last_erase = both.rfind(erase);
  REQUIRE(last_erase != std::string::npos);
  CHECK(both.find("[1/3]") < last_erase);
  CHECK(contains(both.substr(last_erase), "1 of 1 machine still needs SMS 2.0 Service Pack 1"));

  // A report on standard output takes it over: no table, the summary goes to standard error.
  Run piped;
  piped.command.quiet = false;
  piped.command.csv_path = "-";
  std::string err;
  const std::string out = test::stdout_of([&] {
    err = test::stderr_of([&] {
      ScanOutputs outputs(piped.context());
      outputs.machine_done(piped.fleet.results[0]);
      outputs.close(false);
    });
  });
  CHECK(lines_of(out) == std::vector<std::string>{report::k_csv_header, report::csv_row(piped.fleet.results[0])});
  CHECK_FALSE(err.empty());
}
