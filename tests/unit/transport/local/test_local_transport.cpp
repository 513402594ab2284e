// Tests for transport/local/local_transport.cpp: only regular files inside
// the image are evidence, names that differ only in case are not guessed
// between, refusals are access-denied, reads keep to the machine's deadline,
// and an image must be a Windows directory.
#include "smsscan/transport/local/local_transport.hpp"

#include "test_support.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

using smsscan::test::make_folder;
using smsscan::test::TemporaryFolder;
using smsscan::test::write_file;
using smsscan::transport::OpenResult;
using smsscan::transport::OpenStatus;
using smsscan::transport::SessionSettings;
using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

namespace {

const std::string k_bin = "MS\\SMS\\CORE\\BIN";

struct Image
{
  TemporaryFolder folder;
  std::string root = folder / "pc01";
  smsscan::target::Target target;

  Image()
  {
    make_folder(root + "/System32");
    make_folder(root + "/MS/SMS/CORE/BIN");
    auto parsed = smsscan::target::parse_target(root);
    REQUIRE(parsed.has_value());
    target = *parsed;
  }

  std::string bin(const std::string& name) const { return root + "/MS/SMS/CORE/BIN/" + name; }

  OpenResult open(const std::string& name, SessionSettings settings = {}) const
  {
    const auto transport = smsscan::transport::make_local_transport();
    const auto session = transport->start(target, settings);
    return session->open("ADMIN$", k_bin, name);
  }
};

} // namespace

TEST_CASE("local transport: a regular file opens, its name as the image spells it")
{
  Image image;
  write_file(image.bin("CliCore.exe"), "MZ");
  const OpenResult opened = image.open("CLICORE.EXE");
  REQUIRE(opened.status == OpenStatus::ok);
  CHECK(opened.file->actual_name() == "CliCore.exe");
  CHECK(opened.file->size() == 2);
  CHECK(image.open("Compver.ini").status == OpenStatus::not_found);
}

