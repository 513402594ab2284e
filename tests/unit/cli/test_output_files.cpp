// Tests for cli/output_files.cpp: the report paths are checked as a set
// before any file is created or truncated.
#include "smsscan/cli/output_files.hpp"

#include "smsscan/cli/exit_status.hpp"
#include "smsscan/util/error.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include <unistd.h>

using smsscan::cli::OutputFiles;
using smsscan::cli::OutputRequest;
using smsscan::cli::same_file;
using smsscan::test::read_file;
using smsscan::test::TemporaryFolder;
using smsscan::test::write_file;

namespace {

// The message and status of the Fatal that opening these outputs throws.
std::pair<int, std::string> refusal(const std::vector<OutputRequest>& requests,
                                    const std::vector<std::string>& inputs = {})
{
  try {
    OutputFiles files(requests, inputs);
  } catch (const smsscan::util::Fatal& fatal) {
    return {fatal.exit_status(), fatal.what()};
  }
  FAIL("the outputs were accepted");
  return {};
}

} // namespace

TEST_CASE("OutputFiles: distinct creatable files are opened, truncated, in order")
{
  TemporaryFolder folder;
  write_file(folder / "old.csv", "old content\n");
  {
    OutputFiles files({{"--csv", folder / "old.csv"}, {"--json", folder / "new.jsonl"}, {"--details", ""}}, {});
    REQUIRE(files.get("--csv") != nullptr);
    REQUIRE(files.get("--json") != nullptr);
    CHECK(files.get("--details") == nullptr);
    CHECK_FALSE(files.stdout_used());
    CHECK(files.get("--csv")->name() == folder / "old.csv");
  }
  CHECK(read_file(folder / "old.csv") == std::string());
  CHECK(std::filesystem::exists(folder / "new.jsonl"));
}

TEST_CASE("OutputFiles: standard output at most once")
{
  {
    OutputFiles files({{"--csv", "-"}}, {});
    CHECK(files.stdout_used());
    CHECK(files.get("--csv")->is_stdout());
  }
  const auto [status, message] = refusal({{"--csv", "-"}, {"--json", "-"}});
  CHECK(status == smsscan::cli::exit_usage);
  CHECK(message == "--csv and --json both write to standard output; give one of them a file");
}

TEST_CASE("OutputFiles: two outputs naming one file, however written, are refused before anything is truncated")
{
  TemporaryFolder folder;
  write_file(folder / "s.csv", "earlier report\n");
  std::filesystem::create_directories(folder / "sub");
  const auto [status, message] = refusal({{"--csv", folder / "s.csv"}, {"--details", folder / "sub/../s.csv"}});
  CHECK(status == smsscan::cli::exit_usage);
  CHECK(message == "--csv and --details name the same file " + folder / "sub/../s.csv");
  CHECK(read_file(folder / "s.csv") == std::string("earlier report\n"));
  // A hard link is the same file too.
  std::filesystem::create_hard_link(folder / "s.csv", folder / "link.csv");
  CHECK(refusal({{"--csv", folder / "s.csv"}, {"--json", folder / "link.csv"}}).first == smsscan::cli::exit_usage);
  // Not yet existing, through a symbolic link to the folder.
  std::filesystem::create_directory_symlink(folder / "sub", folder / "alias");
  CHECK(refusal({{"--csv", folder / "sub/n.csv"}, {"--json", folder / "alias/n.csv"}}).first ==
        smsscan::cli::exit_usage);
}

TEST_CASE("OutputFiles: an output that is an input is refused")
{
  TemporaryFolder folder;
  write_file(folder / "m.xml", "<manifest/>\n");
  const auto [status, message] = refusal({{"--csv", folder / "m.xml"}}, {"", "-", folder / "m.xml"});
  CHECK(status == smsscan::cli::exit_usage);
  CHECK(message == "--csv " + folder / "m.xml" + " is an input of this command (" + folder / "m.xml" +
                     "); it would be overwritten");
  CHECK(read_file(folder / "m.xml") == std::string("<manifest/>\n"));
}

