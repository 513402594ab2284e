// `smsscan accounts`: the symptom of KB Q231399 on each machine, through
// libnetapi: the state of the accounts the manifest names (locked, active,
// disabled, missing), their bad-password counts, and the machine's account
// lockout policy. Same targets, credentials, logon guard, concurrency and
// time-outs as `scan`; reports as `scan` writes them.
#pragma once

#include "smsscan/cli/remote_options.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace smsscan::cli {

struct AccountsCommand
{
  std::vector<std::string> targets;
  std::string hosts_file;
  std::string manifest_path;
  std::vector<std::string> accounts; // --account, added to the manifest's
  std::string csv_path;
  std::string json_path;
  unsigned jobs = 16;
  double timeout_seconds = 30;
  ReachOptions
    reach; // --user, --auth-file, --max-auth-failures, --max-targets, --wins, --lmhosts, --ntlmv1, as for scan
  bool quiet = false;
};

// Adds the accounts subcommand and its options, filling command when parsed.
CLI::App* add_accounts_command(CLI::App& app, AccountsCommand& command);

// Runs the query; returns the exit status: 0 no account locked out, 1 one
// is, 2 some machine could not be (wholly) queried, 3 host-list lines
// skipped. Throws util::Fatal for problems that end the run before it starts.
int run_accounts_command(const AccountsCommand& command);

} // namespace smsscan::cli
