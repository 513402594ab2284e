// Tests for verdict/file_verdict.cpp: judge_file on hand-built evidence (the
// PE result filled in by the test) and row_time.
#include "smsscan/verdict/file_verdict.hpp"

#include "smsscan/util/text.hpp"

#include <doctest/doctest.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

using smsscan::evidence::FileEvidence;
using smsscan::evidence::PeOutcome;
using smsscan::evidence::PeResult;
using smsscan::manifest::FileVersion;
using smsscan::manifest::Manifest;
using smsscan::manifest::ManifestFile;
using smsscan::manifest::ManifestTimes;
using smsscan::manifest::Platform;
using smsscan::transport::TimeSource;
using smsscan::util::CivilDate;
using smsscan::verdict::FileVerdict;
using smsscan::verdict::judge_file;
using smsscan::verdict::Judgement;
using smsscan::verdict::row_time;
using smsscan::verdict::VerdictSettings;

namespace {

constexpr std::int64_t k_hour = 3600;
constexpr std::int64_t k_day = 24 * k_hour;
constexpr std::int64_t k_now = 1704067200;         // 2024-01-01T00:00:00Z
constexpr std::int64_t k_clicore_time = 928891080; // 1999-06-08 18:18 PDT = 1999-06-09T01:18:00Z
constexpr std::int64_t k_june_8_noon = 928868400;  // 1999-06-08 12:00 PDT = 1999-06-08T19:00:00Z
constexpr std::uint64_t k_clicore_intel_size = 3118422;
constexpr std::uint64_t k_clicore_alpha_size = 4085128;

ManifestFile row(const std::string& name, std::uint64_t size, CivilDate date, std::optional<int> minutes,
                 Platform platform, const std::string& version_text = "", const std::string& caption = "")
{
  ManifestFile file;
  file.name = name;
  file.size = size;
  file.date = date;
  file.minutes = minutes;
  file.platform = platform;
  file.version_text = version_text;
  if (!version_text.empty()) {
    file.version = smsscan::manifest::parse_file_version(version_text);
    REQUIRE(file.version.has_value());
  }
  file.caption = caption;
  return file;
}

// The client rows of Q231399 that matter here, and a few made-up ones.
Manifest make_manifest(std::optional<std::uint16_t> min_build)
{
  Manifest manifest;
  manifest.kb = "Q231399";
  manifest.fix = "SMS 2.0 Service Pack 1";
  manifest.times = ManifestTimes::local;
  manifest.min_build = min_build;
  manifest.files.push_back(row("CliCore.exe", k_clicore_intel_size, {1999, 6, 8}, 18 * 60 + 18, Platform::intel));
  manifest.files.push_back(row("Clicore.exe", k_clicore_alpha_size, {1999, 6, 8}, 18 * 60 + 18, Platform::alpha));
  manifest.files.push_back(row("Compver.ini", 67, {1999, 6, 8}, 18 * 60 + 12, Platform::any));
  manifest.files.push_back(row("Undated.dll", 500, {1999, 6, 8}, std::nullopt, Platform::any));
  manifest.files.push_back(row("Mstsc.exe", 1000, {1999, 6, 8}, 18 * 60, Platform::intel, "2.0.1380.1000"));
  manifest.files.push_back(row("Readme.txt", 10, {1999, 6, 8}, 18 * 60, Platform::intel));
  manifest.files.push_back(row("Readme.txt", 20, {1999, 6, 8}, 18 * 60, Platform::alpha));
  return manifest;
}

std::vector<const ManifestFile*> rows_named(const Manifest& manifest, const std::string& name)
{
  std::vector<const ManifestFile*> rows;
  for (const ManifestFile& file : manifest.files) {
    if (smsscan::util::iequals(file.name, name)) {
      rows.push_back(&file);
    }
  }
  REQUIRE_FALSE(rows.empty());
  return rows;
}

PeResult pe_ok(std::uint16_t machine, std::optional<Platform> platform, std::uint32_t link_time,
               std::optional<FileVersion> version)
{
  PeResult result;
  result.outcome = PeOutcome::ok;
  result.image.machine = machine;
  result.image.platform = platform;
  result.image.link_time = link_time;
  result.image.file_version = version;
  return result;
}

PeResult intel_pe(std::uint32_t link_time, std::optional<FileVersion> version = std::nullopt)
{
  return pe_ok(0x14c, Platform::intel, link_time, version);
}

PeResult alpha_pe(std::uint32_t link_time, std::optional<FileVersion> version = std::nullopt)
{
  return pe_ok(0x184, Platform::alpha, link_time, version);
}

FileVersion v(const char* text)
{
  const auto parsed = smsscan::manifest::parse_file_version(text);
  REQUIRE(parsed.has_value());
  return *parsed;
}

FileEvidence pe_evidence(const std::string& name, std::uint64_t size, const PeResult& pe,
                         std::optional<std::int64_t> modified = std::nullopt)
{
  FileEvidence evidence;
  evidence.name = name;
  evidence.size = size;
  evidence.modified = modified;
  evidence.time_source = modified ? TimeSource::mtime : TimeSource::none;
  evidence.pe_expected = true;
  evidence.pe = pe;
  return evidence;
}

FileEvidence plain_evidence(const std::string& name, std::uint64_t size, std::int64_t modified)
{
  FileEvidence evidence;
  evidence.name = name;
  evidence.size = size;
  evidence.modified = modified;
  evidence.time_source = TimeSource::mtime;
  return evidence;
}

VerdictSettings settings()
{
  VerdictSettings result;
  result.tolerance_seconds = k_day;
  result.now = k_now;
  return result;
}

Judgement judge(const Manifest& manifest, const std::string& name, const FileEvidence& evidence,
                Platform location_platform = Platform::any)
{
  return judge_file(manifest, rows_named(manifest, name), location_platform, evidence, settings());
}

} // namespace

