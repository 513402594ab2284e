// The smsscan command line: parses arguments with CLI11 and runs the
// subcommands. Everything the binary does goes through run_cli.
#pragma once

namespace smsscan {

// Exit statuses (documented in README.md).
enum ExitStatus : int {
  exit_ok = 0,               // every machine compliant or not installed
  exit_needs_attention = 1,  // some machine needs the fix or a review
  exit_unscanned = 2,        // some machine could not be scanned
  exit_skipped_input = 3,    // some host-list lines were bad and skipped
  exit_usage = 64,           // bad command line
  exit_bad_manifest = 65,    // manifest (or imported article) refused
  exit_no_input = 66,        // an input file could not be read
  exit_bad_credentials = 78, // credential file unreadable or malformed
  exit_interrupted = 130,    // Ctrl-C
};

int run_cli(int argc, char** argv);

} // namespace smsscan
