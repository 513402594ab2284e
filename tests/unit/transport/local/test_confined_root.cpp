// Tests for transport/local/confined_root.cpp: nothing outside the root is
// reached, whatever links or mounts lie inside it.
#include "smsscan/transport/local/confined_root.hpp"

#include "test_support.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include <fcntl.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

using smsscan::test::TemporaryFolder;
using smsscan::test::write_file;
using smsscan::transport::ConfinedRoot;
namespace fs = std::filesystem;

namespace {

// errno of opening relative beneath root (0 when it opened).
int open_error(const ConfinedRoot& root, const std::string& relative)
{
  const int fd = root.open_beneath(relative, O_RDONLY | O_NONBLOCK);
  if (fd >= 0) {
    ::close(fd);
    return 0;
  }
  return errno;
}

} // namespace

TEST_CASE("ConfinedRoot: files and folders beneath the root open; links that stay inside are followed")
{
  TemporaryFolder folder;
  write_file(folder / "image/MS/SMS/CORE/BIN/CliCore.exe", "x");
  fs::create_directory_symlink("MS/SMS", folder / "image/sms");
  const ConfinedRoot root(folder / "image");
  REQUIRE(root.ok());
  CHECK(open_error(root, "MS/SMS/CORE/BIN/CliCore.exe") == 0);
  CHECK(open_error(root, "sms/CORE/BIN/CliCore.exe") == 0);
  CHECK(open_error(root, "MS/none") == ENOENT);
  const ConfinedRoot::Listing listing = root.list("MS/SMS/CORE/BIN");
  REQUIRE(listing.ok);
  CHECK(listing.names == std::vector<std::string>{"CliCore.exe"});
  const ConfinedRoot::Listing top = root.list("");
  REQUIRE(top.ok);
  CHECK(top.names.size() == 2);
}

TEST_CASE("ConfinedRoot: links and .. that lead outside are refused, never followed")
{
  TemporaryFolder folder;
  write_file(folder / "secret.txt", "outside");
  write_file(folder / "image/a.txt", "inside");
  fs::create_symlink("/dev/zero", folder / "image/zero.exe");
  fs::create_symlink("../secret.txt", folder / "image/up.exe");
  fs::create_symlink(folder / "secret.txt", folder / "image/absolute.exe");
  fs::create_directory_symlink("/etc", folder / "image/etc");
  const ConfinedRoot root(folder / "image");
  REQUIRE(root.ok());
  CHECK(open_error(root, "zero.exe") == EXDEV);
  CHECK(open_error(root, "up.exe") == EXDEV);
  CHECK(open_error(root, "absolute.exe") == EXDEV);
  CHECK(open_error(root, "../secret.txt") == EXDEV);
  CHECK(open_error(root, "etc/passwd") == EXDEV);
  CHECK_FALSE(root.list("etc").ok);
  struct stat info
  {
  };
  int error = 0;
  CHECK_FALSE(root.stat_beneath("zero.exe", info, error));
  CHECK(error == EXDEV);
  REQUIRE(root.stat_beneath("a.txt", info, error));
  CHECK(S_ISREG(info.st_mode));
}

TEST_CASE("ConfinedRoot: a mount point inside the image is not crossed")
{
  if (::geteuid() != 0) {
    MESSAGE("skipped: mounting a file system needs root");
    return;
  }
  TemporaryFolder folder;
  write_file(folder / "image/mnt/.keep", "");
  // The mount lives in a child's private mount namespace only.
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    if (::unshare(CLONE_NEWNS) != 0 || ::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0 ||
        ::mount("tmpfs", (folder / "image/mnt").c_str(), "tmpfs", 0, "size=1m") != 0) {
      ::_exit(77);
    }
    const int fd = ::open((folder / "image/mnt/file.exe").c_str(), O_CREAT | O_WRONLY | O_CLOEXEC, 0644);
    ::close(fd);
    const ConfinedRoot root(folder / "image");
    const int error = open_error(root, "mnt/file.exe");
    ::_exit(error == EXDEV ? 0 : 1);
  }
  int status = 0;
  REQUIRE(::waitpid(child, &status, 0) == child);
  REQUIRE(WIFEXITED(status));
  if (WEXITSTATUS(status) == 77) {
    MESSAGE("skipped: no private mount namespace here");
    return;
  }
  CHECK(WEXITSTATUS(status) == 0);
}
