// Tests for cli/history_commands.cpp: `history list` and `history diff`
// over real SQLite histories, one written by two real scans of machine
// images (tests/fleet/make_fleet.py, then `smsscan scan --history`), the
// others by the history store: the table of scans, the default and chosen
// pairs, a line per change worst first, the CSV (to a file or alone on
// standard output), warnings, and the refusals with their exit statuses.
#include "smsscan/cli/history_commands.hpp"

#include "cli_support.hpp"
#include "report/fleet_support.hpp"
#include "report/report_support.hpp"
#include "smsscan/cli/exit_status.hpp"
#include "smsscan/history/store.hpp"
#include "smsscan/util/error.hpp"
#include "test_support.hpp"

#include <CLI/CLI.hpp>
#include <doctest/doctest.h>

#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

using namespace smsscan;
using cli::HistoryCommand;
using history::History;
using history::ScanState;
using test::lines_of;
using test::stderr_of;
using test::stdout_of;
using test::TemporaryFolder;
using verdict::MachineStatus;

namespace {

constexpr std::int64_t k_monday = 1764580000; // 2025-12-01T09:06:40Z
constexpr std::int64_t k_week = 7 * 24 * 3600;

History open_history(const std::string& path)
{
  auto opened = History::open(path, History::Mode::record);
  REQUIRE_MESSAGE(opened.has_value(), (opened ? "" : opened.error().to_string()));
  return std::move(*opened);
}

// Records the fleet as one scan of kb, started at started_at; planned
// defaults to the fleet's size.
void record(History& history, const test::Fleet& fleet, std::int64_t started_at, ScanState state,
            const std::string& kb = "Q231399", std::size_t planned = 0)
{
  history::NewScan scan;
  scan.started_at = started_at;
  scan.kb = kb;
  scan.fix = "SMS 2.0 Service Pack 1";
  scan.manifest = "built-in";
  scan.options = "roles client; tolerance 24 h; quick";
  scan.generator = "smsscan test";
  scan.planned = planned > 0 ? planned : fleet.results.size();
  auto id = history.begin_scan(scan);
  REQUIRE(id.has_value());
  for (const auto& result : fleet.results) {
    REQUIRE(history.add_machine(*id, result).has_value());
  }
  if (state != ScanState::running) {
    REQUIRE(history.finish_scan(*id, state, started_at + 60).has_value());
  }
}

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

std::vector<std::string> words_of(const std::string& line)
{
  std::istringstream in(line);
  std::vector<std::string> words;
  for (std::string word; in >> word;) {
    words.push_back(word);
  }
  return words;
}

HistoryCommand command_for(const std::string& path, std::vector<std::int64_t> scans = {}, std::string csv = "")
{
  HistoryCommand command;
  command.history_path = path;
  command.scans = std::move(scans);
  command.csv_path = std::move(csv);
  return command;
}

// A history of four scans: week 1 and week 2 complete, week 3 interrupted
// half-way, week 4 complete but of another article.
struct FourScans
{
  TemporaryFolder folder;
  std::string path = folder / "fleet.history";
  test::Fleet week1;
  test::Fleet week2;
  test::Fleet other;

  FourScans()
  {
    week1.add("pc1", MachineStatus::needs_fix, "ABC");
    week1.add("pc2", MachineStatus::compliant, "ABC");
    week1.add("pc3", MachineStatus::unreachable, "ABC");
    week1.add("pc\x1b[31mred", MachineStatus::review, "ABC");
    week2.add("pc1", MachineStatus::compliant, "ABC");
    week2.add("pc2", MachineStatus::needs_fix, "ABC");
    week2.add("pc4", MachineStatus::not_installed, "ABC");
    week2.add("pc\x1b[31mred", MachineStatus::compliant, "ABC");
    other.add("pc1", MachineStatus::compliant, "ABC");
    History history = open_history(path);
    record(history, week1, k_monday, ScanState::complete);
    record(history, week2, k_monday + k_week, ScanState::complete);
    record(history, week1, k_monday + 2 * k_week, ScanState::interrupted, "Q231399", 9);
    record(history, other, k_monday + 3 * k_week, ScanState::complete, "Q999999");
  }
};

} // namespace

