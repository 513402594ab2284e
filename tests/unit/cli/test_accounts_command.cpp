// Tests for cli/accounts_command.cpp through run_cli: what ends a run before
// any machine is asked, and the exit statuses that need no server (the SMB
// suite, tests/smb/test_accounts.py, runs the command against real ones).
#include "smsscan/cli/accounts_command.hpp"

#include "cli_support.hpp"
#include "smsscan/cli/exit_status.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

#include <string>

using smsscan::test::ScopedEnvironment;
using smsscan::test::TemporaryFolder;
using smsscan::test::write_file;

namespace {

int run(std::vector<std::string> args)
{
  return smsscan::test::run_cli_quietly(std::move(args));
}

// The built-in manifest without its <accounts> element.
std::string manifest_without_accounts()
{
  std::string text = *smsscan::test::read_file(smsscan::test::source_path("manifests/Q231399.xml"));
  const std::size_t start = text.find("  <accounts>");
  const std::size_t end = text.find("</accounts>");
  REQUIRE(start != std::string::npos);
  REQUIRE(end != std::string::npos);
  text.erase(start, end + std::string("</accounts>").size() - start);
  return text;
}

} // namespace

TEST_CASE("accounts: usage errors end the run before any machine is asked")
{
  TemporaryFolder folder;
  smsscan::test::make_folder(folder / "pc01");
  const ScopedEnvironment password("SMSSCAN_PASSWORD", std::string("pw"));
  CHECK(run({"accounts"}) == smsscan::cli::exit_usage);                  // nothing to query
  CHECK(run({"accounts", folder / "pc01"}) == smsscan::cli::exit_usage); // a machine image
  CHECK(run({"accounts", "--account", "CORP\\x", "host"}) == smsscan::cli::exit_usage);
  CHECK(run({"accounts", "--account", "", "host"}) == smsscan::cli::exit_usage);
  CHECK(run({"accounts", "--user", "admin%secret", "host"}) == smsscan::cli::exit_usage);
  CHECK(run({"accounts", "--jobs", "0", "host"}) == smsscan::cli::exit_usage);
  write_file(folder / "no-accounts.xml", manifest_without_accounts());
  CHECK(run({"accounts", "--manifest", folder / "no-accounts.xml", "host"}) == smsscan::cli::exit_usage);
#ifdef SMSSCAN_TEST_HAVE_NETAPI
  // ... unless --account names one.
  CHECK(run({"accounts", "-q", "--manifest", folder / "no-accounts.xml", "--account", "SMS&_X", "host:1"}) ==
        smsscan::cli::exit_unscanned);
#endif
}

TEST_CASE("accounts: bad inputs have their own exit statuses")
{
  TemporaryFolder folder;
  write_file(folder / "bad.xml", "<manifest");
  CHECK(run({"accounts", "--manifest", folder / "bad.xml", "host"}) == smsscan::cli::exit_bad_manifest);
  CHECK(run({"accounts", "--manifest", folder / "absent.xml", "host"}) == smsscan::cli::exit_no_input);
  CHECK(run({"accounts", "--hosts", folder / "absent.txt"}) == smsscan::cli::exit_no_input);
  write_file(folder / "auth", "username = admin\nno equals sign here\n");
  CHECK(run({"accounts", "--auth-file", folder / "auth", "host"}) == smsscan::cli::exit_bad_credentials);
  write_file(folder / "hosts.txt", "not a host!\n");
  CHECK(run({"accounts", "--hosts", folder / "hosts.txt"}) == smsscan::cli::exit_skipped_input);
  CHECK(run({"accounts", "--csv", folder / "absent/out.csv", "host"}) == smsscan::cli::exit_no_input);
}

#ifdef SMSSCAN_TEST_HAVE_NETAPI
TEST_CASE("accounts: a machine that cannot be queried makes the status 2, a skipped line 3")
{
  TemporaryFolder folder;
  const ScopedEnvironment no_password("SMSSCAN_PASSWORD", std::nullopt);
  // Port 1: libnetapi reaches machines on 445 and 139 only, so nothing is sent.
  CHECK(run({"accounts", "-q", "--csv", folder / "out.csv", "127.0.0.1:1"}) == smsscan::cli::exit_unscanned);
  const auto csv = smsscan::test::read_file(folder / "out.csv");
  REQUIRE(csv);
  CHECK(csv->find("127.0.0.1:1,SMSCliToknAcct&,,,,,,,error,") != std::string::npos);
  CHECK(csv->find("127.0.0.1:1,SMSCliSvcAcct&,,,,,,,error,") != std::string::npos);
  write_file(folder / "hosts.txt", "127.0.0.1:1\nnot a host!\n");
  CHECK(run({"accounts", "-q", "--hosts", folder / "hosts.txt"}) == smsscan::cli::exit_skipped_input);
}
#else
TEST_CASE("accounts: a build without libnetapi says so")
{
  CHECK(run({"accounts", "host"}) == smsscan::cli::exit_usage);
}
#endif