TEST_CASE("judge_file: the version decides against the manifest's build floor")
{
  const Manifest manifest = make_manifest(1380);
  // Size and date far from the row's: the version alone decides.
  SUBCASE("older build")
  {
    const Judgement j =
      judge(manifest, "CliCore.exe", pe_evidence("CliCore.exe", 5000, intel_pe(k_now - k_day, v("2.0.1239.0"))));
    CHECK(j.verdict == FileVerdict::outdated);
    CHECK(j.version == "2.0.1239.0");
    CHECK(j.reason == "version 2.0.1239.0 is older than build 1380");
    REQUIRE(j.row != nullptr);
    CHECK(j.row->platform == Platform::intel);
  }
  SUBCASE("equal build, whatever the size and date")
  {
    const Judgement j =
      judge(manifest, "CliCore.exe", pe_evidence("CLICORE.EXE", 5000, intel_pe(k_now - k_day, v("2.0.1380.1000"))));
    CHECK(j.verdict == FileVerdict::current);
    CHECK(j.version == "2.0.1380.1000");
    CHECK(j.reason.empty());
  }
  SUBCASE("later build")
  {
    const Judgement j =
      judge(manifest, "CliCore.exe", pe_evidence("CliCore.exe", 5000, intel_pe(k_now - k_day, v("2.0.1493.2000"))));
    CHECK(j.verdict == FileVerdict::newer);
    CHECK(j.reason == "version 2.0.1493.2000 is later than build 1380");
  }
  SUBCASE("only the build part counts")
  {
    const Judgement j =
      judge(manifest, "CliCore.exe", pe_evidence("CliCore.exe", 5000, intel_pe(k_now - k_day, v("3.0.1000.0"))));
    CHECK(j.verdict == FileVerdict::outdated);
  }
  SUBCASE("the version string stands in for a missing fixed file info")
  {
    PeResult pe = intel_pe(k_now - k_day);
    pe.image.version_string = "2.00.1239.0000";
    const Judgement j = judge(manifest, "CliCore.exe", pe_evidence("CliCore.exe", 5000, pe));
    CHECK(j.verdict == FileVerdict::outdated);
    CHECK(j.version == "2.0.1239.0");
  }
}

TEST_CASE("judge_file: a row's own version beats the build floor")
{
  const Manifest manifest = make_manifest(1380);
  const auto judge_version = [&](const char* version) {
    return judge(manifest, "Mstsc.exe", pe_evidence("Mstsc.exe", 1000, intel_pe(k_clicore_time, v(version))));
  };
  // Build 1380 satisfies the floor, but the row asks for revision 1000.
  CHECK(judge_version("2.0.1380.999").verdict == FileVerdict::outdated);
  CHECK(judge_version("2.0.1380.999").reason == "version 2.0.1380.999 is older than 2.0.1380.1000");
  CHECK(judge_version("2.0.1380.1000").verdict == FileVerdict::current);
  CHECK(judge_version("2.0.1380.1001").verdict == FileVerdict::newer);
  CHECK(judge_version("2.0.1380.1001").reason == "version 2.0.1380.1001 is later than 2.0.1380.1000");
}