TEST_CASE("history commands: list and diff over the history of two real scans of machine images")
{
  if (!test::fixtures_present(
        {"pe-template-2.0.1239.0.dll", "pe-template-2.0.1380.1000.dll", "pe-template-2.0.1493.2000.dll"})) {
    return;
  }
  TemporaryFolder folder;
  const std::string images = folder / "fleet";
  const std::string path = folder / "fleet.history";
  // The machine folders are named by address, so that a machine keeps its
  // name when its state changes between the two weeks.
  const auto make_fleet = [&](const std::string& states) {
    const std::string command = "/usr/bin/python3 '" + test::source_path("tests/fleet/make_fleet.py") +
                                "' --templates '" + test::fixture_path("") + "' --out '" + images +
                                "' --names ip --states " + states + " 2>/dev/null";
    REQUIRE(std::system(command.c_str()) == 0);
  };
  const std::vector<std::string> scan = {
    "scan", "-q", "--history", path, images + "/127.0.1.1", images + "/127.0.1.2", images + "/127.0.1.3"};
  make_fleet("pre-sp1,sp1,no-client");
  CHECK(test::run_cli_quietly(scan) == cli::exit_needs_attention);
  // A week later the first machine has SP1 and the second a damaged CliCore.exe.
  make_fleet("sp1,truncated,no-client");
  CHECK(test::run_cli_quietly(scan) == cli::exit_needs_attention);

  const std::string listed = stdout_of([&] { CHECK(cli::run_history_list(command_for(path)) == cli::exit_ok); });
  const auto lines = lines_of(listed);
  REQUIRE(lines.size() == 3);
  CHECK(words_of(lines[0]) == std::vector<std::string>{"SCAN", "STARTED", "(UTC)", "STATE", "ARTICLE", "MACHINES",
                                                       "NEEDS-FIX", "REVIEW", "UNSCANNED", "COMPLIANT", "NOT-INST."});
  const auto first = words_of(lines[1]);
  const auto second = words_of(lines[2]);
  REQUIRE(first.size() == 11);
  REQUIRE(second.size() == 11);
  // scan, date, time, state, article, machines, needs-fix, review, unscanned, compliant, not installed
  CHECK(std::vector<std::string>(first.begin() + 3, first.end()) ==
        std::vector<std::string>{"complete", "Q231399", "3", "1", "0", "0", "1", "1"});
  CHECK(std::vector<std::string>(second.begin() + 3, second.end()) ==
        std::vector<std::string>{"complete", "Q231399", "3", "0", "1", "0", "1", "1"});
  CHECK(first[0] == "1");
  CHECK(second[0] == "2");

  const std::string csv = folder / "changes.csv";
  const std::string diffed =
    stdout_of([&] { CHECK(cli::run_history_diff(command_for(path, {}, csv)) == cli::exit_ok); });
  const auto diff_lines = lines_of(diffed);
  REQUIRE(diff_lines.size() == 3);
  CHECK(diff_lines[0].rfind("From scan 1 (", 0) == 0);
  CHECK(diff_lines[0].find(" to scan 2 (") != std::string::npos);
  CHECK(diff_lines[0].find(", Q231399: 2 machines changed") != std::string::npos);
  CHECK(diff_lines[1] == "regressed  " + images + "/127.0.1.2  compliant -> review");
  CHECK(diff_lines[2] == "fixed      " + images + "/127.0.1.1  needs-fix -> compliant");
  const auto records = test::parse_csv(test::read_file(csv).value_or(""));
  REQUIRE(records.size() == 3);
  CHECK(records[0] == std::vector<std::string>{"target", "before", "after", "change"});
  CHECK(records[1] == std::vector<std::string>{images + "/127.0.1.2", "compliant", "review", "regressed"});
  CHECK(records[2] == std::vector<std::string>{images + "/127.0.1.1", "needs-fix", "compliant", "fixed"});
}