TEST_CASE("local transport: FIFOs, sockets, devices and folders are rejected without waiting on them")
{
  Image image;
  REQUIRE(::mkfifo(image.bin("CliCore.exe").c_str(), 0644) == 0);
  const auto start = Clock::now();
  const OpenResult fifo = image.open("CliCore.exe");
  CHECK(Clock::now() - start < std::chrono::seconds(2));
  CHECK(fifo.status == OpenStatus::rejected);
  CHECK(fifo.detail == "ADMIN$\\MS\\SMS\\CORE\\BIN\\CliCore.exe is a FIFO, not a regular file");

  const int sock = ::socket(AF_UNIX, SOCK_STREAM, 0);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  const std::string path = image.bin("Clisvcl.exe");
  REQUIRE(path.size() < sizeof address.sun_path);
  std::copy(path.begin(), path.end(), address.sun_path);
  REQUIRE(::bind(sock, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
  CHECK(image.open("Clisvcl.exe").detail == "ADMIN$\\MS\\SMS\\CORE\\BIN\\Clisvcl.exe is a socket, not a regular file");
  ::close(sock);

  make_folder(image.bin("CCMCore.exe"));
  CHECK(image.open("CCMCore.exe").detail == "ADMIN$\\MS\\SMS\\CORE\\BIN\\CCMCore.exe is a folder, not a regular file");

  if (::geteuid() == 0) {
    REQUIRE(::mknod(image.bin("Abnwcli.dll").c_str(), S_IFCHR | 0644, makedev(1, 5)) == 0); // a /dev/zero
    const OpenResult device = image.open("Abnwcli.dll");
    CHECK(device.status == OpenStatus::rejected);
    CHECK(device.detail == "ADMIN$\\MS\\SMS\\CORE\\BIN\\Abnwcli.dll is a character device, not a regular file");
  }
}

TEST_CASE("local transport: links out of the image are rejected; links inside it are followed")
{
  Image image;
  write_file(image.folder / "elsewhere/CliCore.exe", "MZ outside");
  fs::create_symlink("/dev/zero", image.bin("CliCore.exe"));
  fs::create_symlink(image.folder / "elsewhere/CliCore.exe", image.bin("CCMCore.exe"));
  write_file(image.root + "/System32/real.dll", "MZ inside");
  fs::create_symlink("../../../../System32/real.dll", image.bin("Mslmclin.dll"));
  fs::create_symlink("nowhere.dll", image.bin("Abnwcli.dll"));
  for (const char* name : {"CliCore.exe", "CCMCore.exe"}) {
    const OpenResult opened = image.open(name);
    CHECK(opened.status == OpenStatus::rejected);
    CHECK(opened.detail ==
          "ADMIN$\\MS\\SMS\\CORE\\BIN\\" + std::string(name) + " points outside the machine image; not followed");
  }
  const OpenResult inside = image.open("Mslmclin.dll");
  REQUIRE(inside.status == OpenStatus::ok);
  CHECK(inside.file->size() == 9);
  const OpenResult dangling = image.open("Abnwcli.dll");
  CHECK(dangling.status == OpenStatus::rejected);
  CHECK(dangling.detail == "ADMIN$\\MS\\SMS\\CORE\\BIN\\Abnwcli.dll is a link that leads nowhere");
  // A folder on the way that leads out of the image.
  Image second;
  fs::remove_all(second.root + "/MS/SMS/CORE/BIN");
  fs::create_directory_symlink(image.root + "/MS/SMS/CORE/BIN", second.root + "/MS/SMS/CORE/BIN");
  const OpenResult through = second.open("Mslmclin.dll");
  CHECK(through.status == OpenStatus::rejected);
  CHECK(through.detail == "ADMIN$\\MS\\SMS\\CORE\\BIN points outside the machine image; not followed");
}

TEST_CASE("local transport: names that differ only in case are rejected, naming them all")
{
  Image image;
  write_file(image.bin("CLICORE.EXE"), "MZ old");
  write_file(image.bin("clicore.exe"), "MZ new");
  const OpenResult opened = image.open("CliCore.exe");
  CHECK(opened.status == OpenStatus::rejected);
  CHECK(opened.detail == "ADMIN$\\MS\\SMS\\CORE\\BIN holds several names that differ only in case: CLICORE.EXE, "
                         "clicore.exe; which one Windows would use is unknown");
}

TEST_CASE("local transport: what the account cannot read is access-denied")
{
  if (::geteuid() != 0) {
    MESSAGE("skipped: needs root to drop to another user");
    return;
  }
  Image image;
  write_file(image.bin("CliCore.exe"), "MZ");
  ::chmod(image.bin("CliCore.exe").c_str(), 0000);
  make_folder(image.root + "/MS/SMS/CORE/BIN/I386");
  ::chmod((image.root + "/MS/SMS/CORE/BIN/I386").c_str(), 0000);
  fs::permissions(image.folder.path(), fs::perms::all);
  // As nobody: the file and the folder are refused.
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    if (::setgid(65534) != 0 || ::setuid(65534) != 0) {
      ::_exit(77);
    }
    const OpenResult file = image.open("CliCore.exe");
    const auto transport = smsscan::transport::make_local_transport();
    const auto session = transport->start(image.target, {});
    const OpenResult folder = session->open("ADMIN$", k_bin + "\\I386", "CliCore.exe");
    const bool ok = file.status == OpenStatus::access_denied &&
                    file.detail == "ADMIN$\\MS\\SMS\\CORE\\BIN\\CliCore.exe: Permission denied" &&
                    folder.status == OpenStatus::access_denied &&
                    folder.detail == "ADMIN$\\MS\\SMS\\CORE\\BIN\\I386: Permission denied";
    ::_exit(ok ? 0 : 1);
  }
  int status = 0;
  REQUIRE(::waitpid(child, &status, 0) == child);
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
}

TEST_CASE("local transport: reads keep to the machine's deadline")
{
  Image image;
  const std::string big = image.bin("CliCore.exe");
  {
    const int fd = ::open(big.c_str(), O_CREAT | O_WRONLY | O_CLOEXEC, 0644);
    REQUIRE(fd >= 0);
    REQUIRE(::ftruncate(fd, 8LL << 30) == 0); // 8 GiB, sparse
    ::close(fd);
  }
  SessionSettings settings;
  settings.timeout = std::chrono::milliseconds(300);
  settings.deadline = Clock::now() + settings.timeout;
  const auto transport = smsscan::transport::make_local_transport();
  const auto session = transport->start(image.target, settings);
  OpenResult opened = session->open("ADMIN$", k_bin, "CliCore.exe");
  REQUIRE(opened.status == OpenStatus::ok);
  std::vector<std::uint8_t> buffer(1 << 20);
  const auto start = Clock::now();
  bool failed = false;
  for (std::uint64_t offset = 0; offset < opened.file->size(); offset += buffer.size()) {
    if (opened.file->read(offset, buffer.size(), buffer.data()) != smsscan::transport::ReadStatus::ok) {
      failed = true;
      break;
    }
  }
  CHECK(failed);
  CHECK(Clock::now() - start < std::chrono::seconds(5));
  // After the deadline the session answers at once.
  CHECK(session->open("ADMIN$", k_bin, "Compver.ini").status == OpenStatus::unreachable);
}

TEST_CASE("windows_directory_problem: a Windows directory, and the folder to give instead of others")
{
  using smsscan::transport::windows_directory_problem;
  TemporaryFolder folder;
  make_folder(folder / "fleet/pc01/SYSTEM32");
  make_folder(folder / "fleet/pc01/MS/SMS/CORE/BIN");
  make_folder(folder / "fleet/pc02/system32");
  make_folder(folder / "drive/WINNT/System32");
  make_folder(folder / "drive/Program Files");
  CHECK(windows_directory_problem(folder / "fleet/pc01").empty());
  CHECK(windows_directory_problem(folder / "drive/WINNT").empty());
  CHECK(windows_directory_problem(folder / "drive") ==
        folder / "drive" + " is not a Windows directory (it has no System32 folder); did you mean " +
          folder / "drive/WINNT" + "?");
  CHECK(windows_directory_problem(folder / "fleet/pc01/MS/SMS/CORE/BIN") ==
        folder / "fleet/pc01/MS/SMS/CORE/BIN" +
          " is not a Windows directory (it has no System32 folder); did you mean the image root " +
          folder / "fleet/pc01" + "?");
  CHECK(windows_directory_problem(folder / "fleet") ==
        folder / "fleet" + " is not a Windows directory (it has no System32 folder); it holds 2 machine images "
                           "(pc01, pc02): give those");
  make_folder(folder / "empty");
  CHECK(windows_directory_problem(folder / "empty") ==
        folder / "empty" + " is not a Windows directory (it has no System32 folder)");
}

TEST_CASE("local transport: an image that is not a Windows directory is an invalid target")
{
  TemporaryFolder folder;
  write_file(folder / "pc01/MS/SMS/CORE/BIN/CliCore.exe", "MZ");
  auto target = smsscan::target::parse_target(folder / "pc01/MS/SMS/CORE/BIN");
  REQUIRE(target.has_value());
  const auto transport = smsscan::transport::make_local_transport();
  const auto session = transport->start(*target, {});
  const OpenResult opened = session->open("ADMIN$", k_bin, "CliCore.exe");
  CHECK(opened.status == OpenStatus::invalid_target);
  CHECK(opened.detail.find("is not a Windows directory") != std::string::npos);
}
