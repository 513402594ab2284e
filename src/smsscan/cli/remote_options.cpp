#include "smsscan/cli/remote_options.hpp"

#include "smsscan/cli/console.hpp"
#include "smsscan/cli/exit_status.hpp"
#include "smsscan/cli/inputs.hpp"
#include "smsscan/target/lmhosts.hpp"

#include <CLI/CLI.hpp>

#include <arpa/inet.h>

namespace smsscan::cli {

const char* const k_resolver_order_help =
  "Names are resolved in this order: an IP address is used as it is; a name without a dot (up to 15 "
  "characters) is a NetBIOS name first: the --lmhosts file, then each --wins server in turn; then, and for "
  "any other name, the system resolver (DNS, /etc/hosts). Without --wins and --lmhosts only the system "
  "resolver is asked. No NetBIOS broadcasts are sent.";

void add_reach_options(CLI::App& command, ReachOptions& options)
{
  command.add_option("--user,-U", options.user, "SMB user, [DOMAIN\\]NAME (the password is never an option)");
  command.add_option("--auth-file,-A", options.auth_file, "smbclient-style file with username=, password=, domain=");
  command
    .add_option("--max-auth-failures", options.max_auth_failures,
                "Stop using the credentials after this many machines refused them (default 3)")
    ->check(CLI::Range(1, 1000));
  command
    .add_option("--max-targets", options.max_targets,
                "Largest address block or range one target may expand to (default 65536)")
    ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 24));
  command
    .add_option("--wins", options.wins_servers,
                "WINS server to resolve NetBIOS names with (repeatable, asked in order). " +
                  std::string(k_resolver_order_help))
    ->allow_extra_args(false);
  command.add_option("--lmhosts", options.lmhosts_file, "lmhosts file mapping NetBIOS names to addresses");
  command.add_flag("--ntlmv1", options.ntlmv1,
                   "Allow NTLMv1 logons (NT 4.0 before Service Pack 4 accepts no NTLMv2); off by default");
}

transport::RemoteOptions remote_options(const ReachOptions& reach, bool& skipped_input)
{
  transport::RemoteOptions options;
  options.ntlmv1 = reach.ntlmv1;
  for (const std::string& server : reach.wins_servers) {
    unsigned char scratch[4];
    if (::inet_pton(AF_INET, server.c_str(), scratch) != 1) {
      throw util::Fatal(exit_usage, "--wins \"" + server + "\" is not an IPv4 address");
    }
    options.resolver.wins.push_back({server, transport::WinsServer{}.port});
  }
  if (!reach.lmhosts_file.empty()) {
    const std::string name = reach.lmhosts_file == "-" ? "standard input" : reach.lmhosts_file;
    options.resolver.lmhosts = target::parse_lmhosts(read_input_or_fail(reach.lmhosts_file, "lmhosts file"), name);
    for (const util::Error& error : options.resolver.lmhosts.errors) {
      print_error(error.to_string());
      skipped_input = true;
    }
  }
  return options;
}

} // namespace smsscan::cli
