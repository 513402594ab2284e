// Tests for cli/manifest_commands.cpp through run_cli: unreadable inputs are
// 66, refused manifests 65.
#include "smsscan/cli/manifest_commands.hpp"

#include "cli_support.hpp"
#include "smsscan/cli/exit_status.hpp"
#include "smsscan/util/error.hpp"
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

TEST_CASE("manifest commands: unreadable inputs are 66, refused manifests 65")
{
  TemporaryFolder folder;
  CHECK(run({"scan", "--manifest", folder / "absent.xml", "pc01"}) == smsscan::cli::exit_no_input);
  CHECK(run({"manifest", "show", folder / "absent.xml"}) == smsscan::cli::exit_no_input);
  write_file(folder / "bad.xml", "<manifest>");
  CHECK(run({"manifest", "check", folder / "bad.xml"}) == smsscan::cli::exit_bad_manifest);
  CHECK(run({"manifest", "check", smsscan::test::source_path("manifests/Q231399.xml")}) == smsscan::cli::exit_ok);
}

TEST_CASE("load_manifest_or_fail: the built-in manifest, or the file's, or a Fatal with the status")
{
  CHECK(smsscan::cli::load_manifest_or_fail("").kb == "Q231399");
  TemporaryFolder folder;
  write_file(folder / "bad.xml", "<manifest/>");
  try {
    (void)smsscan::cli::load_manifest_or_fail(folder / "bad.xml");
    FAIL("accepted");
  } catch (const smsscan::util::Fatal& fatal) {
    CHECK(fatal.exit_status() == smsscan::cli::exit_bad_manifest);
    CHECK(std::string(fatal.what()).rfind("manifest refused: " + folder / "bad.xml" + ":1:", 0) == 0);
  }
}
