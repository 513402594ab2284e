#include "smsscan/cli/accounts_command.hpp"

#include "smsscan/accounts/engine.hpp"
#include "smsscan/accounts/model.hpp"
#include "smsscan/accounts/source.hpp"
#include "smsscan/cli/console.hpp"
#include "smsscan/cli/exit_status.hpp"
#include "smsscan/cli/interrupt.hpp"
#include "smsscan/cli/manifest_commands.hpp"
#include "smsscan/cli/output_files.hpp"
#include "smsscan/cli/progress.hpp"
#include "smsscan/cli/remote_run.hpp"
#include "smsscan/report/account_formats.hpp"
#include "smsscan/report/account_writer.hpp"
#include "smsscan/util/error.hpp"
#include "smsscan/util/utf8.hpp"

#include <CLI/CLI.hpp>

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <memory>

namespace smsscan::cli {

namespace {

using target::Target;
using util::Fatal;

// The accounts to ask about: the manifest's, then --account's.
std::vector<std::string> account_names(const AccountsCommand& command, const manifest::Manifest& manifest)
{
  for (const std::string& name : command.accounts) {
    if (const std::string problem = accounts::account_name_problem(name); !problem.empty()) {
      throw Fatal(exit_usage, "--account \"" + util::printable(name) + "\": " + problem);
    }
  }
  std::vector<std::string> names = accounts::accounts_to_query(manifest.accounts, command.accounts);
  if (names.empty()) {
    throw Fatal(exit_usage, "manifest " + manifest.source +
                              " names no accounts (<accounts>); name the accounts to check with --account NAME");
  }
  return names;
}

// The machines to query: machine images have no account database, so one
// on the command line ends the run and one in the host list is skipped.
TargetList query_targets(const AccountsCommand& command)
{
  TargetList list =
    collect_targets(command.targets, command.hosts_file, {"client"}, command.reach.max_targets, "query");
  std::vector<Target> hosts;
  for (Target& target : list.targets) {
    if (target.kind == Target::Kind::smb) {
      hosts.push_back(std::move(target));
      continue;
    }
    const std::string why = "target \"" + util::printable(target.text) +
                            "\" is a machine image; `smsscan accounts` queries machines over SMB (give a host name "
                            "or address)";
    if (target.origin.empty()) {
      throw Fatal(exit_usage, why);
    }
    print_error(target.origin + ": " + why + " (line skipped)");
    list.skipped_input = true;
  }
  list.targets = std::move(hosts);
  if (list.targets.empty()) {
    throw Fatal(exit_skipped_input, "nothing to query: no host among the targets");
  }
  return list;
}

int exit_status_for(const accounts::QuerySummary& summary, bool skipped_input)
{
  if (summary.interrupted) {
    return exit_interrupted;
  }
  if (skipped_input) {
    return exit_skipped_input;
  }
  if (summary.unqueried() > 0) {
    return exit_unscanned;
  }
  if (summary.any_locked()) {
    return exit_needs_attention;
  }
  return exit_ok;
}

} // namespace

CLI::App* add_accounts_command(CLI::App& app, AccountsCommand& command)
{
  CLI::App* sub = app.add_subcommand(
    "accounts", "Report whether the manifest's accounts are locked out, and each machine's account lockout policy");
  sub->add_option("targets", command.targets,
                  "Hosts (site systems, domain controllers): host, host:port, \\\\host\\share or smb://host");
  sub->add_option("--hosts", command.hosts_file, "Host list: one target per line, '#' comments ('-' = standard input)");
  sub->add_option("--manifest", command.manifest_path,
                  "Manifest XML naming the accounts (default: the built-in Q231399)");
  sub->add_option("--account", command.accounts, "Another account to check, e.g. SMS&_SERVER (repeatable)")
    ->allow_extra_args(false);
  sub->add_option("--csv", command.csv_path, "Write a CSV row per machine and account ('-' = standard output)");
  sub->add_option("--json", command.json_path, "Write JSON Lines, one object per machine ('-' = standard output)");
  sub->add_option("--jobs,-j", command.jobs, "Machines queried at once (default 16)")->check(CLI::Range(1, 1024));
  sub->add_option("--timeout", command.timeout_seconds, "Seconds allowed per machine (default 30)")
    ->check(finite_number(0.1, 86400.0));
  add_reach_options(*sub, command.reach);
  sub->add_flag("--quiet,-q", command.quiet, "No table, summary or progress; reports and errors only");
  return sub;
}

int run_accounts_command(const AccountsCommand& command)
{
  check_user_option(command.reach.user);
  const manifest::Manifest manifest = load_manifest_or_fail(command.manifest_path);
  const std::vector<std::string> names = account_names(command, manifest);
  TargetList targets = query_targets(command);
  const std::optional<target::Credentials> credentials =
    gather_run_credentials(command.reach.user, command.reach.auth_file);

  // The worker spawner is forked here, before any thread starts.
  util::Expected<std::unique_ptr<accounts::AccountSource>> source =
    accounts::make_account_source(remote_options(command.reach, targets.skipped_input));
  if (!source) {
    throw Fatal(exit_usage, source.error().message);
  }

  const OutputFiles files({{"--csv", command.csv_path}, {"--json", command.json_path}},
                          {command.manifest_path, command.hosts_file, command.reach.auth_file});
  // A report on standard output leaves the table out; the summary then goes to stderr.
  std::unique_ptr<report::OutputFile> table;
  if (!files.stdout_used() && !command.quiet) {
    table = std::make_unique<report::OutputFile>(STDOUT_FILENO, "standard output");
  }
  report::AccountWriter writer({files.get("--csv"), files.get("--json"), table.get()});
  if (writer.failed()) {
    throw Fatal(exit_no_input, "cannot write " + writer.failure());
  }

  accounts::QueryOptions options;
  options.accounts = names;
  options.jobs = std::max(1u, command.jobs);
  options.timeout = std::chrono::milliseconds(static_cast<long long>(command.timeout_seconds * 1000));
  options.max_auth_failures = command.reach.max_auth_failures;
  options.credentials = credentials ? &*credentials : nullptr;
  options.cancelled = &install_interrupt_handlers();
  std::unique_ptr<TerminalProgress> progress;
  if (!command.quiet && ::isatty(STDERR_FILENO)) {
    progress = std::make_unique<TerminalProgress>();
  }
  const accounts::QueryProgress report_progress = [&](std::size_t done, std::size_t total) {
    if (progress) {
      progress->progress(done, total);
    }
  };
  const accounts::QuerySummary summary = run_watched(
    *options.cancelled, writer,
    [&] { return accounts::run_account_query(targets.targets, **source, options, writer, report_progress); },
    [&] { writer.write_mutex().lock(); }); // held until the process leaves: no row is half-written

  if (!summary.interrupted && summary.credentials_retired) {
    print_error("the credentials were refused by " + std::to_string(summary.auth_failures) +
                " machines; smsscan stopped using them so that the account is not locked out. The remaining "
                "machines are marked skipped. Check the user name and password.");
  }
  if (writer.failed()) {
    throw Fatal(exit_no_input, "cannot write " + writer.failure() + "; the reports hold the machines written so far");
  }
  if (!summary.interrupted && !command.quiet) {
    const std::string line = report::account_summary_line(summary, manifest.fix);
    if (table) {
      if (!table->write_line(line)) {
        throw Fatal(exit_no_input, "cannot write " + table->error());
      }
    } else {
      std::fprintf(stderr, "%s\n", line.c_str());
    }
  }
  return exit_status_for(summary, targets.skipped_input);
}

} // namespace smsscan::cli
