// `smsscan scan`: its options, their CLI11 wiring, and the run as a sequence
// of named steps (manifest, targets, credentials, transports, outputs, scan,
// summary, exit status).
#pragma once

#include "smsscan/cli/remote_options.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace smsscan::cli {

struct ScanCommand
{
  std::vector<std::string> targets;
  std::string hosts_file;
  std::string manifest_path;
  std::vector<std::string> roles{"client"};
  std::string site_code;
  std::vector<std::string> shares;
  std::vector<std::string> locations;
  double tolerance_hours = 24;
  std::string csv_path;
  std::string json_path;
  std::string details_path;
  std::string html_path;
  std::string history_path;
  bool deep = false;
  unsigned jobs = 16;
  double timeout_seconds = 30;
  std::string transport = "auto";
  ReachOptions reach; // --user, --auth-file, --max-auth-failures, --max-targets, --wins, --lmhosts, --ntlmv1
  bool quiet = false;
};

// Adds the scan subcommand and its options, filling command when parsed.
CLI::App* add_scan_command(CLI::App& app, ScanCommand& command);

// Runs the scan; returns the exit status. Throws util::Fatal for problems
// that end the run before (or instead of) scanning.
int run_scan_command(const ScanCommand& command);

} // namespace smsscan::cli
