// Tests for scan/machine_scan.cpp: scan_machine with the local transport
// over machine images built in a temporary folder (using the mingw-built
// fixture DLLs where a real PE is needed).
#include "smsscan/scan/machine_scan.hpp"

#include "scan_support.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

using smsscan::manifest::Manifest;
using smsscan::manifest::Platform;
using smsscan::scan::FileFinding;
using smsscan::scan::MachineResult;
using smsscan::target::Target;
using smsscan::test::copy_file;
using smsscan::test::fixture_path;
using smsscan::test::make_folder;
using smsscan::test::TemporaryFolder;
using smsscan::test::write_file;
using smsscan::verdict::FileVerdict;
using smsscan::verdict::MachineStatus;
using namespace smsscan::test;

TEST_CASE("scan_machine: the local transport over machine images")
{
  const Manifest manifest = default_manifest();
  TemporaryFolder folder;

  SUBCASE("a fixed client: the version decides although the size differs")
  {
    if (!have_fixtures()) {
      return;
    }
    copy_file(fixture_path(k_fixture_1380), folder / "pc01/MS/SMS/CORE/BIN/CliCore.exe");
    make_folder(folder / "pc01/System32"); // a Windows directory
    const Target target = local_target(folder / "pc01");
    const MachineResult result = scan_local(manifest, target);
    CHECK(result.status == MachineStatus::compliant);
    CHECK(result.platform == "Intel");
    CHECK(result.errors.empty());
    CHECK(result.target == &target);
    CHECK(result.files.size() == k_client_names);
    CHECK(found_count(result) == 1);
    const FileFinding* clicore = finding_for(result, "CliCore.exe");
    REQUIRE(clicore != nullptr);
    REQUIRE(clicore->found);
    CHECK(clicore->share == "ADMIN$");
    CHECK(clicore->folder == "MS\\SMS\\CORE\\BIN");
    CHECK(clicore->evidence.size != 3118422);
    CHECK(clicore->judgement.verdict == FileVerdict::current);
    CHECK(clicore->judgement.version == "2.0.1380.1000");
    CHECK(clicore->judgement.platform == Platform::intel);
    REQUIRE(clicore->judgement.row != nullptr);
    CHECK(clicore->judgement.row->size == 3118422);
    const FileFinding* compver = finding_for(result, "Compver.ini");
    REQUIRE(compver != nullptr);
    CHECK_FALSE(compver->found);
    CHECK(compver->judgement.verdict == FileVerdict::missing);
    CHECK(result.scanned_at > 0);
  }

  SUBCASE("an old Clisvcl.exe: needs the fix")
  {
    if (!have_fixtures()) {
      return;
    }
    copy_file(fixture_path(k_fixture_1380), folder / "pc02/MS/SMS/CORE/BIN/CliCore.exe");
    copy_file(fixture_path(k_fixture_1239), folder / "pc02/MS/SMS/CORE/BIN/Clisvcl.exe");
    make_folder(folder / "pc02/System32"); // a Windows directory
    const Target target = local_target(folder / "pc02");
    const MachineResult result = scan_local(manifest, target);
    CHECK(result.status == MachineStatus::needs_fix);
    CHECK(found_count(result) == 2);
    const FileFinding* clisvcl = finding_for(result, "Clisvcl.exe");
    REQUIRE(clisvcl != nullptr);
    REQUIRE(clisvcl->found);
    CHECK(clisvcl->judgement.verdict == FileVerdict::outdated);
    CHECK(clisvcl->judgement.reason == "version 2.0.1239.0 is older than build 1380");
  }

  SUBCASE("no client installed")
  {
    make_folder(folder / "pc03/system32");
    const Target target = local_target(folder / "pc03");
    const MachineResult result = scan_local(manifest, target);
    CHECK(result.status == MachineStatus::not_installed);
    CHECK(result.files.size() == k_client_names);
    CHECK(found_count(result) == 0);
    CHECK(result.errors.empty());
    CHECK(result.platform.empty());
  }

  SUBCASE("the image folder does not exist: unreachable")
  {
    const Target target = local_target(folder / "no-such-machine");
    const MachineResult result = scan_local(manifest, target);
    CHECK(result.status == MachineStatus::unreachable);
    REQUIRE(result.errors.size() == 1);
    CHECK(result.errors[0] == "no such folder: " + (folder / "no-such-machine"));
    CHECK(found_count(result) == 0);
  }

  SUBCASE("a CliCore.exe that is not a PE image: review, with the file corrupt")
  {
    write_file(folder / "pc04/MS/SMS/CORE/BIN/CliCore.exe", garbage_pe());
    make_folder(folder / "pc04/System32"); // a Windows directory
    const Target target = local_target(folder / "pc04");
    const MachineResult result = scan_local(manifest, target);
    CHECK(result.status == MachineStatus::review);
    const FileFinding* clicore = finding_for(result, "CliCore.exe");
    REQUIRE(clicore != nullptr);
    REQUIRE(clicore->found);
    CHECK(clicore->evidence.size == 202);
    CHECK(clicore->judgement.verdict == FileVerdict::corrupt);
    CHECK(clicore->judgement.reason.rfind("not a readable PE image: ", 0) == 0);
  }

  SUBCASE("names and folders match whatever their case")
  {
    write_file(folder / "pc05/ms/Sms/core/BIN/clicore.EXE", garbage_pe());
    write_file(folder / "pc05/ms/Sms/core/BIN/COMPVER.INI", "[Version]\n");
    make_folder(folder / "pc05/System32"); // a Windows directory
    const Target target = local_target(folder / "pc05");
    const MachineResult result = scan_local(manifest, target);
    CHECK(found_count(result) == 2);
    const FileFinding* clicore = finding_for(result, "CliCore.exe");
    REQUIRE(clicore != nullptr);
    REQUIRE(clicore->found);
    CHECK(clicore->wanted == "CliCore.exe");
    CHECK(clicore->evidence.name == "clicore.EXE");
    CHECK(clicore->judgement.verdict == FileVerdict::corrupt);
    const FileFinding* compver = finding_for(result, "Compver.ini");
    REQUIRE(compver != nullptr);
    REQUIRE(compver->found);
    CHECK(compver->evidence.name == "COMPVER.INI");
    CHECK(compver->evidence.size == 10);
    CHECK(compver->judgement.date_source == "mtime");
  }

  SUBCASE("the site-server role reads SMS_{site} from a mapped folder, per platform")
  {
    write_file(folder / "site/bin/alpha/Clicore.exe", garbage_pe());
    make_folder(folder / "pc06/System32"); // a Windows directory
    Target target = local_target(folder / "pc06");
    make_folder(folder / "pc06");
    target.roles = {"site-server"};
    target.site_code = "ABC";
    target.share_dirs["SMS_ABC"] = folder / "site";
    const MachineResult result = scan_local(manifest, target);
    CHECK(result.status == MachineStatus::review);
    CHECK(found_count(result) == 1);
    bool seen = false;
    for (const FileFinding& finding : result.files) {
      if (finding.found) {
        seen = true;
        CHECK(finding.share == "SMS_ABC");
        CHECK(finding.folder == "bin\\Alpha");
        CHECK(finding.wanted == "Clicore.exe");
      }
    }
    CHECK(seen);
  }
}

