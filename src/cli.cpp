#include "cli.hpp"

#include "credentials.hpp"
#include "kb_import.hpp"
#include "local_transport.hpp"
#include "manifest.hpp"
#include "report.hpp"
#include "scan_engine.hpp"
#include "text.hpp"
#include "transport_factory.hpp"

#include <CLI/CLI.hpp>

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <future>
#include <iostream>
#include <sstream>
#include <thread>

namespace smsscan {

namespace {

std::atomic<bool> g_cancelled{false};

extern "C" void on_interrupt(int)
{
  g_cancelled.store(true);
}

// Thrown for problems that end the run before any scan with a given status.
struct Failure
{
  int status;
  std::string message;
};

void print_error(const std::string& message)
{
  std::fprintf(stderr, "smsscan: error: %s\n", message.c_str());
}

void print_warning(const std::string& message)
{
  std::fprintf(stderr, "smsscan: warning: %s\n", message.c_str());
}

std::string read_file_or_fail(const std::string& path, const char* what)
{
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw Failure{exit_no_input, std::string(what) + " " + path + " cannot be read"};
  }
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

Manifest load_manifest_or_fail(const std::string& path)
{
  ManifestResult loaded = path.empty() ? load_default_manifest() : load_manifest_file(path);
  if (!loaded.manifest) {
    throw Failure{exit_bad_manifest, "manifest refused: " + loaded.error.to_string()};
  }
  return std::move(*loaded.manifest);
}

// Writes content to path through a temporary file in the same folder, so a
// failed run never leaves a half-written file.
void write_file_atomically(const std::string& path, const std::string& content)
{
  const std::string temporary = path + ".tmp-" + std::to_string(::getpid());
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << content;
    out.flush();
    if (!out) {
      std::remove(temporary.c_str());
      throw Failure{exit_no_input, "cannot write " + path};
    }
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    std::remove(temporary.c_str());
    throw Failure{exit_no_input, "cannot write " + path};
  }
}

// ---------------------------------------------------------------- scan

struct ScanCommand
{
  std::vector<std::string> targets;
  std::string hosts_file;
  std::string manifest_path;
  std::vector<std::string> roles{"client"};
  std::string site_code;
  std::vector<std::string> shares;
  std::vector<std::string> locations;
  double tolerance_hours = 24;
  std::string csv_path;
  std::string json_path;
  std::string details_path;
  bool deep = false;
  unsigned jobs = 16;
  double timeout_seconds = 30;
  std::string user;
  std::string auth_file;
  int max_auth_failures = 3;
  std::string transport = "auto";
  bool quiet = false;
};

class TerminalProgress : public ProgressObserver
{
public:
  void progress(std::size_t done, std::size_t total) override
  {
    const auto now = std::chrono::steady_clock::now();
    if (done < total && now - m_last < std::chrono::milliseconds(100)) {
      return;
    }
    m_last = now;
    const double seconds = std::chrono::duration<double>(now - m_start).count();
    const double rate = seconds > 0 ? static_cast<double>(done) / seconds : 0;
    const double eta = rate > 0 ? static_cast<double>(total - done) / rate : 0;
    std::fprintf(stderr, "\r\033[K[%zu/%zu] %3.0f%%  %.1f machines/s  ETA %d:%02d", done, total,
                 100.0 * static_cast<double>(done) / static_cast<double>(total), rate, static_cast<int>(eta) / 60,
                 static_cast<int>(eta) % 60);
    if (done == total) {
      std::fputs("\r\033[K", stderr);
    }
    std::fflush(stderr);
  }

private:
  std::chrono::steady_clock::time_point m_start = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point m_last{};
};

std::FILE* open_output(const std::string& path, bool& uses_stdout)
{
  if (path.empty()) {
    return nullptr;
  }
  if (path == "-") {
    uses_stdout = true;
    return stdout;
  }
  std::FILE* file = std::fopen(path.c_str(), "w");
  if (!file) {
    throw Failure{exit_no_input, "cannot write " + path};
  }
  return file;
}

int run_scan_command(const ScanCommand& command)
{
  Manifest manifest = load_manifest_or_fail(command.manifest_path);
  for (const std::string& spec : command.locations) {
    const std::size_t colon = spec.find(':');
    if (colon == std::string::npos || colon == 0) {
      throw Failure{exit_usage, "--location \"" + spec + "\" is not SHARE:PATH"};
    }
    Location location;
    location.role = "client";
    location.share = spec.substr(0, colon);
    location.path = spec.substr(colon + 1);
    std::replace(location.path.begin(), location.path.end(), '/', '\\');
    manifest.locations.push_back(location);
  }
  if (manifest.locations.empty()) {
    throw Failure{exit_usage, "manifest " + manifest.source +
                                " names no locations; say where its files live with --location SHARE:PATH"};
  }

  // Targets: the command line first, then the host list; each machine once.
  std::vector<Target> targets;
  std::vector<std::string> identities;
  bool skipped_input = false;
  const auto add_target = [&](Target target) {
    const std::string identity = target_identity(target);
    if (std::find(identities.begin(), identities.end(), identity) != identities.end()) {
      return;
    }
    identities.push_back(identity);
    targets.push_back(std::move(target));
  };
  for (const std::string& text : command.targets) {
    TargetParse parsed = parse_target(text);
    if (!parsed.target) {
      throw Failure{exit_usage, "target \"" + text + "\": " + parsed.error};
    }
    add_target(std::move(*parsed.target));
  }
  if (!command.hosts_file.empty()) {
    const std::string name = command.hosts_file == "-" ? "standard input" : command.hosts_file;
    std::string content;
    if (command.hosts_file == "-") {
      std::ostringstream in;
      in << std::cin.rdbuf();
      content = in.str();
    } else {
      content = read_file_or_fail(command.hosts_file, "host list");
    }
    HostList list = parse_host_list(content);
    for (const HostListLineError& error : list.errors) {
      print_error(name + ":" + std::to_string(error.line) + ": " + error.message + ": \"" + printable(error.text) +
                  "\" (line skipped)");
      skipped_input = true;
    }
    for (Target& target : list.targets) {
      add_target(std::move(target));
    }
  }
  if (targets.empty()) {
    throw Failure{skipped_input ? exit_skipped_input : exit_usage, "nothing to scan: give targets or --hosts FILE"};
  }

  // Site roles need a site code, and local images need their shares mapped.
  std::map<std::string, std::string> share_dirs;
  for (const std::string& spec : command.shares) {
    const std::size_t equals = spec.find('=');
    if (equals == std::string::npos || equals == 0 || equals + 1 == spec.size()) {
      throw Failure{exit_usage, "--share \"" + spec + "\" is not NAME=DIR"};
    }
    share_dirs[to_upper(spec.substr(0, equals))] = spec.substr(equals + 1);
  }
  for (Target& target : targets) {
    const auto& roles = target.roles.empty() ? command.roles : target.roles;
    const auto& site = target.site_code.empty() ? command.site_code : target.site_code;
    for (const Location& location : manifest.locations) {
      const bool selected = std::find(roles.begin(), roles.end(), location.role) != roles.end();
      if (selected && location.share.find("{site}") != std::string::npos && site.empty()) {
        throw Failure{exit_usage, "role " + location.role + " needs a site code: --site-code XYZ"};
      }
    }
    if (target.kind == Target::Kind::local) {
      target.share_dirs = share_dirs;
      for (const std::string& share : shares_for_roles(manifest, roles, site)) {
        if (!iequals(share, "ADMIN$") && share_dirs.count(to_upper(share)) == 0) {
          throw Failure{exit_usage, "local target " + target.text + " needs share " + share +
                                      " mapped to a folder: --share " + share + "=DIR"};
        }
      }
    }
  }

  // Credentials only matter for SMB targets: a scan of images never asks for them.
  const bool any_remote =
    std::any_of(targets.begin(), targets.end(), [](const Target& t) { return t.kind == Target::Kind::smb; });
  std::optional<Credentials> credentials;
  if (any_remote && (!command.user.empty() || !command.auth_file.empty())) {
    CredentialsResult gathered = gather_credentials(command.user, command.auth_file);
    if (!gathered.warning.empty()) {
      print_warning(gathered.warning);
    }
    if (!gathered.credentials) {
      throw Failure{exit_bad_credentials, "credentials: " + gathered.error.to_string()};
    }
    credentials = std::move(gathered.credentials);
  }

  std::unique_ptr<Transport> local = make_local_transport();
  std::unique_ptr<Transport> remote;
  if (any_remote) {
    std::string error;
    remote = make_remote_transport(command.transport, error);
    if (!remote) {
      throw Failure{exit_usage, error};
    }
  }

  bool stdout_used = false;
  ReportWriter::Outputs outputs;
  outputs.csv = open_output(command.csv_path, stdout_used);
  outputs.json = open_output(command.json_path, stdout_used);
  outputs.details = open_output(command.details_path, stdout_used);
  outputs.table = stdout_used || command.quiet ? nullptr : stdout;
  ReportWriter writer(manifest, outputs, command.deep);

  ScanOptions options;
  options.roles = command.roles;
  options.site_code = command.site_code;
  options.jobs = std::max(1u, command.jobs);
  options.timeout = std::chrono::milliseconds(static_cast<long long>(command.timeout_seconds * 1000));
  options.max_auth_failures = command.max_auth_failures;
  options.deep = command.deep;
  options.verdict.tolerance_seconds = static_cast<std::int64_t>(command.tolerance_hours * 3600);
  options.verdict.now = static_cast<std::int64_t>(std::time(nullptr));
  options.credentials = credentials ? &*credentials : nullptr;
  options.cancelled = &g_cancelled;

  std::unique_ptr<TerminalProgress> progress;
  if (!command.quiet && ::isatty(STDERR_FILENO)) {
    progress = std::make_unique<TerminalProgress>();
  }

  std::signal(SIGINT, on_interrupt);
  std::signal(SIGTERM, on_interrupt);
  std::signal(SIGPIPE, SIG_IGN);
  Transports transports{local.get(), remote.get()};
  auto scan = std::async(std::launch::async,
                         [&] { return run_scan(manifest, targets, transports, options, writer, progress.get()); });
  while (scan.wait_for(std::chrono::milliseconds(100)) != std::future_status::ready) {
    if (g_cancelled.load()) {
      // Rows are written whole and flushed; holding the writer's lock makes
      // sure none is half-written when we leave without waiting for the
      // machines still in flight.
      std::lock_guard<std::mutex> lock(writer.write_mutex());
      std::fflush(nullptr);
      std::fprintf(stderr, "\nsmsscan: interrupted; the reports hold the machines finished so far\n");
      std::fflush(stderr);
      std::_Exit(exit_interrupted);
    }
  }
  const ScanSummary summary = scan.get();
  for (std::FILE* file : {outputs.csv, outputs.json, outputs.details}) {
    if (file && file != stdout) {
      std::fclose(file);
    }
  }
  if (summary.interrupted) {
    return exit_interrupted;
  }
  if (summary.credentials_retired) {
    print_error("the credentials were refused by " + std::to_string(summary.auth_failures) +
                " machines; smsscan stopped using them so that the account is not locked out. The remaining "
                "machines are marked skipped. Check the user name and password.");
  }
  if (!command.quiet) {
    std::FILE* summary_out = stdout_used ? stderr : stdout;
    std::fprintf(summary_out, "%s\n", summary_line(manifest, summary).c_str());
  }

  if (skipped_input) {
    return exit_skipped_input;
  }
  std::size_t unscanned = 0;
  for (int status = 0; status < 9; ++status) {
    if (is_unscanned(static_cast<MachineStatus>(status))) {
      unscanned += summary.counts[status];
    }
  }
  if (unscanned > 0) {
    return exit_unscanned;
  }
  if (summary.counts[static_cast<int>(MachineStatus::needs_fix)] > 0 ||
      summary.counts[static_cast<int>(MachineStatus::review)] > 0) {
    return exit_needs_attention;
  }
  return exit_ok;
}

// ---------------------------------------------------------------- manifest

int run_manifest_show(const std::string& path)
{
  const Manifest manifest = load_manifest_or_fail(path);
  std::printf("%s: %s\n", manifest.kb.c_str(), printable(manifest.title).c_str());
  std::printf("Product: %s\nFix:     %s\nTimes:   %s\n", printable(manifest.product).c_str(),
              printable(manifest.fix).c_str(), manifest.times == ManifestTimes::utc ? "UTC" : "local (US Pacific)");
  if (manifest.min_build) {
    std::printf("Build floor: %u\n", static_cast<unsigned>(*manifest.min_build));
  }
  std::printf("\n%-18s %-8s %10s  %-10s %-5s  %s\n", "File", "Platform", "Size", "Date", "Time", "Version");
  for (const ManifestFile& file : manifest.files) {
    std::printf("%-18s %-8s %10llu  %-10s %-5s  %s\n", printable(file.name).c_str(),
                std::string(platform_name(file.platform)).c_str(), static_cast<unsigned long long>(file.size),
                format_iso_date(file.date).c_str(), file.minutes ? format_hh_mm(*file.minutes).c_str() : "",
                printable(file.version_text).c_str());
  }
  if (!manifest.locations.empty()) {
    std::printf("\n%-12s %-10s %-8s %s\n", "Role", "Share", "Platform", "Path");
    for (const Location& location : manifest.locations) {
      std::printf("%-12s %-10s %-8s %s\n", location.role.c_str(), printable(location.share).c_str(),
                  std::string(platform_name(location.platform)).c_str(), printable(location.path).c_str());
    }
  }
  return exit_ok;
}

int run_manifest_check(const std::string& path)
{
  const Manifest manifest = load_manifest_or_fail(path);
  std::printf("%s: %s, %zu file rows, %zu locations\n", path.c_str(), manifest.kb.c_str(), manifest.files.size(),
              manifest.locations.size());
  return exit_ok;
}

int run_manifest_import(const std::string& article, const std::string& output)
{
  const std::string text = read_file_or_fail(article, "article");
  KbImportResult imported = import_kb_article(text, article);
  for (const std::string& warning : imported.warnings) {
    print_warning(warning); // warnings name the article and line themselves
  }
  if (!imported.manifest) {
    throw Failure{exit_bad_manifest, "cannot import: " + imported.error.to_string()};
  }
  const std::string xml = write_manifest_xml(*imported.manifest);
  // The output must be a manifest the scanner accepts as is.
  const ManifestResult check = parse_manifest(xml, output.empty() ? "imported manifest" : output);
  if (!check.manifest) {
    throw Failure{exit_bad_manifest, "the imported manifest does not validate: " + check.error.to_string()};
  }
  if (output.empty() || output == "-") {
    std::fputs(xml.c_str(), stdout);
  } else {
    write_file_atomically(output, xml);
    std::fprintf(stderr, "%s: %zu file rows written to %s\n", imported.manifest->kb.c_str(),
                 imported.manifest->files.size(), output.c_str());
  }
  return exit_ok;
}

const char* const k_examples = R"(
Examples:
  smsscan scan ./images/pc042                    scan a machine image (its Windows folder)
  smsscan scan --user CORP\\admin pc042          scan one host over SMB (password from
                                                 SMSSCAN_PASSWORD, --auth-file or a prompt)
  smsscan scan --hosts fleet.txt --auth-file ~/.smsscan.auth --csv report.csv
  smsscan scan --roles client,cap --site-code ABC --hosts servers.txt --details files.csv
  smsscan manifest show
  smsscan manifest import Q231942.txt -o Q231942.xml

Exit status: 0 compliant or not installed, 1 needs the fix or a review, 2 some
machine could not be scanned, 3 host-list lines skipped, 64 usage, 65 bad
manifest or article, 66 unreadable input, 78 bad credentials, 130 interrupted.
)";

} // namespace