TEST_CASE("history list: every scan with its state and counts, an unfinished one as machines of planned")
{
  const FourScans history;
  std::string err;
  const std::string listed = stdout_of(
    [&] { err = stderr_of([&] { CHECK(cli::run_history_list(command_for(history.path)) == cli::exit_ok); }); });
  CHECK(err.empty());
  const auto lines = lines_of(listed);
  REQUIRE(lines.size() == 5);
  CHECK(lines[0] == " SCAN  STARTED (UTC)     STATE        ARTICLE    MACHINES NEEDS-FIX REVIEW UNSCANNED COMPLIANT "
                    "NOT-INST.");
  CHECK(lines[1] == "    1  2025-12-01 09:06  complete     Q231399           4         1      1         1         1 "
                    "        0");
  CHECK(words_of(lines[2]) ==
        std::vector<std::string>{"2", "2025-12-08", "09:06", "complete", "Q231399", "4", "1", "0", "0", "2", "1"});
  CHECK(words_of(lines[3]) ==
        std::vector<std::string>{"3", "2025-12-15", "09:06", "interrupted", "Q231399", "4/9", "1", "1", "1", "1", "0"});
  CHECK(words_of(lines[4])[4] == "Q999999");

  // A scan still running (or killed) reads "incomplete".
  History again = open_history(history.path);
  record(again, history.week2, k_monday + 4 * k_week, ScanState::running, "Q231399", 40);
  const auto more = lines_of(stdout_of([&] { cli::run_history_list(command_for(history.path)); }));
  REQUIRE(more.size() == 6);
  CHECK(words_of(more[5])[3] == "incomplete");
  CHECK(words_of(more[5])[5] == "4/40");
}

TEST_CASE("history list: an empty history says so; a missing file or one that is no history is refused with 66")
{
  TemporaryFolder folder;
  const std::string path = folder / "new.history";
  {
    History created = open_history(path);
  }
  CHECK(stdout_of([&] { CHECK(cli::run_history_list(command_for(path)) == cli::exit_ok); }) ==
        path + " holds no scans yet\n");

  const std::string absent = folder / "absent.history";
  util::Fatal fatal = fatal_of([&] { cli::run_history_list(command_for(absent)); });
  CHECK(fatal.exit_status() == cli::exit_no_input);
  CHECK(std::string(fatal.what()).rfind("--history " + absent + ": ", 0) == 0);
  CHECK_FALSE(std::filesystem::exists(absent)); // reading never creates one

  const std::string text = folder / "notes.txt";
  test::write_file(text, "these are notes, not a history\n");
  fatal = fatal_of([&] { cli::run_history_diff(command_for(text)); });
  CHECK(fatal.exit_status() == cli::exit_no_input);
  CHECK(std::string(fatal.what()).rfind("--history " + text + ": ", 0) == 0);
  CHECK(test::read_file(text) == std::string("these are notes, not a history\n")); // left as it was
}

TEST_CASE("history diff: by default the last two complete scans of the last article, worst news first")
{
  FourScans history;
  // Scan 4 (the last complete one) is of another article with no earlier
  // scan: there is nothing to compare.
  util::Fatal fatal = fatal_of([&] { cli::run_history_diff(command_for(history.path)); });
  CHECK(fatal.exit_status() == cli::exit_no_input);
  CHECK(std::string(fatal.what()).find("fewer than two complete scans of one article") != std::string::npos);

  // Another complete scan of Q231399 after it: scans 2 and 5 are compared
  // (3 was interrupted).
  {
    History again = open_history(history.path);
    record(again, history.week1, k_monday + 4 * k_week, ScanState::complete);
  }
  std::string err;
  const std::string out = stdout_of(
    [&] { err = stderr_of([&] { CHECK(cli::run_history_diff(command_for(history.path)) == cli::exit_ok); }); });
  CHECK(err.empty());
  const auto lines = lines_of(out);
  REQUIRE(lines.size() == 6);
  CHECK(lines[0] == "From scan 2 (2025-12-08 09:06 UTC, complete) to scan 5 (2025-12-29 09:06 UTC, complete), "
                    "Q231399: 5 machines changed");
  CHECK(lines[1] == "regressed  pc1  compliant -> needs-fix");
  // The escape sequence in a machine's name never reaches the terminal.
  CHECK(lines[2] == "regressed  pc?[31mred  compliant -> review");
  CHECK(lines[3] == "new        pc3  (none) -> unreachable");
  CHECK(lines[4] == "gone       pc4  not-installed -> (none)");
  CHECK(lines[5] == "fixed      pc2  needs-fix -> compliant");
  CHECK(out.find('\x1b') == std::string::npos);
}