TEST_CASE("scan_machine: what is there but no evidence, or cannot be read, is never compliant or not-installed")
{
  const Manifest manifest = default_manifest();
  TemporaryFolder folder;
  if (!have_fixtures()) {
    return;
  }
  SUBCASE("a FIFO named CliCore.exe beside a current Clisvcl.exe: review, the FIFO named")
  {
    copy_file(fixture_path(k_fixture_1380), folder / "pc01/MS/SMS/CORE/BIN/Clisvcl.exe");
    REQUIRE(::mkfifo((folder / "pc01/MS/SMS/CORE/BIN/CliCore.exe").c_str(), 0644) == 0);
    make_folder(folder / "pc01/System32");
    const MachineResult result = scan_local(manifest, local_target(folder / "pc01"));
    CHECK(result.status == MachineStatus::review);
    const FileFinding* clicore = finding_for(result, "CliCore.exe");
    REQUIRE(clicore != nullptr);
    CHECK(clicore->found);
    CHECK(clicore->judgement.verdict == FileVerdict::review);
    CHECK(clicore->judgement.reason == "ADMIN$\\MS\\SMS\\CORE\\BIN\\CliCore.exe is a FIFO, not a regular file");
  }
  SUBCASE("a client folder that is a link out of the image: review, not not-installed")
  {
    copy_file(fixture_path(k_fixture_1380), folder / "elsewhere/CliCore.exe");
    make_folder(folder / "pc02/System32");
    make_folder(folder / "pc02/MS/SMS/CORE");
    std::filesystem::create_directory_symlink(folder / "elsewhere", folder / "pc02/MS/SMS/CORE/BIN");
    const MachineResult result = scan_local(manifest, local_target(folder / "pc02"));
    CHECK(result.status == MachineStatus::review);
    CHECK(found_count(result) == k_client_names);
  }
  SUBCASE("not a Windows directory: error, with the folder to give instead")
  {
    copy_file(fixture_path(k_fixture_1380), folder / "pc03/MS/SMS/CORE/BIN/CliCore.exe");
    make_folder(folder / "pc03/System32");
    const MachineResult result = scan_local(manifest, local_target(folder / "pc03/MS"));
    CHECK(result.status == MachineStatus::error);
    REQUIRE(result.errors.size() == 1);
    CHECK(result.errors[0] == folder / "pc03/MS" +
                                " is not a Windows directory (it has no System32 folder); did you mean the image "
                                "root " +
                                folder / "pc03" + "?");
  }
  SUBCASE("an SP1 image copied without its times: the PE files are current by version, Compver.ini proves nothing")
  {
    copy_file(fixture_path(k_fixture_1380), folder / "pc04/MS/SMS/CORE/BIN/CliCore.exe");
    copy_file(fixture_path(k_fixture_1380), folder / "pc04/MS/SMS/CORE/BIN/Clisvcl.exe");
    write_file(folder / "pc04/MS/SMS/CORE/BIN/Compver.ini", std::string(67, 'x'));
    make_folder(folder / "pc04/System32");
    const MachineResult result = scan_local(manifest, local_target(folder / "pc04")); // all files written just now
    CHECK(result.status == MachineStatus::review);
    const FileFinding* compver = finding_for(result, "Compver.ini");
    REQUIRE(compver != nullptr);
    CHECK(compver->judgement.verdict == FileVerdict::review);
    CHECK(compver->judgement.reason.find("the file times look reset") != std::string::npos);
    CHECK(finding_for(result, "CliCore.exe")->judgement.verdict == FileVerdict::current);
  }
}

