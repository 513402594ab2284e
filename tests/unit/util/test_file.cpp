// Tests for util/file.cpp: read_file's refusals (with the reason) and
// write_file_atomically.
#include "smsscan/util/file.hpp"

#include "test_support.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include <sys/stat.h>
#include <unistd.h>

using smsscan::test::read_file;
using smsscan::test::TemporaryFolder;
using smsscan::test::write_file;

TEST_CASE("read_file: a regular file, whole")
{
  TemporaryFolder folder;
  const std::string content = std::string("line 1\n") + std::string(200000, 'x') + std::string("\0end", 4);
  write_file(folder / "f", content);
  const auto read = smsscan::util::read_file(folder / "f", "list");
  REQUIRE(read.has_value());
  CHECK(*read == content);
}

TEST_CASE("read_file: what it refuses, naming the file and the reason")
{
  TemporaryFolder folder;
  const auto missing = smsscan::util::read_file(folder / "none", "host list");
  REQUIRE_FALSE(missing.has_value());
  CHECK(missing.error().source == folder / "none");
  CHECK(missing.error().message == "host list cannot be read: No such file or directory");

  CHECK(smsscan::util::read_file(folder.path(), "manifest").error().message == "manifest is a folder, not a file");
  CHECK(smsscan::util::read_file("/dev/zero", "host list").error().message == "host list is not a regular file");

  // A FIFO is not waited on: opened without blocking, then refused.
  REQUIRE(::mkfifo((folder / "fifo").c_str(), 0600) == 0);
  CHECK(smsscan::util::read_file(folder / "fifo", "auth file").error().message == "auth file is not a regular file");

  write_file(folder / "big", std::string(2 * 1024 * 1024 + 1, 'x'));
  CHECK(smsscan::util::read_file(folder / "big", "host list", 2 * 1024 * 1024).error().message ==
        "host list is larger than 2 MiB; refused");
}

TEST_CASE("write_file_atomically: replaces the file whole, leaves nothing behind on failure")
{
  TemporaryFolder folder;
  write_file(folder / "out.xml", "old");
  REQUIRE(smsscan::util::write_file_atomically(folder / "out.xml", "new content").has_value());
  CHECK(read_file(folder / "out.xml") == std::string("new content"));
  std::size_t entries = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(folder.path())) {
    ++entries;
  }
  CHECK(entries == 1); // no temporary file left

  const auto failed = smsscan::util::write_file_atomically(folder / "no/such/dir/out.xml", "x");
  REQUIRE_FALSE(failed.has_value());
  CHECK(failed.error().to_string() ==
        folder / "no/such/dir/out.xml" + ": cannot be written: No such file or directory");
}

TEST_CASE("write_file_atomically: a device is written in place, never replaced")
{
  REQUIRE(smsscan::util::write_file_atomically("/dev/null", "discarded").has_value());
  struct stat info
  {
  };
  REQUIRE(::stat("/dev/null", &info) == 0);
  CHECK(S_ISCHR(info.st_mode));
  TemporaryFolder folder;
  CHECK(smsscan::util::write_file_atomically(folder.path(), "x").error().message ==
        "cannot be written: it is a folder");
}