TEST_CASE("judge_file: without a version, the date decides within the tolerance")
{
  const Manifest manifest = make_manifest(std::nullopt);
  const auto judge_at = [&](std::int64_t link_time, std::uint64_t size) {
    return judge(manifest, "CliCore.exe",
                 pe_evidence("CliCore.exe", size, intel_pe(static_cast<std::uint32_t>(link_time))));
  };
  SUBCASE("the row's date and time are Redmond local time")
  {
    const Judgement j = judge_at(k_clicore_time, k_clicore_intel_size);
    CHECK(j.verdict == FileVerdict::current);
    REQUIRE(j.expected_date.has_value());
    CHECK(*j.expected_date == k_clicore_time);
    CHECK(j.date == k_clicore_time);
    CHECK(j.date_source == "pe-link-time");
    CHECK(j.platform == Platform::intel);
    CHECK(j.version.empty());
  }
  SUBCASE("exactly 24 h before: current with the row's size, review with another")
  {
    CHECK(judge_at(k_clicore_time - k_day, k_clicore_intel_size).verdict == FileVerdict::current);
    const Judgement j = judge_at(k_clicore_time - k_day, 12345);
    CHECK(j.verdict == FileVerdict::review);
    CHECK(j.reason == "dated like the fixed file but 12345 bytes, not 3118422");
  }
  SUBCASE("24 h and 1 s before: outdated")
  {
    const Judgement j = judge_at(k_clicore_time - k_day - 1, k_clicore_intel_size);
    CHECK(j.verdict == FileVerdict::outdated);
    CHECK(j.reason == "dated 24 h before the fixed file, by pe-link-time");
  }
  SUBCASE("weeks before: outdated, in days")
  {
    const Judgement j = judge_at(k_clicore_time - 20 * k_day, k_clicore_intel_size);
    CHECK(j.verdict == FileVerdict::outdated);
    CHECK(j.reason == "dated 20 days before the fixed file, by pe-link-time");
  }
  SUBCASE("exactly 24 h after: current; 24 h and 1 s after: newer")
  {
    CHECK(judge_at(k_clicore_time + k_day, k_clicore_intel_size).verdict == FileVerdict::current);
    CHECK(judge_at(k_clicore_time + k_day + 1, k_clicore_intel_size).verdict == FileVerdict::newer);
  }
  SUBCASE("a wider tolerance from the settings")
  {
    VerdictSettings wide = settings();
    wide.tolerance_seconds = 3 * k_day;
    const FileEvidence evidence = pe_evidence("CliCore.exe", k_clicore_intel_size,
                                              intel_pe(static_cast<std::uint32_t>(k_clicore_time - 2 * k_day)));
    CHECK(judge_file(manifest, rows_named(manifest, "CliCore.exe"), Platform::any, evidence, wide).verdict ==
          FileVerdict::current);
  }
  SUBCASE("no date at all: review")
  {
    const Judgement j = judge(manifest, "CliCore.exe", pe_evidence("CliCore.exe", k_clicore_intel_size, intel_pe(0)));
    CHECK(j.verdict == FileVerdict::review);
    CHECK(j.reason == "no file date to compare");
  }
}

TEST_CASE("judge_file: a row without a time stands for noon with half a day more tolerance")
{
  const Manifest manifest = make_manifest(std::nullopt);
  const auto judge_at = [&](std::int64_t modified) {
    return judge(manifest, "Undated.dll", plain_evidence("Undated.dll", 500, modified));
  };
  CHECK(*judge_at(k_june_8_noon).expected_date == k_june_8_noon);
  CHECK(judge_at(k_june_8_noon - 36 * k_hour).verdict == FileVerdict::current);
  CHECK(judge_at(k_june_8_noon - 36 * k_hour - 1).verdict == FileVerdict::outdated);
  CHECK(judge_at(k_june_8_noon + 36 * k_hour).verdict == FileVerdict::current);
  CHECK(judge_at(k_june_8_noon + 36 * k_hour + 1).verdict == FileVerdict::newer);
}

