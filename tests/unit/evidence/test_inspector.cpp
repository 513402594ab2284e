// The evidence inspector that runs where a file is (in libsmbclient's
// workers): its encoding carries every piece of evidence back unchanged, a
// garbled one is refused, and quick mode reads only PE images.
#include "smsscan/evidence/inspector.hpp"
#include "smsscan/target/target.hpp"
#include "smsscan/transport/local/local_transport.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <string>

using namespace smsscan;
using evidence::FileEvidence;

namespace {

void check_same(const FileEvidence& a, const FileEvidence& b)
{
  CHECK(a.name == b.name);
  CHECK(a.size == b.size);
  CHECK(a.modified == b.modified);
  CHECK(a.time_source == b.time_source);
  CHECK(a.pe_expected == b.pe_expected);
  REQUIRE(a.pe.has_value() == b.pe.has_value());
  if (a.pe) {
    CHECK(a.pe->outcome == b.pe->outcome);
    CHECK(a.pe->image.machine == b.pe->image.machine);
    CHECK(a.pe->image.platform == b.pe->image.platform);
    CHECK(a.pe->image.link_time == b.pe->image.link_time);
    CHECK(a.pe->image.pe32_plus == b.pe->image.pe32_plus);
    CHECK(a.pe->image.file_version == b.pe->image.file_version);
    CHECK(a.pe->image.version_string == b.pe->image.version_string);
    CHECK(a.pe->image.version_problem == b.pe->image.version_problem);
    CHECK(a.pe->reason == b.pe->reason);
    CHECK(a.pe->need_until == b.pe->need_until);
    CHECK(a.pe->bytes_requested == b.pe->bytes_requested);
  }
  CHECK(a.read_error == b.read_error);
  CHECK(a.sha256 == b.sha256);
  CHECK(a.bytes_read == b.bytes_read);
}

FileEvidence sample()
{
  FileEvidence evidence;
  evidence.name = "CliCore.exe";
  evidence.size = 3118422;
  evidence.modified = 928890000;
  evidence.time_source = transport::TimeSource::mtime;
  evidence.pe_expected = true;
  evidence::PeResult pe;
  pe.outcome = evidence::PeOutcome::ok;
  pe.image.machine = 0x184;
  pe.image.platform = manifest::Platform::alpha;
  pe.image.link_time = 928889000;
  pe.image.file_version = manifest::FileVersion::from_ms_ls(0x00020000, 0x05640000);
  pe.image.version_string = "2.0.1380.0";
  pe.bytes_requested = 1234;
  evidence.pe = pe;
  evidence.sha256 = std::string(64, 'a');
  evidence.bytes_read = 8192;
  return evidence;
}

} // namespace

TEST_CASE("inspector: evidence survives its encoding, with and without the optional parts")
{
  const FileEvidence full = sample();
  auto decoded = evidence::decode_evidence(evidence::encode_evidence(full));
  REQUIRE(decoded.has_value());
  check_same(*decoded, full);

  FileEvidence bare;
  bare.name = "Compver.ini";
  bare.size = 67;
  bare.read_error = "read failed at offset 0";
  auto decoded_bare = evidence::decode_evidence(evidence::encode_evidence(bare));
  REQUIRE(decoded_bare.has_value());
  check_same(*decoded_bare, bare);
  CHECK_FALSE(decoded_bare->modified.has_value());
  CHECK_FALSE(decoded_bare->pe.has_value());
}

TEST_CASE("inspector: every platform, time source and PE outcome crosses the socket pair")
{
  for (const manifest::Platform platform :
       {manifest::Platform::any, manifest::Platform::intel, manifest::Platform::alpha, manifest::Platform::mips,
        manifest::Platform::powerpc}) {
    CAPTURE(manifest::platform_name(platform));
    FileEvidence evidence = sample();
    evidence.pe->image.platform = platform;
    auto decoded = evidence::decode_evidence(evidence::encode_evidence(evidence));
    REQUIRE(decoded.has_value());
    check_same(*decoded, evidence);
  }
  for (const transport::TimeSource source :
       {transport::TimeSource::none, transport::TimeSource::mtime, transport::TimeSource::smb_change_time}) {
    FileEvidence evidence = sample();
    evidence.time_source = source;
    auto decoded = evidence::decode_evidence(evidence::encode_evidence(evidence));
    REQUIRE(decoded.has_value());
    CHECK(decoded->time_source == source);
  }
  for (const evidence::PeOutcome outcome :
       {evidence::PeOutcome::ok, evidence::PeOutcome::corrupt, evidence::PeOutcome::need_more}) {
    FileEvidence evidence = sample();
    evidence.pe->outcome = outcome;
    auto decoded = evidence::decode_evidence(evidence::encode_evidence(evidence));
    REQUIRE(decoded.has_value());
    CHECK(decoded->pe->outcome == outcome);
  }
}

TEST_CASE("inspector: a short or garbled encoding is refused")
{
  const std::string bytes = evidence::encode_evidence(sample());
  for (std::size_t size = 0; size < bytes.size(); ++size) {
    CAPTURE(size);
    CHECK_FALSE(evidence::decode_evidence(std::string_view(bytes).substr(0, size)).has_value());
  }
  CHECK_FALSE(evidence::decode_evidence(bytes + "x").has_value());
  std::string bad_source = evidence::encode_evidence(FileEvidence{});
  bad_source[4 + 8 + 1 + 8] = 9; // the time source byte
  CHECK_FALSE(evidence::decode_evidence(bad_source).has_value());
}

TEST_CASE("inspector: quick mode reads PE images only; deep reads everything")
{
  const auto quick = evidence::make_evidence_inspector(false);
  CHECK(quick->reads_content("CliCore.exe"));
  CHECK(quick->reads_content("mslmclin.DLL"));
  CHECK_FALSE(quick->reads_content("Compver.ini"));
  CHECK(evidence::make_evidence_inspector(true)->reads_content("Compver.ini"));
}

TEST_CASE("inspector: run on a real PE file it gives what gather_evidence gives")
{
  if (!test::fixtures_present({"pe-template-2.0.1380.1000.dll"})) {
    return;
  }
  test::TemporaryFolder folder;
  test::copy_file(test::fixture_path("pe-template-2.0.1380.1000.dll"), folder / "bin/Mslmclin.dll");
  test::make_folder(folder / "System32"); // a Windows directory
  target::Target image;
  image.kind = target::Target::Kind::local;
  image.admin_dir = folder.path();
  image.text = folder.path();
  auto transport = transport::make_local_transport();
  transport::SessionSettings settings;
  settings.deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  auto session = transport->start(image, settings);
  for (const bool deep : {false, true}) {
    auto first = session->open("ADMIN$", "bin", "mslmclin.dll");
    auto second = session->open("ADMIN$", "bin", "mslmclin.dll");
    REQUIRE(first.status == transport::OpenStatus::ok);
    REQUIRE(second.status == transport::OpenStatus::ok);
    const FileEvidence direct = evidence::gather_evidence(*first.file, deep);
    auto inspected = evidence::decode_evidence(evidence::make_evidence_inspector(deep)->inspect(*second.file));
    REQUIRE(inspected.has_value());
    check_same(*inspected, direct);
    REQUIRE(inspected->pe.has_value());
    CHECK(inspected->pe->image.file_version->to_string() == "2.0.1380.1000");
    CHECK(inspected->sha256.empty() != deep);
  }
}
