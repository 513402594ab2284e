#include "smsscan/cli/scan_command.hpp"

#include "smsscan/cli/console.hpp"
#include "smsscan/cli/exit_status.hpp"
#include "smsscan/cli/inputs.hpp"
#include "smsscan/cli/interrupt.hpp"
#include "smsscan/cli/manifest_commands.hpp"
#include "smsscan/cli/progress.hpp"
#include "smsscan/cli/remote_options.hpp"
#include "smsscan/evidence/inspector.hpp"
#include "smsscan/manifest/roles.hpp"
#include "smsscan/report/formats.hpp"
#include "smsscan/report/writer.hpp"
#include "smsscan/scan/engine.hpp"
#include "smsscan/target/address_range.hpp"
#include "smsscan/target/credentials.hpp"
#include "smsscan/target/host_list.hpp"
#include "smsscan/target/target.hpp"
#include "smsscan/transport/factory.hpp"
#include "smsscan/transport/local/local_transport.hpp"
#include "smsscan/util/text.hpp"

#include <CLI/CLI.hpp>

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <future>
#include <map>
#include <memory>
#include <optional>
#include <unordered_set>

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
      throw Fatal(exit_usage, "--location \"" + spec + "\" is not SHARE:PATH");
    }
    Location location;
    location.role = std::string(manifest::k_default_role);
    location.share = spec.substr(0, colon);
    location.path = spec.substr(colon + 1);
    std::replace(location.path.begin(), location.path.end(), '/', '\\');
    manifest.locations.push_back(location);
  }
  if (manifest.locations.empty()) {
    throw Fatal(exit_usage, "manifest " + manifest.source +
                              " names no locations; say where its files live with --location SHARE:PATH");
  }
  return manifest;
}

struct TargetList
{
  std::vector<Target> targets;
  bool skipped_input = false; // some host-list lines were bad
};

// The command line's targets, then the host list's; each machine once.
TargetList collect_targets(const ScanCommand& command)
{
  TargetList list;
  std::unordered_set<std::string> identities;
  const auto add = [&](Target target) {
    if (identities.insert(target::target_identity(target)).second) {
      list.targets.push_back(std::move(target));
    }
  };
  for (const std::string& text : command.targets) {
    util::Expected<std::vector<Target>> parsed = target::parse_targets(text, command.max_targets);
    if (!parsed) {
      throw Fatal(exit_usage, "target \"" + text + "\": " + parsed.error().message);
    }
    for (Target& one : *parsed) {
      add(std::move(one));
    }
  }
  if (!command.hosts_file.empty()) {
    const std::string name = command.hosts_file == "-" ? "standard input" : command.hosts_file;
    target::HostList hosts =
      target::parse_host_list(read_input_or_fail(command.hosts_file, "host list"), name, command.max_targets);
    for (const util::Error& error : hosts.errors) {
      print_error(error.to_string());
      list.skipped_input = true;
    }
    for (Target& target : hosts.targets) {
      add(std::move(target));
    }
  }
  if (list.targets.empty()) {
    throw Fatal(list.skipped_input ? exit_skipped_input : exit_usage, "nothing to scan: give targets or --hosts FILE");
  }
  return list;
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
  if (!any_remote(targets) || (command.user.empty() && command.auth_file.empty())) {
    return std::nullopt;
  }
  std::optional<target::AuthFile> auth_file;
  if (!command.auth_file.empty()) {
    auth_file = target::AuthFile{command.auth_file, read_input_or_fail(command.auth_file, "auth file")};
  }
  util::Expected<target::GatheredCredentials> gathered = target::gather_credentials(command.user, auth_file);
  if (!gathered) {
    throw Fatal(exit_bad_credentials, "credentials: " + gathered.error().to_string());
  }
  for (const std::string& warning : gathered->warnings) {
    print_warning(warning);
  }
  return std::move(gathered->credentials);
}

// The report files, opened before the scan; closed when this goes away.
class OutputFiles
{
public:
  explicit OutputFiles(const ScanCommand& command)
  {
    m_outputs.csv = open(command.csv_path);
    m_outputs.json = open(command.json_path);
    m_outputs.details = open(command.details_path);
    m_outputs.table = m_stdout_used || command.quiet ? nullptr : stdout;
  }
  ~OutputFiles()
  {
    for (std::FILE* file : {m_outputs.csv, m_outputs.json, m_outputs.details}) {
      if (file && file != stdout) {
        std::fclose(file);
      }
    }
  }
  OutputFiles(const OutputFiles&) = delete;
  OutputFiles& operator=(const OutputFiles&) = delete;

  const report::ReportWriter::Outputs& outputs() const { return m_outputs; }
  // A report goes to standard output, so the table is left out and the summary goes to stderr.
  bool stdout_used() const { return m_stdout_used; }

private:
  std::FILE* open(const std::string& path)
  {
    if (path.empty()) {
      return nullptr;
    }
    if (path == "-") {
      m_stdout_used = true;
      return stdout;
    }
    std::FILE* file = std::fopen(path.c_str(), "w");
    if (!file) {
      throw Fatal(exit_no_input, "cannot write " + path);
    }
    return file;
  }

  report::ReportWriter::Outputs m_outputs;
  bool m_stdout_used = false;
};