TEST_CASE("judge_file: the modification time stands in for an implausible link time")
{
  const Manifest manifest = make_manifest(std::nullopt);
  for (const std::uint32_t link_time :
       {0u, 631151999u /* 1989-12-31 */, 4102444800u /* 2100-01-01 */, static_cast<std::uint32_t>(k_now + k_day + 1)}) {
    CAPTURE(link_time);
    const Judgement j =
      judge(manifest, "CliCore.exe",
            pe_evidence("CliCore.exe", k_clicore_intel_size, intel_pe(link_time), k_clicore_time - k_hour));
    CHECK(j.date_source == "mtime");
    CHECK(j.date == k_clicore_time - k_hour);
    CHECK(j.verdict == FileVerdict::current);
  }
  SUBCASE("a plausible link time wins over the modification time")
  {
    const Judgement j = judge(manifest, "CliCore.exe",
                              pe_evidence("CliCore.exe", k_clicore_intel_size, intel_pe(631152000u), k_clicore_time));
    CHECK(j.date_source == "pe-link-time");
    CHECK(j.date == 631152000);
    CHECK(j.verdict == FileVerdict::outdated);
  }
  SUBCASE("the SMB change time is named as such")
  {
    FileEvidence evidence = pe_evidence("CliCore.exe", k_clicore_intel_size, intel_pe(0), k_clicore_time);
    evidence.time_source = TimeSource::smb_change_time;
    const Judgement j = judge(manifest, "CliCore.exe", evidence);
    CHECK(j.date_source == "smb-change-time");
  }
}

TEST_CASE("judge_file: unreadable files are corrupt, unknown machines need review")
{
  const Manifest manifest = make_manifest(1380);
  SUBCASE("not a PE image")
  {
    PeResult pe;
    pe.outcome = PeOutcome::corrupt;
    pe.reason = "no PE signature";
    const Judgement j = judge(manifest, "CliCore.exe", pe_evidence("CliCore.exe", 100, pe, k_clicore_time));
    CHECK(j.verdict == FileVerdict::corrupt);
    CHECK(j.reason == "not a readable PE image: no PE signature");
  }
  SUBCASE("a read error")
  {
    FileEvidence evidence = pe_evidence("CliCore.exe", 100, intel_pe(k_clicore_time, v("2.0.1380.0")));
    evidence.read_error = "Input/output error";
    const Judgement j = judge(manifest, "CliCore.exe", evidence);
    CHECK(j.verdict == FileVerdict::corrupt);
    CHECK(j.reason == "cannot be read: Input/output error");
  }
  SUBCASE("a machine of none of the four NT platforms")
  {
    const Judgement j =
      judge(manifest, "CliCore.exe",
            pe_evidence("CliCore.exe", 100, pe_ok(0x8664, std::nullopt, k_clicore_time, v("2.0.1380.0"))));
    CHECK(j.verdict == FileVerdict::review);
    CHECK(j.reason == "machine 0x8664 is not Intel, Alpha, MIPS or PowerPC");
    CHECK_FALSE(j.platform.has_value());
  }
  SUBCASE("a version resource that is there but damaged makes the file review, even with the right size and date")
  {
    PeResult pe = intel_pe(k_clicore_time);
    pe.image.version_problem = "VS_FIXEDFILEINFO signature is wrong";
    const Judgement j =
      judge(make_manifest(std::nullopt), "CliCore.exe", pe_evidence("CliCore.exe", k_clicore_intel_size, pe));
    CHECK(j.verdict == FileVerdict::review);
    CHECK(j.reason == "the version resource is there but unreadable (VS_FIXEDFILEINFO signature is wrong); the "
                      "file's build cannot be told");
  }
}

