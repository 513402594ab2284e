// The options that shape how remote machines are reached (--wins,
// --lmhosts, --ntlmv1), shared by `scan` and `accounts`: their CLI11 wiring,
// the --help text that states the resolver order, and their reading into
// the transports' RemoteOptions.
#pragma once

#include "smsscan/transport/remote_options.hpp"

#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace smsscan::cli {

struct ReachOptions
{
  std::vector<std::string> wins_servers; // --wins, in order
  std::string lmhosts_file;              // --lmhosts
  bool ntlmv1 = false;                   // --ntlmv1
};

// The resolver order as --help states it.
extern const char* const k_resolver_order_help;

// Adds --wins, --lmhosts and --ntlmv1 to a subcommand.
void add_reach_options(CLI::App& command, ReachOptions& options);

// Reads the lmhosts file (bad lines are printed and set skipped_input) and
// checks the WINS addresses (a bad one ends the run with exit_usage).
transport::RemoteOptions remote_options(const ReachOptions& reach, bool& skipped_input);

} // namespace smsscan::cli
