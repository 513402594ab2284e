#include "smsscan/cli/app.hpp"

#include "smsscan/cli/accounts_command.hpp"
#include "smsscan/cli/console.hpp"
#include "smsscan/cli/exit_status.hpp"
#include "smsscan/cli/history_commands.hpp"
#include "smsscan/cli/interrupt.hpp"
#include "smsscan/cli/manifest_commands.hpp"
#include "smsscan/cli/scan_command.hpp"
#include "smsscan/transport/factory.hpp"
#include "smsscan/util/error.hpp"
#include "smsscan/util/text.hpp"

#include <CLI/CLI.hpp>

namespace smsscan::cli {

namespace {

const char* const k_examples = R"(
Examples:
  smsscan scan ./images/pc042                    scan a machine image (its Windows folder)
  smsscan scan --user CORP\\admin pc042          scan one host over SMB (password from
                                                 SMSSCAN_PASSWORD, --auth-file or a prompt)
  smsscan scan --hosts fleet.txt --auth-file ~/.smsscan.auth --csv report.csv
  smsscan scan --roles client,cap --site-code ABC --hosts servers.txt --details files.csv
  smsscan scan --hosts fleet.txt --html report.html --history fleet.history
  smsscan history diff --history fleet.history   what changed since the previous scan
  smsscan accounts --user CORP\\admin --hosts site-systems.txt --csv accounts.csv
                                                 where SMSCliToknAcct& / SMSCliSvcAcct& are
                                                 locked out, and where lockout is disabled
  smsscan manifest show
  smsscan manifest import Q231942.txt -o Q231942.xml

Exit status: 0 compliant or not installed, 1 needs the fix or a review, 2 some
machine could not be scanned, 3 host-list lines skipped, 64 usage, 65 bad
manifest or article, 66 unreadable input, 78 bad credentials, 130 interrupted.
accounts: 0 no account locked out, 1 an account is locked out, 2 some machine
could not be queried; 3 and the others as for scan.
)";

// What --version prints: the version and the transports built in.
std::string version_text()
{
  std::string text = program_version() + "\ntransports: local (machine images and mounted shares)";
  for (const std::string_view transport : transport::built_in_remote_transports()) {
    text += ", " + std::string(transport) +
            (transport == "smbclient" ? " (SMB1-3 through libsmbclient)" : " (SMB1 through libcurl)");
  }
  return text;
}

} // namespace

std::string program_version()
{
  return std::string("smsscan ") + SMSSCAN_VERSION;
}

int run_cli(int argc, char** argv)
{
  ignore_write_signals();
  CLI::App app{"smsscan: which machines still need the fix of a Microsoft KB article (default: Q231399, "
               "SMS 2.0 Service Pack 1), and why."};
  app.footer(k_examples);
  app.set_version_flag("--version", version_text());
  app.require_subcommand(1);

  ScanCommand scan;
  CLI::App* scan_app = add_scan_command(app, scan);
  AccountsCommand accounts;
  CLI::App* accounts_app = add_accounts_command(app, accounts);

  std::string show_path;
  std::string check_path;
  std::string article_path;
  std::string import_output;
  bool import_report = false;
  CLI::App* manifest_app = app.add_subcommand("manifest", "Show, check or import manifests");
  manifest_app->require_subcommand(1);
  CLI::App* show_app = manifest_app->add_subcommand("show", "Print a manifest (default: the built-in one) as a table");
  show_app->add_option("file", show_path, "Manifest XML");
  CLI::App* check_app = manifest_app->add_subcommand("check", "Validate a manifest");
  check_app->add_option("file", check_path, "Manifest XML")->required();
  CLI::App* import_app = manifest_app->add_subcommand("import", "Turn a Microsoft KB article into a manifest");
  import_app->add_option("article", article_path, "The article as plain text")->required();
  import_app->add_option("-o,--output", import_output, "Output file (default: standard output)");
  import_app->add_flag("--report", import_report,
                       "Say on standard error what was read: tables, rows, variants, and the lines skipped and why");

  HistoryCommand history;
  const HistoryApps history_apps = add_history_commands(app, history);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int status = app.exit(e);
    return status == 0 ? exit_ok : exit_usage;
  }

  try {
    if (*scan_app) {
      scan.site_code = util::to_upper(scan.site_code); // shares are SMS_ABC, CAP_ABC
      return run_scan_command(scan);
    }
    if (*accounts_app) {
      return run_accounts_command(accounts);
    }
    if (*show_app) {
      return run_manifest_show(show_path);
    }
    if (*check_app) {
      return run_manifest_check(check_path);
    }
    if (*import_app) {
      return run_manifest_import(article_path, import_output, import_report);
    }
    if (*history_apps.list) {
      return run_history_list(history);
    }
    if (*history_apps.diff) {
      return run_history_diff(history);
    }
  } catch (const util::Fatal& failure) {
    print_error(failure.what());
    return failure.exit_status();
  } catch (const std::exception& e) {
    print_error(e.what());
    return exit_unscanned;
  }
  return exit_usage;
}

} // namespace smsscan::cli