TEST_CASE("judge_file: the PE header's platform picks the row (sizes differ per platform)")
{
  const Manifest manifest = make_manifest(std::nullopt);
  SUBCASE("an Alpha image with the Alpha size is current against the Alpha row")
  {
    const Judgement j =
      judge(manifest, "CliCore.exe", pe_evidence("Clicore.exe", k_clicore_alpha_size, alpha_pe(k_clicore_time)));
    CHECK(j.verdict == FileVerdict::current);
    REQUIRE(j.row != nullptr);
    CHECK(j.row->platform == Platform::alpha);
    CHECK(j.row->size == k_clicore_alpha_size);
    CHECK(j.platform == Platform::alpha);
  }
  SUBCASE("an Alpha image with the Intel size needs review")
  {
    const Judgement j =
      judge(manifest, "CliCore.exe", pe_evidence("Clicore.exe", k_clicore_intel_size, alpha_pe(k_clicore_time)));
    CHECK(j.verdict == FileVerdict::review);
    REQUIRE(j.row != nullptr);
    CHECK(j.row->platform == Platform::alpha);
  }
  SUBCASE("an image whose platform contradicts its folder's is review, however current it looks")
  {
    const Judgement j =
      judge(manifest, "CliCore.exe", pe_evidence("CliCore.exe", k_clicore_intel_size, intel_pe(k_clicore_time)),
            Platform::alpha);
    CHECK(j.verdict == FileVerdict::review);
    CHECK(j.reason == "an Intel image in a folder of Alpha files");
    CHECK(j.platform == Platform::intel);
  }
  SUBCASE("no row for the platform")
  {
    const Judgement j = judge(manifest, "Mstsc.exe", pe_evidence("Mstsc.exe", 1000, alpha_pe(k_clicore_time)));
    CHECK(j.verdict == FileVerdict::review);
    CHECK(j.reason == "the manifest has no Alpha row for this file");
  }
}

TEST_CASE("judge_file: the folder's platform picks the row of a file that is not PE")
{
  const Manifest manifest = make_manifest(std::nullopt);
  const std::int64_t readme_time = k_clicore_time - 18 * 60; // 18:00 PDT
  const FileEvidence alpha_sized = plain_evidence("README.TXT", 20, readme_time);
  SUBCASE("Alpha folder")
  {
    const Judgement j = judge(manifest, "Readme.txt", alpha_sized, Platform::alpha);
    CHECK(j.verdict == FileVerdict::current);
    CHECK(j.row->platform == Platform::alpha);
    CHECK_FALSE(j.platform.has_value());
    CHECK(j.date_source == "mtime");
  }
  SUBCASE("Intel folder")
  {
    const Judgement j = judge(manifest, "Readme.txt", alpha_sized, Platform::intel);
    CHECK(j.verdict == FileVerdict::review);
    CHECK(j.row->platform == Platform::intel);
  }
  SUBCASE("a shared folder tries every row and keeps the most favourable")
  {
    const Judgement j = judge(manifest, "Readme.txt", alpha_sized, Platform::any);
    CHECK(j.verdict == FileVerdict::current);
    CHECK(j.row->platform == Platform::alpha);
  }
}

TEST_CASE("judge_file: of several candidate rows (captions) the most favourable wins")
{
  Manifest manifest = make_manifest(std::nullopt);
  manifest.files.clear();
  manifest.files.push_back(
    row("Lang.dll", 100, {1999, 6, 8}, 18 * 60, Platform::any, "", "The English version of this fix"));
  manifest.files.push_back(
    row("Lang.dll", 200, {1999, 5, 1}, 18 * 60, Platform::any, "", "The German version of this fix"));
  manifest.files.push_back(
    row("Lang.dll", 300, {1999, 5, 1}, 18 * 60, Platform::any, "", "The French version of this fix"));
  const std::int64_t may_1 = 925606800;  // 1999-05-01 18:00 PDT
  const std::int64_t june_8 = 928890000; // 1999-06-08 18:00 PDT

  SUBCASE("the German file: outdated against English, review against French, current against German")
  {
    const Judgement j = judge(manifest, "Lang.dll", plain_evidence("Lang.dll", 200, may_1));
    CHECK(j.verdict == FileVerdict::current);
    REQUIRE(j.row != nullptr);
    CHECK(j.row->caption == "The German version of this fix");
  }
  SUBCASE("review beats outdated")
  {
    const Judgement j = judge(manifest, "Lang.dll", plain_evidence("Lang.dll", 999, may_1));
    CHECK(j.verdict == FileVerdict::review);
    CHECK(j.row->caption != "The English version of this fix");
  }
  SUBCASE("the English file")
  {
    const Judgement j = judge(manifest, "Lang.dll", plain_evidence("Lang.dll", 100, june_8));
    CHECK(j.verdict == FileVerdict::current);
    CHECK(j.row->caption == "The English version of this fix");
  }
  SUBCASE("older than every row: outdated")
  {
    const Judgement j = judge(manifest, "Lang.dll", plain_evidence("Lang.dll", 200, may_1 - 10 * k_day));
    CHECK(j.verdict == FileVerdict::outdated);
  }
}

