// Tests for cli/inputs.cpp: every input the command line names is read the
// same way, and one that cannot be read ends the run with exit_no_input.
#include "smsscan/cli/inputs.hpp"

#include "smsscan/cli/exit_status.hpp"
#include "smsscan/util/error.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

#include <string>

using smsscan::cli::read_input_or_fail;
using smsscan::test::TemporaryFolder;
using smsscan::test::write_file;

namespace {

std::pair<int, std::string> refusal(const std::string& path, const std::string& what)
{
  try {
    (void)read_input_or_fail(path, what);
  } catch (const smsscan::util::Fatal& fatal) {
    return {fatal.exit_status(), fatal.what()};
  }
  FAIL("the input was read");
  return {};
}

} // namespace

TEST_CASE("read_input_or_fail: the content of a readable file")
{
  TemporaryFolder folder;
  write_file(folder / "hosts.txt", "pc01\npc02\n");
  CHECK(read_input_or_fail(folder / "hosts.txt", "host list") == "pc01\npc02\n");
}

TEST_CASE("read_input_or_fail: missing, folder and endless inputs exit 66 with the reason")
{
  TemporaryFolder folder;
  const auto missing = refusal(folder / "absent.auth", "auth file");
  CHECK(missing.first == smsscan::cli::exit_no_input);
  CHECK(missing.second == folder / "absent.auth" + ": auth file cannot be read: No such file or directory");
  CHECK(refusal(folder.path(), "host list").second == folder.path() + ": host list is a folder, not a file");
  CHECK(refusal("/dev/zero", "host list").second == "/dev/zero: host list is not a regular file");
}