int run_cli(int argc, char** argv)
{
  CLI::App app{"smsscan: which machines still need the fix of a Microsoft KB article (default: Q231399, "
               "SMS 2.0 Service Pack 1), and why."};
  app.footer(k_examples);
  app.set_version_flag("--version", std::string("smsscan ") + SMSSCAN_VERSION);
  app.require_subcommand(1);

  ScanCommand scan;
  CLI::App* scan_app = app.add_subcommand("scan", "Scan machine images or hosts against the manifest");
  scan_app->add_option("targets", scan.targets,
                       "Machine images (a folder standing for ADMIN$), hosts, host:port, \\\\host\\share\\path or "
                       "smb://host/share/path");
  scan_app->add_option("--hosts", scan.hosts_file,
                       "Host list: one target per line, '#' comments, optional columns: target, roles (a;b), "
                       "site code ('-' = standard input)");
  scan_app->add_option("--manifest", scan.manifest_path, "Manifest XML (default: the built-in Q231399)")
    ->check(CLI::ExistingFile);
  scan_app->add_option("--roles", scan.roles, "Roles to check: client, site-server, cap, logon-point")
    ->delimiter(',')
    ->allow_extra_args(false)
    ->check(CLI::IsMember({"client", "site-server", "cap", "logon-point"}));
  scan_app->add_option("--site-code", scan.site_code, "SMS site code for site roles (e.g. ABC)");
  scan_app->add_option("--share", scan.shares, "For machine images: map a share to a folder, NAME=DIR")
    ->allow_extra_args(false);
  scan_app->add_option("--location", scan.locations, "Extra location SHARE:PATH to look for the manifest's files")
    ->allow_extra_args(false);
  scan_app->add_option("--tolerance", scan.tolerance_hours, "Date tolerance in hours (default 24)")
    ->check(CLI::Range(0.0, 24.0 * 365));
  scan_app->add_option("--csv", scan.csv_path, "Write the CSV compliance report ('-' = standard output)");
  scan_app->add_option("--json", scan.json_path, "Write JSON Lines, one object per machine ('-' = standard output)");
  scan_app->add_option("--details", scan.details_path, "Write a CSV row per file per location per machine");
  scan_app->add_flag("--deep", scan.deep, "Read whole files and add SHA-256 to the evidence");
  scan_app->add_option("--jobs,-j", scan.jobs, "Machines scanned at once (default 16)")->check(CLI::Range(1, 1024));
  scan_app->add_option("--timeout", scan.timeout_seconds, "Seconds allowed per connection and per machine (default 30)")
    ->check(CLI::Range(0.1, 86400.0));
  scan_app->add_option("--user,-U", scan.user, "SMB user, [DOMAIN\\]NAME (the password is never an option)");
  scan_app->add_option("--auth-file,-A", scan.auth_file, "smbclient-style file with username=, password=, domain=");
  scan_app
    ->add_option("--max-auth-failures", scan.max_auth_failures,
                 "Stop using the credentials after this many machines refused them (default 3)")
    ->check(CLI::Range(1, 1000));
  scan_app->add_option("--transport", scan.transport, "SMB transport: auto, smbclient or curl (default auto)")
    ->check(CLI::IsMember({"auto", "smbclient", "curl"}));
  scan_app->add_flag("--quiet,-q", scan.quiet, "No table, summary or progress; reports and errors only");

  std::string show_path;
  std::string check_path;
  std::string article_path;
  std::string import_output;
  CLI::App* manifest_app = app.add_subcommand("manifest", "Show, check or import manifests");
  manifest_app->require_subcommand(1);
  CLI::App* show_app = manifest_app->add_subcommand("show", "Print a manifest (default: the built-in one) as a table");
  show_app->add_option("file", show_path, "Manifest XML")->check(CLI::ExistingFile);
  CLI::App* check_app = manifest_app->add_subcommand("check", "Validate a manifest");
  check_app->add_option("file", check_path, "Manifest XML")->required();
  CLI::App* import_app = manifest_app->add_subcommand("import", "Turn a Microsoft KB article into a manifest");
  import_app->add_option("article", article_path, "The article as plain text")->required();
  import_app->add_option("-o,--output", import_output, "Output file (default: standard output)");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int status = app.exit(e);
    return status == 0 ? exit_ok : exit_usage;
  }

  try {
    if (*scan_app) {
      scan.site_code = to_upper(scan.site_code); // shares are SMS_ABC, CAP_ABC
      return run_scan_command(scan);
    }
    if (*show_app) {
      return run_manifest_show(show_path);
    }
    if (*check_app) {
      return run_manifest_check(check_path);
    }
    if (*import_app) {
      return run_manifest_import(article_path, import_output);
    }
  } catch (const Failure& failure) {
    print_error(failure.message);
    return failure.status;
  } catch (const std::exception& e) {
    print_error(e.what());
    return exit_unscanned;
  }
  return exit_usage;
}

} // namespace smsscan
