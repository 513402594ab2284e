// Tests for cli/app.cpp: usage errors are 64; --version and --help are 0.
#include "smsscan/cli/app.hpp"

#include "cli_support.hpp"
#include "smsscan/cli/exit_status.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

#include <string>

using smsscan::test::TemporaryFolder;
using smsscan::test::write_file;

namespace {

int run(std::vector<std::string> args)
{
  return smsscan::test::run_cli_quietly(std::move(args));
}

} // namespace

TEST_CASE("run_cli: usage errors are 64, --version and help are 0")
{
  CHECK(run({"--version"}) == smsscan::cli::exit_ok);
  CHECK(run({"--help"}) == smsscan::cli::exit_ok);
  CHECK(run({}) == smsscan::cli::exit_usage);
  CHECK(run({"frobnicate"}) == smsscan::cli::exit_usage);
  CHECK(run({"scan", "--tolerance", "nan", "pc01"}) == smsscan::cli::exit_usage);
  CHECK(run({"scan", "--timeout", "inf", "pc01"}) == smsscan::cli::exit_usage);
  CHECK(run({"scan", "--site-code", "TOOLONG", "pc01"}) == smsscan::cli::exit_usage);
  CHECK(run({"scan", "-U", "bob%secret", "pc01"}) == smsscan::cli::exit_usage);
  CHECK(run({"scan"}) == smsscan::cli::exit_usage); // nothing to scan
}
