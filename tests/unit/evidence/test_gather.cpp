// Tests for evidence/gather.cpp: name_expects_pe and gather_evidence over
// real files through the local transport (the mingw-built fixture DLL where
// a real PE image is needed).
#include "smsscan/evidence/gather.hpp"

#include "smsscan/target/target.hpp"
#include "smsscan/transport/local/local_transport.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

#include <memory>
#include <string>

#ifndef SMSSCAN_HAVE_MINGW
#define SMSSCAN_HAVE_MINGW 0
#endif

using smsscan::evidence::FileEvidence;
using smsscan::evidence::gather_evidence;
using smsscan::evidence::PeOutcome;
using smsscan::test::TemporaryFolder;
using smsscan::test::write_file;

namespace {

// Opens folder/name as the local transport would for a machine image at folder.
FileEvidence evidence_of(const TemporaryFolder& folder, const std::string& name, bool deep)
{
  smsscan::test::make_folder(folder / "System32"); // a Windows directory
  const auto target = smsscan::target::parse_target(folder.path());
  REQUIRE(target.has_value());
  const auto transport = smsscan::transport::make_local_transport();
  const auto session = transport->start(*target, {});
  auto opened = session->open("ADMIN$", "", name);
  REQUIRE_MESSAGE(opened.status == smsscan::transport::OpenStatus::ok, opened.detail);
  return gather_evidence(*opened.file, deep);
}

} // namespace

TEST_CASE("name_expects_pe: by extension, any case")
{
  for (const std::string pe : {"CliCore.exe", "MSLMCLIN.DLL", "ntfs.sys", "x.ocx", "desk.cpl", "a.b.Dll"}) {
    CAPTURE(pe);
    CHECK(smsscan::evidence::name_expects_pe(pe));
  }
  for (const std::string other : {"Compver.ini", "README", "exe", "notes.txt", "archive.dll.bak", ""}) {
    CAPTURE(other);
    CHECK_FALSE(smsscan::evidence::name_expects_pe(other));
  }
}

TEST_CASE("gather_evidence: size, time and, with --deep, SHA-256 of a file that is not PE")
{
  TemporaryFolder folder;
  write_file(folder / "Compver.ini", "abc");
  const FileEvidence quick = evidence_of(folder, "compver.INI", false);
  CHECK(quick.name == "Compver.ini");
  CHECK(quick.size == 3);
  CHECK(quick.modified.has_value());
  CHECK(quick.time_source == smsscan::transport::TimeSource::mtime);
  CHECK_FALSE(quick.pe_expected);
  CHECK_FALSE(quick.pe.has_value());
  CHECK(quick.sha256.empty());
  CHECK(quick.bytes_read == 0);
  const FileEvidence deep = evidence_of(folder, "Compver.ini", true);
  CHECK(deep.sha256 == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(deep.bytes_read == 3);
}

TEST_CASE("gather_evidence: a PE image's headers and version, read in a few KiB")
{
  const std::string fixture = smsscan::test::fixture_path("pe-template-2.0.1380.1000.dll");
  if (!smsscan::test::fixtures_present({"pe-template-2.0.1380.1000.dll"})) {
    CHECK_FALSE(SMSSCAN_HAVE_MINGW);
    return;
  }
  TemporaryFolder folder;
  smsscan::test::copy_file(fixture, folder / "CliCore.exe");
  const FileEvidence evidence = evidence_of(folder, "CliCore.exe", false);
  CHECK(evidence.pe_expected);
  REQUIRE(evidence.pe.has_value());
  CHECK(evidence.pe->outcome == PeOutcome::ok);
  REQUIRE(evidence.pe->image.file_version.has_value());
  CHECK(evidence.pe->image.file_version->to_string() == "2.0.1380.1000");
  CHECK(evidence.read_error.empty());
  CHECK(evidence.bytes_read > 0);
  CHECK(evidence.bytes_read <= 64 * 1024);
}

TEST_CASE("gather_evidence: junk named like a PE image is inspected and found corrupt")
{
  TemporaryFolder folder;
  write_file(folder / "Clisvcl.exe", "MZ" + std::string(100, 'x'));
  const FileEvidence evidence = evidence_of(folder, "Clisvcl.exe", false);
  REQUIRE(evidence.pe.has_value());
  CHECK(evidence.pe->outcome == PeOutcome::corrupt);
  CHECK_FALSE(evidence.pe->reason.empty());
}
