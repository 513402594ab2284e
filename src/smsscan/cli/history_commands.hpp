// `smsscan history list|diff --history FILE`: the scans a history holds, and
// what changed between two of them (by default the last two complete scans
// of one article): a line per machine whose status moved, or with --csv the
// columns target, before, after, change.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace smsscan::cli {

struct HistoryCommand
{
  std::string history_path;
  std::vector<std::int64_t> scans; // diff: none, or OLD NEW
  std::string csv_path;            // diff: "" = none, "-" = standard output
};

// Adds `history` with `list` and `diff`; returns them to test which was parsed.
struct HistoryApps
{
  CLI::App* list = nullptr;
  CLI::App* diff = nullptr;
};
HistoryApps add_history_commands(CLI::App& app, HistoryCommand& command);

int run_history_list(const HistoryCommand& command);
int run_history_diff(const HistoryCommand& command);

} // namespace smsscan::cli
