// smsscan's exit statuses (documented in README.md and --help).
#pragma once

namespace smsscan::cli {

enum ExitStatus : int {
  exit_ok = 0,               // every machine compliant or not installed
  exit_needs_attention = 1,  // some machine needs the fix or a review
  exit_unscanned = 2,        // some machine could not be scanned
  exit_skipped_input = 3,    // some host-list lines were bad and skipped
  exit_usage = 64,           // bad command line
  exit_bad_manifest = 65,    // manifest (or imported article) refused
  exit_no_input = 66,        // an input file could not be read, or an output written
  exit_bad_credentials = 78, // credential file malformed, no password
  exit_interrupted = 130,    // Ctrl-C
};

} // namespace smsscan::cli