TEST_CASE("OutputFiles: a path that cannot be written is refused before the earlier outputs are truncated")
{
  TemporaryFolder folder;
  write_file(folder / "report.csv", "last week\n");
  const auto [status, message] =
    refusal({{"--csv", folder / "report.csv"}, {"--details", folder / "missing/details.csv"}});
  CHECK(status == smsscan::cli::exit_no_input);
  CHECK(message == "--details " + folder / "missing/details.csv" + " cannot be written: its folder " +
                     folder / "missing" + " does not exist");
  CHECK(read_file(folder / "report.csv") == std::string("last week\n"));
  CHECK(refusal({{"--json", folder.path()}}).second == "--json " + folder.path() + " cannot be written: is a folder");
}

TEST_CASE("same_file: paths, links and files not yet there")
{
  TemporaryFolder folder;
  write_file(folder / "a", "x");
  CHECK(same_file(folder / "a", folder / "./a"));
  CHECK_FALSE(same_file(folder / "a", folder / "b"));
  CHECK(same_file(folder / "b", folder / "b"));
  CHECK_FALSE(same_file(folder / "none/b", folder / "none/b")); // no folder: nothing to compare
}

TEST_CASE("OutputFiles: a kept output (the history) is checked like the others but never opened or truncated")
{
  TemporaryFolder folder;
  write_file(folder / "fleet.history", "earlier scans\n");
  write_file(folder / "report.csv", "last week\n");
  {
    bool opened_before_truncating = false;
    OutputFiles files({{"--csv", folder / "report.csv"}, {"--history", folder / "fleet.history", true}}, {}, [&] {
      opened_before_truncating = read_file(folder / "report.csv") == std::string("last week\n");
    });
    CHECK(opened_before_truncating);
    CHECK(files.get("--history") == nullptr);
    CHECK(files.get("--csv") != nullptr);
  }
  CHECK(read_file(folder / "fleet.history") == std::string("earlier scans\n"));
  CHECK(read_file(folder / "report.csv") == std::string());

  // It may not be standard output, another output, or an input.
  write_file(folder / "report.csv", "last week\n");
  CHECK(refusal({{"--history", "-", true}}) ==
        std::pair<int, std::string>{smsscan::cli::exit_usage, "--history needs a file, not standard output"});
  CHECK(refusal({{"--html", folder / "fleet.history"}, {"--history", folder / "fleet.history", true}}).second ==
        "--html and --history name the same file " + folder / "fleet.history");
  CHECK(refusal({{"--history", folder / "hosts.txt", true}}, {folder / "hosts.txt"}).first == smsscan::cli::exit_usage);
  CHECK(read_file(folder / "fleet.history") == std::string("earlier scans\n"));

  // A failure while opening it (a damaged history) leaves the reports untouched.
  CHECK_THROWS_AS(OutputFiles({{"--csv", folder / "report.csv"}, {"--history", folder / "fleet.history", true}}, {},
                              [] { throw smsscan::util::Fatal(smsscan::cli::exit_no_input, "damaged"); }),
                  smsscan::util::Fatal);
  CHECK(read_file(folder / "report.csv") == std::string("last week\n"));
}

TEST_CASE("OutputFiles: a kept output needs its folder writable (SQLite keeps its log beside it)")
{
  if (::geteuid() == 0) {
    MESSAGE("running as root: folder permissions do not apply; the check is skipped");
    return;
  }
  TemporaryFolder folder;
  std::filesystem::create_directories(folder / "ro");
  write_file(folder / "ro/fleet.history", "x");
  smsscan::test::set_mode(folder / "ro", std::filesystem::perms::owner_read | std::filesystem::perms::owner_exec);
  CHECK(refusal({{"--history", folder / "ro/fleet.history", true}}).first == smsscan::cli::exit_no_input);
  smsscan::test::set_mode(folder / "ro", std::filesystem::perms::owner_all);
}