TEST_CASE("row_time: local rows are Pacific time, UTC rows are UTC, no time is noon")
{
  Manifest manifest = make_manifest(std::nullopt);
  const ManifestFile& clicore = manifest.files[0];
  const ManifestFile& undated = manifest.files[3];
  CHECK(row_time(manifest, clicore) == k_clicore_time);
  CHECK(row_time(manifest, undated) == k_june_8_noon);
  manifest.times = ManifestTimes::utc;
  CHECK(row_time(manifest, clicore) == k_clicore_time - 7 * k_hour);
  CHECK(row_time(manifest, undated) == k_june_8_noon - 7 * k_hour);
}

TEST_CASE("judge_file: a file time that cannot be true proves nothing")
{
  Manifest manifest = make_manifest(std::nullopt);
  const std::int64_t copied_today = k_now - 3600;
  SUBCASE("a file time later than any file of the fix can be dated (ten years after the latest row)")
  {
    const Judgement j = judge(manifest, "Compver.ini", plain_evidence("Compver.ini", 67, copied_today));
    CHECK(j.verdict == FileVerdict::review);
    CHECK(j.reason == "the file time 2023-12-31 is later than any file of this fix can be dated (2009-06-08); "
                      "the file times look reset (as by a copy that did not keep them), so the file time proves "
                      "nothing");
    // A pre-SP1 Compver.ini (other size) copied the same way is not "newer" either.
    CHECK(judge(manifest, "Compver.ini", plain_evidence("Compver.ini", 65, copied_today)).verdict ==
          FileVerdict::review);
  }
  SUBCASE("the manifest's plausible-until")
  {
    manifest.plausible_until = CivilDate{2001, 12, 31};
    const std::int64_t in_2002 = 1012608000; // 2002-02-02
    const Judgement j = judge(manifest, "Compver.ini", plain_evidence("Compver.ini", 67, in_2002));
    CHECK(j.verdict == FileVerdict::review);
    CHECK(j.reason.find("(2001-12-31)") != std::string::npos);
    const std::int64_t in_2000 = 946684800 + 10 * k_day;
    CHECK(judge(manifest, "Compver.ini", plain_evidence("Compver.ini", 67, in_2000)).verdict == FileVerdict::newer);
  }
  SUBCASE("a file time in the future")
  {
    manifest.plausible_until = CivilDate{2099, 1, 1};
    const Judgement j = judge(manifest, "Compver.ini", plain_evidence("Compver.ini", 67, k_now + 3 * k_day));
    CHECK(j.verdict == FileVerdict::review);
    CHECK(j.reason.rfind("the file time 2024-01-04 is in the future", 0) == 0);
  }
  SUBCASE("the machine's file times all look reset")
  {
    VerdictSettings reset = settings();
    reset.file_times_reset = true;
    const Judgement j = judge_file(manifest, rows_named(manifest, "Compver.ini"), Platform::any,
                                   plain_evidence("Compver.ini", 67, k_clicore_time - 6 * 60), reset);
    CHECK(j.verdict == FileVerdict::review);
    CHECK(j.reason.rfind("the machine's files all carry nearly the same time", 0) == 0);
  }
  SUBCASE("a link time is evidence of its own: the file time does not matter then")
  {
    const Judgement j = judge(manifest, "CliCore.exe",
                              pe_evidence("CliCore.exe", k_clicore_intel_size, intel_pe(k_clicore_time), copied_today));
    CHECK(j.verdict == FileVerdict::current);
    CHECK(j.date_source == "pe-link-time");
  }
}

