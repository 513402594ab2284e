// The smsscan command line: builds the CLI11 application, runs the chosen
// subcommand and turns a util::Fatal into "smsscan: error: ..." and its exit
// status. Everything the binary does goes through run_cli.
#pragma once

#include <string>

namespace smsscan::cli {

int run_cli(int argc, char** argv);

// "smsscan 0.1.0", for reports and the history.
std::string program_version();

} // namespace smsscan::cli
