#include "smsscan/cli/scan_command.hpp"

#include "smsscan/cli/console.hpp"
#include "smsscan/cli/exit_status.hpp"
#include "smsscan/cli/inputs.hpp"
#include "smsscan/cli/interrupt.hpp"
#include "smsscan/cli/manifest_commands.hpp"
#include "smsscan/cli/output_files.hpp"
#include "smsscan/cli/progress.hpp"
#include "smsscan/cli/remote_options.hpp"
#include "smsscan/cli/remote_run.hpp"
#include "smsscan/cli/scan_outputs.hpp"
#include "smsscan/evidence/inspector.hpp"
#include "smsscan/manifest/roles.hpp"
#include "smsscan/scan/engine.hpp"
#include "smsscan/target/address_range.hpp"
#include "smsscan/target/credentials.hpp"
#include "smsscan/target/target.hpp"
#include "smsscan/transport/factory.hpp"
#include "smsscan/transport/local/local_transport.hpp"
#include "smsscan/util/text.hpp"
#include "smsscan/util/utf8.hpp"

#include <CLI/CLI.hpp>

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <map>
#include <memory>
#include <optional>

namespace smsscan::cli {

namespace {

using manifest::Location;
using manifest::Manifest;
using target::Target;
using util::Fatal;

// The manifest, with the --location folders added as client locations.
Manifest scan_manifest(const ScanCommand& command)
{
  Manifest manifest = load_manifest_or_fail(command.manifest_path);
  for (const std::string& spec : command.locations) {
    const std::size_t colon = spec.find(':');
    if (colon == std::string::npos || colon == 0) {
      throw Fatal(exit_usage, "--location \"" + util::printable(spec) + "\" is not SHARE:PATH");
    }
    Location location;
    location.role = std::string(manifest::k_default_role);
    location.share = spec.substr(0, colon);
    location.path = spec.substr(colon + 1);
    std::replace(location.path.begin(), location.path.end(), '/', '\\');
    if (location.share.find_first_of("\\/") != std::string::npos || location.path.find("..") != std::string::npos ||
        util::printable(spec) != spec) {
      throw Fatal(exit_usage, "--location \"" + util::printable(spec) +
                                "\": the share must be a plain share name and the path must not contain \"..\"");
    }
    manifest.locations.push_back(location);
  }
  if (manifest.locations.empty()) {
    throw Fatal(exit_usage, "manifest " + manifest.source +
                              " names no locations; say where its files live with --location SHARE:PATH");
  }
  return manifest;
}

TargetList scan_targets(const ScanCommand& command)
{
  return collect_targets(command.targets, command.hosts_file, command.roles, command.reach.max_targets, "scan");
}

// Site roles need a site code, and machine images need their shares mapped.
void check_roles_and_shares(const ScanCommand& command, const Manifest& manifest, std::vector<Target>& targets)
{
  std::map<std::string, std::string> share_dirs;
  for (const std::string& spec : command.shares) {
    const std::size_t equals = spec.find('=');
    if (equals == std::string::npos || equals == 0 || equals + 1 == spec.size()) {
      throw Fatal(exit_usage, "--share \"" + spec + "\" is not NAME=DIR");
    }
    share_dirs[util::to_upper(spec.substr(0, equals))] = spec.substr(equals + 1);
  }
  for (Target& target : targets) {
    const auto& roles = target.roles.empty() ? command.roles : target.roles;
    const auto& site = target.site_code.empty() ? command.site_code : target.site_code;
    for (const Location& location : manifest.locations) {
      const bool selected = std::find(roles.begin(), roles.end(), location.role) != roles.end();
      if (selected && manifest::needs_site_code(location.share) && site.empty()) {
        throw Fatal(exit_usage, "role " + location.role + " needs a site code: --site-code XYZ");
      }
    }
    if (target.kind != Target::Kind::local) {
      continue;
    }
    target.share_dirs = share_dirs;
    for (const std::string& share : manifest::shares_for_roles(manifest, roles, site)) {
      if (!manifest::is_admin_share(share) && share_dirs.count(util::to_upper(share)) == 0) {
        throw Fatal(exit_usage, "local target " + target.text + " needs share " + share +
                                  " mapped to a folder: --share " + share + "=DIR");
      }
    }
  }
}

bool any_remote(const std::vector<Target>& targets)
{
  return std::any_of(targets.begin(), targets.end(), [](const Target& t) { return t.kind == Target::Kind::smb; });
}

// Credentials only matter for SMB targets: a scan of images never asks for them.
std::optional<target::Credentials> scan_credentials(const ScanCommand& command, const std::vector<Target>& targets)
{
  if (!any_remote(targets)) {
    return std::nullopt;
  }
  return gather_run_credentials(command.reach.user, command.reach.auth_file);
}

scan::ScanOptions scan_options(const ScanCommand& command, const std::optional<target::Credentials>& credentials,
                               const std::atomic<bool>& cancelled)
{
  scan::ScanOptions options;
  options.roles = command.roles;
  options.site_code = command.site_code;
  options.jobs = std::max(1u, command.jobs);
  options.timeout = std::chrono::milliseconds(static_cast<long long>(command.timeout_seconds * 1000));
  options.max_auth_failures = command.reach.max_auth_failures;
  options.deep = command.deep;
  options.verdict.tolerance_seconds = static_cast<std::int64_t>(command.tolerance_hours * 3600);
  options.verdict.now = static_cast<std::int64_t>(std::time(nullptr));
  options.credentials = credentials ? &*credentials : nullptr;
  options.cancelled = &cancelled;
  return options;
}

// The scan, watched for Ctrl-C and for an output that cannot be written:
// either closes every output with what finished (rows are whole, the HTML
// page is written, the history's scan is marked interrupted) before the
// process leaves without waiting for the machines still in flight.
scan::ScanSummary run_interruptible(const Manifest& manifest, const std::vector<Target>& targets,
                                    const scan::Transports& transports, const scan::ScanOptions& options,
                                    ScanOutputs& outputs, scan::ProgressObserver* progress)
{
  return run_watched(
    *options.cancelled, outputs,
    [&] { return scan::run_scan(manifest, targets, transports, options, outputs, progress); },
    [&] { outputs.close(true); });
}

// Options whose values CLI11 cannot check alone: the same rules as the host
// list and the manifest, and no password in --user.
void check_options(const ScanCommand& command)
{
  if (!command.site_code.empty()) {
    if (const std::string problem = manifest::site_code_problem(command.site_code); !problem.empty()) {
      throw Fatal(exit_usage, "--site-code: " + util::printable(problem));
    }
  }
  check_user_option(command.reach.user);
}

int exit_status_for(const scan::ScanSummary& summary, bool skipped_input)
{
  if (summary.interrupted) {
    return exit_interrupted;
  }
  if (skipped_input) {
    return exit_skipped_input;
  }
  if (summary.unscanned() > 0) {
    return exit_unscanned;
  }
  if (summary.count(verdict::MachineStatus::needs_fix) > 0 || summary.count(verdict::MachineStatus::review) > 0) {
    return exit_needs_attention;
  }
  return exit_ok;
}

} // namespace

CLI::App* add_scan_command(CLI::App& app, ScanCommand& command)
{
  CLI::App* scan = app.add_subcommand("scan", "Scan machine images or hosts against the manifest");
  scan->add_option("targets", command.targets,
                   "Machine images (a folder standing for ADMIN$), hosts (names, NetBIOS names, addresses), "
                   "host:port, \\\\host\\share\\path, smb://host/share/path, address blocks 10.0.0.0/24 and "
                   "ranges 10.0.0.1-20 (one machine per address; network and broadcast addresses left out). A "
                   "host without a port is tried on 445, then on 139 (NetBIOS, NT 4.0) when 445 refuses or does "
                   "not answer");
  scan->add_option("--hosts", command.hosts_file,
                   "Host list: one target per line, '#' comments, optional columns: target, roles (a;b), "
                   "site code ('-' = standard input)");
  scan->add_option("--manifest", command.manifest_path, "Manifest XML (default: the built-in Q231399)");
  scan->add_option("--roles", command.roles, "Roles to check: " + manifest::role_list_text())
    ->delimiter(',')
    ->allow_extra_args(false)
    ->check(CLI::IsMember(std::vector<std::string>(manifest::k_roles.begin(), manifest::k_roles.end())));
  scan->add_option("--site-code", command.site_code, "SMS site code for site roles (e.g. ABC)");
  scan->add_option("--share", command.shares, "For machine images: map a share to a folder, NAME=DIR")
    ->allow_extra_args(false);
  scan->add_option("--location", command.locations, "Extra location SHARE:PATH to look for the manifest's files")
    ->allow_extra_args(false);
  scan->add_option("--tolerance", command.tolerance_hours, "Date tolerance in hours (default 24)")
    ->check(finite_number(0.0, 24.0 * 365));
  scan->add_option("--csv", command.csv_path, "Write the CSV compliance report ('-' = standard output)");
  scan->add_option("--json", command.json_path, "Write JSON Lines, one object per machine ('-' = standard output)");
  scan->add_option("--details", command.details_path, "Write a CSV row per file per location per machine");
  scan->add_option("--html", command.html_path,
                   "Write one self-contained HTML report: headline, charts, sites, every machine worst first, "
                   "evidence, remediation");
  scan->add_option("--history", command.history_path,
                   "Record the scan in this SQLite history (created when missing); see `smsscan history`");
  scan->add_flag("--deep", command.deep, "Read whole files and add SHA-256 to the evidence");
  scan->add_option("--jobs,-j", command.jobs, "Machines scanned at once (default 16)")->check(CLI::Range(1, 1024));
  scan->add_option("--timeout", command.timeout_seconds, "Seconds allowed per connection and per machine (default 30)")
    ->check(finite_number(0.1, 86400.0));
  scan
    ->add_option("--transport", command.transport,
                 "SMB transport: auto, smbclient or curl (default auto: smbclient when built with it). curl "
                 "cannot reach port 139 (it sends no NetBIOS session request)")
    ->check(CLI::IsMember({"auto", "smbclient", "curl"}));
  add_reach_options(*scan, command.reach);
  scan->add_flag("--quiet,-q", command.quiet, "No table, summary or progress; reports and errors only");
  return scan;
}

int run_scan_command(const ScanCommand& command)
{
  check_options(command);
  const Manifest manifest = scan_manifest(command);
  TargetList targets = scan_targets(command);
  check_roles_and_shares(command, manifest, targets.targets);
  transport::RemoteOptions reach = remote_options(command.reach, targets.skipped_input);
  reach.inspector = evidence::make_evidence_inspector(command.deep); // runs in the libsmbclient workers
  const std::optional<target::Credentials> credentials = scan_credentials(command, targets.targets);

  const std::unique_ptr<transport::Transport> local = transport::make_local_transport();
  std::unique_ptr<transport::Transport> remote;
  if (any_remote(targets.targets)) {
    util::Expected<std::unique_ptr<transport::Transport>> made =
      transport::make_remote_transport(command.transport, reach);
    if (!made) {
      throw Fatal(exit_usage, made.error().message);
    }
    remote = std::move(*made);
  }

  const std::atomic<bool>& cancelled = install_interrupt_handlers();
  const scan::ScanOptions options = scan_options(command, credentials, cancelled);
  std::unique_ptr<TerminalProgress> progress;
  if (!command.quiet && ::isatty(STDERR_FILENO)) {
    progress = std::make_unique<TerminalProgress>();
  }
  ScanOutputs outputs({manifest, command, targets.targets, options, progress.get()});
  if (progress) {
    progress->progress(0, targets.targets.size());
  }
  const scan::ScanSummary summary =
    run_interruptible(manifest, targets.targets, {local.get(), remote.get()}, options, outputs, progress.get());
  if (!summary.interrupted && summary.credentials_retired) {
    print_error("the credentials were refused by " + std::to_string(summary.auth_failures) +
                " machines; smsscan stopped using them so that the account is not locked out. The remaining "
                "machines are marked skipped. Check the user name and password.");
  }
  outputs.close(summary.interrupted);
  if (summary.interrupted) {
    std::fprintf(stderr, "smsscan: interrupted; the reports hold the machines finished so far\n");
  }
  if (outputs.failed()) {
    throw Fatal(exit_no_input, "cannot write " + outputs.failure() + "; the reports hold the machines written so far");
  }
  return exit_status_for(summary, targets.skipped_input);
}

} // namespace smsscan::cli
