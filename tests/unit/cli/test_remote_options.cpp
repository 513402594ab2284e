// --wins, --lmhosts and --ntlmv1 as the transports receive them: a bad WINS
// address ends the run as a usage error, bad lmhosts lines are reported and
// mark the run as having skipped input.
#include "smsscan/cli/exit_status.hpp"
#include "smsscan/cli/remote_options.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace smsscan;

TEST_CASE("remote options: WINS servers in order, NTLMv1 off unless asked")
{
  cli::ReachOptions command;
  bool skipped = false;
  transport::RemoteOptions options = cli::remote_options(command, skipped);
  CHECK(options.resolver.wins.empty());
  CHECK_FALSE(options.ntlmv1);
  CHECK_FALSE(skipped);

  command.wins_servers = {"10.1.0.2", "10.2.0.2"};
  command.ntlmv1 = true;
  options = cli::remote_options(command, skipped);
  REQUIRE(options.resolver.wins.size() == 2);
  CHECK(options.resolver.wins[0].address == "10.1.0.2");
  CHECK(options.resolver.wins[0].port == 137);
  CHECK(options.resolver.wins[1].address == "10.2.0.2");
  CHECK(options.ntlmv1);
}

TEST_CASE("remote options: a WINS server that is not an IPv4 address is a usage error")
{
  cli::ReachOptions command;
  command.wins_servers = {"wins.example"};
  bool skipped = false;
  try {
    cli::remote_options(command, skipped);
    FAIL("no error");
  } catch (const util::Fatal& fatal) {
    CHECK(fatal.exit_status() == cli::exit_usage);
    CHECK(std::string(fatal.what()) == "--wins \"wins.example\" is not an IPv4 address");
  }
}

TEST_CASE("remote options: the lmhosts file is read; its bad lines mark skipped input")
{
  test::TemporaryFolder folder;
  cli::ReachOptions command;
  command.lmhosts_file = folder / "lmhosts";
  test::write_file(command.lmhosts_file, "10.1.2.3 PC042\nnot an entry\n");
  bool skipped = false;
  const transport::RemoteOptions options = cli::remote_options(command, skipped);
  CHECK(options.resolver.lmhosts.find("pc042") == "10.1.2.3");
  CHECK(skipped);

  command.lmhosts_file = folder / "missing";
  try {
    cli::remote_options(command, skipped);
    FAIL("no error");
  } catch (const util::Fatal& fatal) {
    CHECK(fatal.exit_status() == cli::exit_no_input);
  }
}
