// The smsscan command line: builds the CLI11 application, runs the chosen
// subcommand and turns a util::Fatal into "smsscan: error: ..." and its exit
// status. Everything the binary does goes through run_cli.
#pragma once

namespace smsscan::cli {

int run_cli(int argc, char** argv);

} // namespace smsscan::cli