scan::ScanOptions scan_options(const ScanCommand& command, const std::optional<target::Credentials>& credentials,
                               const std::atomic<bool>& cancelled)
{
  scan::ScanOptions options;
  options.roles = command.roles;
  options.site_code = command.site_code;
  options.jobs = std::max(1u, command.jobs);
  options.timeout = std::chrono::milliseconds(static_cast<long long>(command.timeout_seconds * 1000));
  options.max_auth_failures = command.max_auth_failures;
  options.deep = command.deep;
  options.verdict.tolerance_seconds = static_cast<std::int64_t>(command.tolerance_hours * 3600);
  options.verdict.now = static_cast<std::int64_t>(std::time(nullptr));
  options.credentials = credentials ? &*credentials : nullptr;
  options.cancelled = &cancelled;
  return options;
}

// Runs the scan on its own thread and watches for Ctrl-C: rows are written
// whole and flushed, and holding the writer's lock makes sure none is
// half-written when the process leaves without waiting for the machines
// still in flight.
scan::ScanSummary run_interruptible(const Manifest& manifest, const std::vector<Target>& targets,
                                    const scan::Transports& transports, const scan::ScanOptions& options,
                                    report::ReportWriter& writer, scan::ProgressObserver* progress)
{
  auto scan = std::async(std::launch::async,
                         [&] { return scan::run_scan(manifest, targets, transports, options, writer, progress); });
  while (scan.wait_for(std::chrono::milliseconds(100)) != std::future_status::ready) {
    if (options.cancelled->load()) {
      std::lock_guard<std::mutex> lock(writer.write_mutex());
      std::fflush(nullptr);
      std::fprintf(stderr, "\nsmsscan: interrupted; the reports hold the machines finished so far\n");
      std::fflush(stderr);
      std::_Exit(exit_interrupted);
    }
  }
  return scan.get();
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
  scan->add_option("--manifest", command.manifest_path, "Manifest XML (default: the built-in Q231399)")
    ->check(CLI::ExistingFile);
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
    ->check(CLI::Range(0.0, 24.0 * 365));
  scan->add_option("--csv", command.csv_path, "Write the CSV compliance report ('-' = standard output)");
  scan->add_option("--json", command.json_path, "Write JSON Lines, one object per machine ('-' = standard output)");
  scan->add_option("--details", command.details_path, "Write a CSV row per file per location per machine");
  scan->add_flag("--deep", command.deep, "Read whole files and add SHA-256 to the evidence");
  scan->add_option("--jobs,-j", command.jobs, "Machines scanned at once (default 16)")->check(CLI::Range(1, 1024));
  scan->add_option("--timeout", command.timeout_seconds, "Seconds allowed per connection and per machine (default 30)")
    ->check(CLI::Range(0.1, 86400.0));
  scan->add_option("--user,-U", command.user, "SMB user, [DOMAIN\\]NAME (the password is never an option)");
  scan->add_option("--auth-file,-A", command.auth_file, "smbclient-style file with username=, password=, domain=");
  scan
    ->add_option("--max-auth-failures", command.max_auth_failures,
                 "Stop using the credentials after this many machines refused them (default 3)")
    ->check(CLI::Range(1, 1000));
  scan
    ->add_option("--transport", command.transport,
                 "SMB transport: auto, smbclient or curl (default auto: smbclient when built with it). curl "
                 "cannot reach port 139 (it sends no NetBIOS session request)")
    ->check(CLI::IsMember({"auto", "smbclient", "curl"}));
  scan
    ->add_option("--wins", command.wins_servers,
                 "WINS server to resolve NetBIOS names with (repeatable, asked in order). " +
                   std::string(k_resolver_order_help))
    ->allow_extra_args(false);
  scan->add_option("--lmhosts", command.lmhosts_file, "lmhosts file mapping NetBIOS names to addresses");
  scan->add_flag("--ntlmv1", command.ntlmv1,
                 "Allow NTLMv1 logons (NT 4.0 before Service Pack 4 accepts no NTLMv2); off by default");
  scan
    ->add_option("--max-targets", command.max_targets,
                 "Largest address block or range one target may expand to (default 65536)")
    ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 24));
  scan->add_flag("--quiet,-q", command.quiet, "No table, summary or progress; reports and errors only");
  return scan;
}

int run_scan_command(const ScanCommand& command)
{
  const Manifest manifest = scan_manifest(command);
  TargetList targets = collect_targets(command);
  check_roles_and_shares(command, manifest, targets.targets);
  transport::RemoteOptions reach = remote_options(command, targets.skipped_input);
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

  const OutputFiles files(command);
  report::ReportWriter writer(manifest, files.outputs(), command.deep);
  const std::atomic<bool>& cancelled = install_interrupt_handlers();
  const scan::ScanOptions options = scan_options(command, credentials, cancelled);
  std::unique_ptr<TerminalProgress> progress;
  if (!command.quiet && ::isatty(STDERR_FILENO)) {
    progress = std::make_unique<TerminalProgress>();
  }
  const scan::ScanSummary summary =
    run_interruptible(manifest, targets.targets, {local.get(), remote.get()}, options, writer, progress.get());

  if (!summary.interrupted && summary.credentials_retired) {
    print_error("the credentials were refused by " + std::to_string(summary.auth_failures) +
                " machines; smsscan stopped using them so that the account is not locked out. The remaining "
                "machines are marked skipped. Check the user name and password.");
  }
  if (!summary.interrupted && !command.quiet) {
    std::fprintf(files.stdout_used() ? stderr : stdout, "%s\n", report::summary_line(manifest, summary).c_str());
  }
  return exit_status_for(summary, targets.skipped_input);
}

} // namespace smsscan::cli
