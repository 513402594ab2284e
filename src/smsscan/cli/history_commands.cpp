#include "smsscan/cli/history_commands.hpp"

#include "smsscan/cli/console.hpp"
#include "smsscan/cli/exit_status.hpp"
#include "smsscan/cli/output_files.hpp"
#include "smsscan/history/store.hpp"
#include "smsscan/report/text_safety.hpp"
#include "smsscan/util/civil_time.hpp"
#include "smsscan/util/error.hpp"
#include "smsscan/util/utf8.hpp"

#include <CLI/CLI.hpp>

#include <cstdio>

namespace smsscan::cli {

namespace {

using history::History;
using history::ScanInfo;
using util::Fatal;

History open_or_fail(const std::string& path)
{
  util::Expected<History> opened = History::open(path, History::Mode::read);
  if (!opened) {
    throw Fatal(exit_no_input, "--history " + opened.error().to_string());
  }
  if (opened->upgraded_from() > 0) {
    print_warning("history " + path + " was written by an older smsscan (schema " +
                  std::to_string(opened->upgraded_from()) + "); upgraded it to schema " +
                  std::to_string(history::k_schema_version));
  }
  return std::move(*opened);
}

std::vector<ScanInfo> scans_or_fail(History& history)
{
  util::Expected<std::vector<ScanInfo>> scans = history.scans();
  if (!scans) {
    throw Fatal(exit_no_input, "--history " + scans.error().to_string());
  }
  return std::move(*scans);
}

// "2026-11-25 14:02"
std::string minute(std::int64_t unix_seconds)
{
  const std::string iso = util::format_iso_utc(unix_seconds);
  return iso.substr(0, 10) + " " + iso.substr(11, 5);
}

// How a scan's end reads: "complete", "interrupted", "incomplete" (never
// finished: killed, or still running).
std::string state_text(const ScanInfo& scan)
{
  return scan.state == history::ScanState::running ? "incomplete" : std::string(history::state_name(scan.state));
}

std::size_t count_of(const ScanInfo& scan, const char* status)
{
  const auto found = scan.counts.find(status);
  return found == scan.counts.end() ? 0 : found->second;
}

std::string describe(const ScanInfo& scan)
{
  return "scan " + std::to_string(scan.id) + " (" + minute(scan.started_at) + " UTC, " + state_text(scan) + ")";
}

const ScanInfo& find_or_fail(const std::vector<ScanInfo>& scans, std::int64_t id, const std::string& path)
{
  for (const ScanInfo& scan : scans) {
    if (scan.id == id) {
      return scan;
    }
  }
  const std::string known =
    scans.empty() ? "it holds no scans"
                  : "its scans are " + std::to_string(scans.front().id) + " to " + std::to_string(scans.back().id);
  throw Fatal(exit_usage,
              "history " + path + " has no scan " + std::to_string(id) + "; " + known + " (smsscan history list)");
}

} // namespace

HistoryApps add_history_commands(CLI::App& app, HistoryCommand& command)
{
  CLI::App* history = app.add_subcommand("history", "List the scans of a history, or what changed between two");
  history->require_subcommand(1);
  HistoryApps apps;
  apps.list = history->add_subcommand("list", "The scans recorded: time, state, machines and their statuses");
  apps.list->add_option("--history", command.history_path, "The history file (smsscan scan --history)")->required();
  apps.diff = history->add_subcommand(
    "diff", "The machines whose status changed between two scans (default: the last two complete ones)");
  apps.diff->add_option("--history", command.history_path, "The history file (smsscan scan --history)")->required();
  apps.diff->add_option("scans", command.scans, "OLD NEW: the scan numbers to compare (smsscan history list)")
    ->expected(2);
  apps.diff->add_option("--csv", command.csv_path,
                        "Also write the changes as CSV: target,before,after,change ('-' = standard output only)");
  return apps;
}

int run_history_list(const HistoryCommand& command)
{
  History history = open_or_fail(command.history_path);
  const std::vector<ScanInfo> scans = scans_or_fail(history);
  if (scans.empty()) {
    std::printf("%s holds no scans yet\n", command.history_path.c_str());
    return exit_ok;
  }
  std::printf("%5s  %-16s  %-11s  %-9s %9s %9s %6s %9s %9s %9s\n", "SCAN", "STARTED (UTC)", "STATE", "ARTICLE",
              "MACHINES", "NEEDS-FIX", "REVIEW", "UNSCANNED", "COMPLIANT", "NOT-INST.");
  for (const ScanInfo& scan : scans) {
    const std::size_t needs_fix = count_of(scan, "needs-fix");
    const std::size_t review = count_of(scan, "review");
    const std::size_t compliant = count_of(scan, "compliant");
    const std::size_t not_installed = count_of(scan, "not-installed");
    const std::size_t unscanned = scan.machines - needs_fix - review - compliant - not_installed;
    const std::string machines = scan.complete() ? std::to_string(scan.machines)
                                                 : std::to_string(scan.machines) + "/" + std::to_string(scan.planned);
    std::printf("%5lld  %-16s  %-11s  %-9s %9s %9zu %6zu %9zu %9zu %9zu\n", static_cast<long long>(scan.id),
                minute(scan.started_at).c_str(), state_text(scan).c_str(), util::printable(scan.kb).c_str(),
                machines.c_str(), needs_fix, review, unscanned, compliant, not_installed);
  }
  return exit_ok;
}

int run_history_diff(const HistoryCommand& command)
{
  History history = open_or_fail(command.history_path);
  const std::vector<ScanInfo> scans = scans_or_fail(history);
  ScanInfo older;
  ScanInfo newer;
  if (command.scans.size() == 2) {
    older = find_or_fail(scans, command.scans[0], command.history_path);
    newer = find_or_fail(scans, command.scans[1], command.history_path);
    if (older.kb != newer.kb) {
      print_warning("scan " + std::to_string(older.id) + " checked " + older.kb + " and scan " +
                    std::to_string(newer.id) + " checked " + newer.kb + ": their statuses answer different questions");
    }
    for (const ScanInfo* scan : {&older, &newer}) {
      if (!scan->complete()) {
        print_warning(describe(*scan) + " did not finish: machines it did not reach are not listed as new or gone");
      }
    }
  } else {
    const auto pair = history::default_diff_pair(scans);
    if (!pair) {
      throw Fatal(exit_no_input, "history " + command.history_path +
                                   " holds fewer than two complete scans of one article, so there is nothing to "
                                   "compare (smsscan history list shows its scans)");
    }
    older = pair->first;
    newer = pair->second;
  }
  util::Expected<history::ScanDiff> diff = history.diff(older, newer);
  if (!diff) {
    throw Fatal(exit_no_input, "--history " + diff.error().to_string());
  }

  const OutputFiles files({{"--csv", command.csv_path}}, {command.history_path});
  if (report::OutputFile* csv = files.get("--csv")) {
    bool written = csv->write_line("target,before,after,change");
    for (const history::MachineChange& change : diff->changes) {
      written = written && csv->write_line(report::csv_line({change.target, change.before, change.after,
                                                             std::string(history::change_name(change.change))}));
    }
    if (!written) {
      throw Fatal(exit_no_input, "cannot write " + csv->error());
    }
  }
  if (!files.stdout_used()) {
    std::printf("From %s to %s, %s: %zu %s\n", describe(older).c_str(), describe(newer).c_str(),
                util::printable(newer.kb).c_str(), diff->changes.size(),
                diff->changes.size() == 1 ? "machine changed" : "machines changed");
    for (const history::MachineChange& change : diff->changes) {
      std::printf("%-9s  %s  %s -> %s\n", std::string(history::change_name(change.change)).c_str(),
                  util::printable(change.target).c_str(),
                  change.before.empty() ? "(none)" : util::printable(change.before).c_str(),
                  change.after.empty() ? "(none)" : util::printable(change.after).c_str());
    }
  }
  return exit_ok;
}

} // namespace smsscan::cli
