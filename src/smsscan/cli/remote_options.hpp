// The options that shape how remote machines are reached and logged on to,
// shared by `scan` and `accounts`: the credentials' source and their guard
// (--user, --auth-file, --max-auth-failures), how far a target may expand
// (--max-targets), and name resolution and logon (--wins, --lmhosts,
// --ntlmv1). Their CLI11 wiring, the --help text that states the resolver
// order, and their reading into the transports' RemoteOptions.
#pragma once

#include "smsscan/transport/remote_options.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace smsscan::cli {

struct ReachOptions
{
  std::string user;                      // --user, [DOMAIN\]NAME
  std::string auth_file;                 // --auth-file
  int max_auth_failures = 3;             // --max-auth-failures
  std::size_t max_targets = 65536;       // --max-targets (target::k_default_max_targets)
  std::vector<std::string> wins_servers; // --wins, in order
  std::string lmhosts_file;              // --lmhosts
  bool ntlmv1 = false;                   // --ntlmv1
};

// The resolver order as --help states it.
extern const char* const k_resolver_order_help;

// Adds the options above to a subcommand.
void add_reach_options(CLI::App& command, ReachOptions& options);

// Reads the lmhosts file (bad lines are printed and set skipped_input) and
// checks the WINS addresses (a bad one ends the run with exit_usage).
transport::RemoteOptions remote_options(const ReachOptions& reach, bool& skipped_input);

} // namespace smsscan::cli