TEST_CASE("history diff: chosen scans; unfinished scans and different articles are warned about")
{
  const FourScans history;
  std::string err;
  std::string out = stdout_of([&] {
    err = stderr_of([&] { CHECK(cli::run_history_diff(command_for(history.path, {1, 3})) == cli::exit_ok); });
  });
  CHECK(err == "smsscan: warning: scan 3 (2025-12-15 09:06 UTC, interrupted) did not finish: machines it did not "
               "reach are not listed as new or gone\n");
  CHECK(lines_of(out)[0].find("0 machines changed") != std::string::npos); // the same machines, as far as it got

  out = stdout_of([&] {
    err = stderr_of([&] { CHECK(cli::run_history_diff(command_for(history.path, {1, 2})) == cli::exit_ok); });
  });
  CHECK(err.empty());
  const auto lines = lines_of(out);
  REQUIRE(lines.size() == 6);
  CHECK(lines[0].find("5 machines changed") != std::string::npos);
  CHECK(out.find('\x1b') == std::string::npos);

  stdout_of([&] {
    err = stderr_of([&] { CHECK(cli::run_history_diff(command_for(history.path, {2, 4})) == cli::exit_ok); });
  });
  CHECK(err == "smsscan: warning: scan 2 checked Q231399 and scan 4 checked Q999999: their statuses answer "
               "different questions\n");

  const util::Fatal fatal = fatal_of([&] { cli::run_history_diff(command_for(history.path, {1, 9})); });
  CHECK(fatal.exit_status() == cli::exit_usage);
  CHECK(std::string(fatal.what()) ==
        "history " + history.path + " has no scan 9; its scans are 1 to 4 (smsscan history list)");
}

TEST_CASE("history diff --csv: target,before,after,change to a file, or alone on standard output")
{
  const FourScans history;
  const std::string csv = history.folder / "changes.csv";
  const std::string out = stdout_of([&] {
    CHECK(cli::run_history_diff(command_for(history.path, {1, 2}, csv)) == cli::exit_ok);
  });
  CHECK(lines_of(out).size() == 6); // the text report still goes to the terminal
  const auto records = test::parse_csv(test::read_file(csv).value_or(""));
  REQUIRE(records.size() == 6);
  CHECK(records[0] == std::vector<std::string>{"target", "before", "after", "change"});
  CHECK(records[1] == std::vector<std::string>{"pc2", "compliant", "needs-fix", "regressed"});
  CHECK(records[2] == std::vector<std::string>{"pc4", "", "not-installed", "new"});
  CHECK(records[3] == std::vector<std::string>{"pc3", "unreachable", "", "gone"});
  CHECK(records[4] == std::vector<std::string>{"pc1", "needs-fix", "compliant", "fixed"});
  CHECK(records[5] == std::vector<std::string>{"pc?[31mred", "review", "compliant", "fixed"}); // no escape

  const std::string only_csv = stdout_of([&] {
    CHECK(cli::run_history_diff(command_for(history.path, {1, 2}, "-")) == cli::exit_ok);
  });
  CHECK(only_csv == *test::read_file(csv));

  // The history itself is never a report.
  util::Fatal fatal = fatal_of([&] { cli::run_history_diff(command_for(history.path, {1, 2}, history.path)); });
  CHECK(fatal.exit_status() == cli::exit_usage);
  fatal = fatal_of([&] { cli::run_history_diff(command_for(history.path, {1, 2}, "/dev/full")); });
  CHECK(fatal.exit_status() == cli::exit_no_input);
  CHECK(std::string(fatal.what()) == "cannot write /dev/full: No space left on device");
}

TEST_CASE("history commands: the subcommands and their options")
{
  const auto parse = [](std::vector<std::string> args, HistoryCommand& command) {
    CLI::App app;
    const cli::HistoryApps apps = cli::add_history_commands(app, command);
    std::vector<std::string> reversed(args.rbegin(), args.rend());
    app.parse(reversed);
    return std::make_pair(apps.list->parsed(), apps.diff->parsed());
  };
  HistoryCommand list;
  CHECK(parse({"history", "list", "--history", "h.db"}, list) == std::make_pair(true, false));
  CHECK(list.history_path == "h.db");
  HistoryCommand diff;
  CHECK(parse({"history", "diff", "--history", "h.db", "3", "7", "--csv", "-"}, diff) == std::make_pair(false, true));
  CHECK(diff.scans == std::vector<std::int64_t>{3, 7});
  CHECK(diff.csv_path == "-");
  HistoryCommand bad;
  CHECK_THROWS_AS(parse({"history"}, bad), CLI::RequiredError);
  CHECK_THROWS_AS(parse({"history", "list"}, bad), CLI::RequiredError);
  CHECK_THROWS(parse({"history", "diff", "--history", "h.db", "3"}, bad));
  CHECK_THROWS(parse({"history", "diff", "--history", "h.db", "three", "4"}, bad));
}
