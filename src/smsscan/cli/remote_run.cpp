#include "smsscan/cli/remote_run.hpp"

#include "smsscan/cli/inputs.hpp"
#include "smsscan/target/address_range.hpp"
#include "smsscan/target/host_list.hpp"
#include "smsscan/target/target_set.hpp"
#include "smsscan/util/error.hpp"
#include "smsscan/util/utf8.hpp"

#include <cmath>

namespace smsscan::cli {

using util::Fatal;

TargetList collect_targets(const std::vector<std::string>& arguments, const std::string& hosts_file,
                           const std::vector<std::string>& default_roles, std::size_t max_targets,
                           const std::string& verb)
{
  TargetList list;
  target::TargetSet set(default_roles);
  for (const std::string& text : arguments) {
    util::Expected<std::vector<target::Target>> parsed = target::parse_targets(text, max_targets);
    if (!parsed) {
      // The reason quotes the argument: both are made printable, so that an
      // escape sequence in an argument never reaches the terminal.
      throw Fatal(exit_usage, util::printable("target \"" + text + "\": " + parsed.error().message));
    }
    for (target::Target& one : *parsed) {
      if (util::Expected<void> added = set.add(std::move(one)); !added) {
        throw Fatal(exit_usage, added.error().message);
      }
    }
  }
  if (!hosts_file.empty()) {
    const std::string name = hosts_file == "-" ? "standard input" : hosts_file;
    target::HostList hosts = target::parse_host_list(read_input_or_fail(hosts_file, "host list"), name, max_targets);
    for (const util::Error& error : hosts.errors) {
      print_error(error.to_string());
      list.skipped_input = true;
    }
    for (target::Target& target : hosts.targets) {
      const std::string origin = target.origin;
      if (util::Expected<void> added = set.add(std::move(target)); !added) {
        print_error(origin + ": " + added.error().message + " (line skipped)");
        list.skipped_input = true;
      }
    }
  }
  list.targets = set.take();
  if (list.targets.empty()) {
    throw Fatal(list.skipped_input ? exit_skipped_input : exit_usage,
                "nothing to " + verb + ": give targets or --hosts FILE");
  }
  return list;
}

std::optional<target::Credentials> gather_run_credentials(const std::string& user, const std::string& auth_file)
{
  if (user.empty() && auth_file.empty()) {
    return std::nullopt;
  }
  std::optional<target::AuthFile> file;
  if (!auth_file.empty()) {
    file = target::AuthFile{auth_file, read_input_or_fail(auth_file, "auth file")};
  }
  util::Expected<target::GatheredCredentials> gathered = target::gather_credentials(user, file);
  if (!gathered) {
    throw Fatal(exit_bad_credentials, "credentials: " + gathered.error().to_string());
  }
  for (const std::string& warning : gathered->warnings) {
    print_warning(warning);
  }
  return std::move(gathered->credentials);
}

void check_user_option(const std::string& user)
{
  if (user.find('%') != std::string::npos) {
    // Never repeated: what follows the % is a password.
    throw Fatal(exit_usage, "--user takes no password (smbclient's USER%PASSWORD form is not accepted: it would "
                            "show in the process list); set SMSSCAN_PASSWORD, use --auth-file, or type it at the "
                            "prompt");
  }
}

CLI::Validator finite_number(double min, double max)
{
  return CLI::Validator(
    [=](std::string& text) -> std::string {
      double value = 0;
      if (!CLI::detail::lexical_cast(text, value) || !std::isfinite(value) || value < min || value > max) {
        return "must be a number from " + CLI::detail::to_string(min) + " to " + CLI::detail::to_string(max) +
               ", not " + text;
      }
      return {};
    },
    "NUMBER", "finite");
}

} // namespace smsscan::cli
