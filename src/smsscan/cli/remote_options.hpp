// The scan options that shape how remote machines are reached (--wins,
// --lmhosts, --ntlmv1), read into the transports' RemoteOptions, and the
// --help text that states the resolver order.
#pragma once

#include "smsscan/cli/scan_command.hpp"
#include "smsscan/transport/remote_options.hpp"

namespace smsscan::cli {

// The resolver order as --help states it.
extern const char* const k_resolver_order_help;

// Reads the lmhosts file (bad lines are printed and set skipped_input) and
// checks the WINS addresses (a bad one ends the run with exit_usage).
transport::RemoteOptions remote_options(const ScanCommand& command, bool& skipped_input);

} // namespace smsscan::cli
