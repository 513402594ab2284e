// What the commands that reach machines share (`scan`, `accounts`): the
// targets from the command line and the host list, the credentials, the
// option checks CLI11 cannot make, and the run watched for Ctrl-C and for a
// report that cannot be written.
#pragma once

#include "smsscan/cli/console.hpp"
#include "smsscan/cli/exit_status.hpp"
#include "smsscan/target/credentials.hpp"
#include "smsscan/target/target.hpp"

#include <CLI/CLI.hpp>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <future>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace smsscan::cli {

struct TargetList
{
  std::vector<target::Target> targets;
  bool skipped_input = false; // some host-list lines were bad
};

// The command line's targets, then the host list's ("-" = standard input),
// address blocks and ranges of at most max_targets addresses expanded; each
// machine once, with the roles of all its mentions. A bad argument ends
// the run (exit_usage); a bad host-list line is reported and skipped. No
// target at all ends the run: "nothing to <verb>: give targets or --hosts FILE".
TargetList collect_targets(const std::vector<std::string>& arguments, const std::string& hosts_file,
                           const std::vector<std::string>& default_roles, std::size_t max_targets,
                           const std::string& verb);

// The credentials of --user and --auth-file (the password from the file,
// SMSSCAN_PASSWORD or a prompt); none when neither was given. Throws
// util::Fatal(exit_bad_credentials) when they cannot be had.
std::optional<target::Credentials> gather_run_credentials(const std::string& user, const std::string& auth_file);

// --user takes no password (USER%PASSWORD would show in the process list).
void check_user_option(const std::string& user);

// A number from min to max (NaN and infinities refused: CLI::Range lets NaN
// through, since every comparison with it is false).
CLI::Validator finite_number(double min, double max);

// Runs work on its own thread and watches for Ctrl-C and for a report that
// cannot be written (writer.failed()). Then stop_writing() ends the outputs
// so that no row is half-written and none follows, and the process leaves
// without waiting for the machines still in flight (exit 130, or 66 for the
// failed report).
template <typename Writer, typename Work, typename Stop>
auto run_watched(const std::atomic<bool>& cancelled, Writer& writer, Work work, Stop stop_writing) -> decltype(work())
{
  auto running = std::async(std::launch::async, work);
  while (running.wait_for(std::chrono::milliseconds(100)) != std::future_status::ready) {
    if (cancelled.load() || writer.failed()) {
      stop_writing();
      std::fflush(nullptr);
      if (writer.failed()) {
        print_error("cannot write " + writer.failure() +
                    "; the run stopped, and the reports hold the machines written so far");
      } else {
        std::fprintf(stderr, "\nsmsscan: interrupted; the reports hold the machines finished so far\n");
      }
      std::fflush(stderr);
      std::_Exit(writer.failed() ? exit_no_input : exit_interrupted);
    }
  }
  return running.get();
}

} // namespace smsscan::cli