TEST_CASE("judge_file: variant rows are chosen by version line; another line is review")
{
  Manifest manifest = make_manifest(std::nullopt);
  manifest.files.clear();
  ManifestFile iis5 = row("W3svc.dll", 353552, {2001, 8, 6}, 17 * 60 + 10, Platform::any, "5.0.2195.4051");
  iis5.variant = "Internet Information Services 5.0";
  ManifestFile iis4 = row("W3svc.dll", 229536, {2001, 8, 10}, 12 * 60 + 46, Platform::any, "4.2.769.1");
  iis4.variant = "Internet Information Server 4.0";
  manifest.files = {iis5, iis4};
  const std::uint32_t link_1999 = 930000000;
  // IIS 4.0's W3svc.dll at 4.2.739.1 is outdated against the IIS 4.0 row,
  // although it is "later" than nothing of the IIS 5.0 row's line.
  const Judgement four =
    judge(manifest, "W3svc.dll", pe_evidence("W3SVC.DLL", 229000, intel_pe(link_1999, v("4.2.739.1"))));
  CHECK(four.verdict == FileVerdict::outdated);
  REQUIRE(four.row != nullptr);
  CHECK(four.row->variant == "Internet Information Server 4.0");
  const Judgement five =
    judge(manifest, "W3svc.dll", pe_evidence("W3SVC.DLL", 353552, intel_pe(link_1999, v("5.0.2195.4051"))));
  CHECK(five.verdict == FileVerdict::current);
  CHECK(five.row->variant == "Internet Information Services 5.0");
  const Judgement six = judge(manifest, "W3svc.dll", pe_evidence("W3SVC.DLL", 1, intel_pe(link_1999, v("6.0.2600.0"))));
  CHECK(six.verdict == FileVerdict::review);
  CHECK(six.reason == "version 6.0.x matches no row of this article (its rows are 5.0.x, 4.2.x)");
}

TEST_CASE("judge_file: a build floor with a version line makes another product's file review")
{
  Manifest manifest = make_manifest(1380);
  manifest.min_build_line = smsscan::manifest::VersionLine{2, 0};
  const Judgement other =
    judge(manifest, "CliCore.exe", pe_evidence("CLICORE.EXE", 1, intel_pe(930000000, v("5.0.2195.1"))));
  CHECK(other.verdict == FileVerdict::review);
  CHECK(other.reason == "version 5.0.x matches no row of this article (its build floor is for 2.0.x)");
  const Judgement old =
    judge(manifest, "CliCore.exe", pe_evidence("CLICORE.EXE", 1, intel_pe(930000000, v("2.0.1239.0"))));
  CHECK(old.verdict == FileVerdict::outdated);
}

TEST_CASE("judge_file: rows without a date, without a size, or with an approximate size")
{
  Manifest manifest = make_manifest(std::nullopt);
  manifest.files.clear();
  ManifestFile versioned;
  versioned.name = "Store.exe";
  versioned.version_text = "5.5.2655.37";
  versioned.version = v("5.5.2655.37");
  ManifestFile sizeless = row("Readme.txt", 0, {1999, 6, 8}, 18 * 60, Platform::any);
  sizeless.size.reset();
  ManifestFile approximate = row("Msvbvm60.dll", 1362545, {2002, 6, 21}, 16 * 60 + 43, Platform::any);
  approximate.size_tolerance = 42546; // "1.33 MB"
  manifest.files = {versioned, sizeless, approximate};

  // The version decides; without a version on the file there is nothing to judge by.
  CHECK(judge(manifest, "Store.exe", pe_evidence("STORE.EXE", 1, intel_pe(930000000, v("5.5.2655.37")))).verdict ==
        FileVerdict::current);
  const Judgement no_version = judge(manifest, "Store.exe", pe_evidence("STORE.EXE", 1, intel_pe(930000000)));
  CHECK(no_version.verdict == FileVerdict::review);
  CHECK(no_version.reason == "the article gives this file a version but no date, and the file has no version");
  CHECK_FALSE(no_version.expected_date.has_value());

  // Dated like the row, no size to compare: current.
  const std::int64_t june_8 = *row_time(manifest, sizeless);
  CHECK(judge(manifest, "Readme.txt", plain_evidence("README.TXT", 12345, june_8)).verdict == FileVerdict::current);

  // Within the tolerance of an approximate size: current; outside: review, "about".
  const std::int64_t june_21 = *row_time(manifest, approximate);
  CHECK(judge(manifest, "Msvbvm60.dll", plain_evidence("MSVBVM60.DLL", 1388544, june_21)).verdict ==
        FileVerdict::current);
  const Judgement off = judge(manifest, "Msvbvm60.dll", plain_evidence("MSVBVM60.DLL", 1500000, june_21));
  CHECK(off.verdict == FileVerdict::review);
  CHECK(off.reason == "dated like the fixed file but 1500000 bytes, not about 1362545");
}
