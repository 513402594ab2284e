// Tests for cli/scan_command.cpp through run_cli: a scan's status follows
// its machines and its inputs.
#include "smsscan/cli/scan_command.hpp"

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

TEST_CASE("scan: the exit status follows the machines and the inputs")
{
  TemporaryFolder folder;
  smsscan::test::make_folder(folder / "pc01/System32");
  CHECK(run({"scan", "-q", folder / "pc01"}) == smsscan::cli::exit_ok); // not installed
  CHECK(run({"scan", "-q", folder / "absent"}) == smsscan::cli::exit_unscanned);
  write_file(folder / "pc02/MS/SMS/CORE/BIN/CliCore.exe", "MZ broken");
  smsscan::test::make_folder(folder / "pc02/System32");
  CHECK(run({"scan", "-q", folder / "pc02"}) == smsscan::cli::exit_needs_attention); // corrupt: review
  write_file(folder / "hosts.txt", folder / "pc01" + "\nnot a host!\n");
  CHECK(run({"scan", "-q", "--hosts", folder / "hosts.txt"}) == smsscan::cli::exit_skipped_input);
}