TEST_CASE("scan_machine: a refused location makes the machine access-denied unless a proven needs-fix decides it")
{
  if (::geteuid() != 0) {
    MESSAGE("skipped: needs root to drop to another user");
    return;
  }
  const Manifest manifest = default_manifest();
  TemporaryFolder folder;
  if (!have_fixtures()) {
    return;
  }
  // pc01: a current CliCore.exe and an unreadable (pre-SP1) Clisvcl.exe;
  // pc02: the same plus an outdated CCMCore.exe that is readable.
  for (const char* machine : {"pc01", "pc02"}) {
    const std::string bin = folder / (std::string(machine) + "/MS/SMS/CORE/BIN");
    copy_file(fixture_path(k_fixture_1380), bin + "/CliCore.exe");
    copy_file(fixture_path(k_fixture_1239), bin + "/Clisvcl.exe");
    ::chmod((bin + "/Clisvcl.exe").c_str(), 0000);
    make_folder(folder / (std::string(machine) + "/System32"));
  }
  copy_file(fixture_path(k_fixture_1239), folder / "pc02/MS/SMS/CORE/BIN/CCMCore.exe");
  std::filesystem::permissions(folder.path(), std::filesystem::perms::all);
  const Target first = local_target(folder / "pc01");
  const Target second = local_target(folder / "pc02");
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    if (::setgid(65534) != 0 || ::setuid(65534) != 0) {
      ::_exit(77);
    }
    const MachineResult denied = scan_local(manifest, first);
    const MachineResult decided = scan_local(manifest, second);
    const bool ok = denied.status == MachineStatus::access_denied && decided.status == MachineStatus::needs_fix &&
                    denied.errors.size() == 1 &&
                    denied.errors[0] == "ADMIN$\\MS\\SMS\\CORE\\BIN\\Clisvcl.exe: Permission denied";
    ::_exit(ok ? 0 : 1);
  }
  int status = 0;
  REQUIRE(::waitpid(child, &status, 0) == child);
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
}
