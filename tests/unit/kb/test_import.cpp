// Tests for src/smsscan/kb/import.cpp: import_kb_article on the sample articles (golden values from the shipped
// manifest and tests/kb), the refusals, and odd or mutated inputs.
#include "smsscan/kb/import.hpp"

#include "kb_support.hpp"

#include <doctest/doctest.h>

#include <cstdint>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

using namespace smsscan::kb;
using namespace smsscan::kb::test;
using smsscan::manifest::Manifest;
using smsscan::manifest::ManifestFile;
using smsscan::manifest::ManifestTimes;
using smsscan::manifest::parse_manifest;
using smsscan::manifest::Platform;
using smsscan::util::Error;
using smsscan::util::format_iso_date;

TEST_CASE("Q231399 imports exactly the file rows of the shipped manifest" * doctest::skip(!kb_samples_available()))
{
  const auto result = import_sample("Q231399.txt");
  REQUIRE_MESSAGE(result.has_value(), result.error().to_string());
  const Manifest& imported = result->manifest;
  CHECK(imported.kb == "Q231399");
  CHECK(imported.title == "SMS:SMSCliToknAcct& and/or SMSCliSvcAcct Accounts Locked Out");
  CHECK(imported.product == "Microsoft Systems Management Server 2.0");
  CHECK(imported.fix == "SMS 2.0 Service Pack 1");
  CHECK(imported.times == ManifestTimes::local);
  CHECK_FALSE(imported.min_build.has_value());
  REQUIRE(imported.files.size() == 15);

  const auto shipped = parse_manifest(read_source("manifests/Q231399.xml"), "manifests/Q231399.xml");
  REQUIRE_MESSAGE(shipped.has_value(), shipped.error().to_string());
  REQUIRE(shipped->files.size() == imported.files.size());
  for (std::size_t i = 0; i < imported.files.size(); ++i) {
    const ManifestFile& got = imported.files[i];
    const ManifestFile& want = shipped->files[i];
    CAPTURE(i);
    CAPTURE(got.name);
    CHECK(got.name == want.name);
    CHECK(got.size == want.size);
    REQUIRE(got.date.has_value());
    REQUIRE(want.date.has_value());
    CHECK(format_iso_date(*got.date) == format_iso_date(*want.date));
    CHECK(got.variant == want.variant);
    CHECK(got.size_tolerance == want.size_tolerance);
    CHECK(got.minutes == want.minutes);
    CHECK(got.platform == want.platform);
    CHECK(got.version == want.version);
    CHECK(got.version_text == want.version_text);
  }
  // Systems Management Server: the default manifest's locations.
  REQUIRE(imported.locations.size() == shipped->locations.size());
  for (std::size_t i = 0; i < imported.locations.size(); ++i) {
    CHECK(imported.locations[i].role == shipped->locations[i].role);
    CHECK(imported.locations[i].share == shipped->locations[i].share);
    CHECK(imported.locations[i].path == shipped->locations[i].path);
    CHECK(imported.locations[i].platform == shipped->locations[i].platform);
  }
  // Hand-written spot checks, independent of the shipped manifest.
  CHECK(row(imported.files[0]) == "Compver.ini|67|1999-06-08|18:12||");
  CHECK(row(imported.files[4]) == "NdsCliN.dll|264544|1999-06-08|11:52|Intel|");
  CHECK(row(imported.files[14]) == "Clisvcl.exe|101648|1999-05-19|13:03|Alpha|");
  CHECK(imported.files[0].caption ==
        "The English version of this fix should have the following file attributes or later:");
  CHECK(imported.files[0].line == 85);
  check_round_trip(imported);
}

TEST_CASE("Q231942: archive header, Version column, one row" * doctest::skip(!kb_samples_available()))
{
  const auto result = import_sample("Q231942.txt");
  REQUIRE_MESSAGE(result.has_value(), result.error().to_string());
  const Manifest& m = result->manifest;
  CHECK(m.kb == "Q231942");
  CHECK(m.product == "Microsoft Windows 95.x Retail Product");
  CHECK(m.fix == "KB Q231942");
  // No title field in the archive style: the first sentence of SYMPTOMS.
  CHECK(m.title == "You cannot undock a notebook computer when an LS-120 IDE Floptical drive is installed in "
                   "the docking station.");
  CHECK(m.times == ManifestTimes::local);
  CHECK(m.locations.empty());
  REQUIRE(m.files.size() == 1);
  CHECK(row(m.files[0]) == "Ios.vxd|68962|1999-04-12|21:18||4.00.1114");
  REQUIRE(m.files[0].version.has_value());
  CHECK(m.files[0].version->to_string() == "4.0.1114.0");
  CHECK(m.files[0].line == 53);
  check_round_trip(m);
}

TEST_CASE("Q247306: Platform before Version, blank line inside the table, exact repeats dropped" *
          doctest::skip(!kb_samples_available()))
{
  const auto result = import_sample("Q247306.txt");
  REQUIRE_MESSAGE(result.has_value(), result.error().to_string());
  const Manifest& m = result->manifest;
  CHECK(m.kb == "Q247306");
  CHECK(m.product == "Microsoft Systems Management Server");
  CHECK(m.fix == "KB Q247306");
  CHECK_FALSE(m.locations.empty());
  // 75 rows in two blocks (41 Intel, 34 Alpha); seven Compver*.ini rows of
  // the Alpha block repeat Intel rows exactly ("INTEL") and are dropped.
  CHECK(m.files.size() == 68);
  int repeats = 0;
  for (const std::string& warning : result->warnings) {
    repeats += warning.find("repeats line") != std::string::npos ? 1 : 0;
  }
  CHECK(repeats == 7);

  // Every row against tests/kb/Q247306.expected.tsv (extracted from the
  // article with awk, independently of the importer).
  std::istringstream golden(read_source("tests/kb/Q247306.expected.tsv"));
  std::string line;
  std::size_t index = 0;
  while (std::getline(golden, line)) {
    std::string expected;
    for (const char c : line) {
      expected.push_back(c == '\t' ? '|' : c);
    }
    REQUIRE(index < m.files.size());
    CHECK(row(m.files[index]) == expected);
    ++index;
  }
  CHECK(index == m.files.size());

  CHECK(row(m.files[0]) == "54831.sql|5677|1999-12-30|21:34|Intel|");
  CHECK(row(m.files[41]) == "54831.sql|5677|1999-12-30|21:34|Alpha|");
  CHECK(row(m.files.back()) == "Wbemsdk.exe|7100159|1999-10-27|20:52|Alpha|2.0.91.3");
  for (const ManifestFile& file : m.files) {
    CHECK(file.caption == "The ICP1 version of this software update for SP1 should have the following file "
                          "attributes or later:");
  }
  check_round_trip(m);
}

TEST_CASE("error: no table")
{
  const Error error = import_error(article("SYMPTOMS\n========\n\nNothing to see.\n"), "Q1.txt");
  CHECK(error.line == 0);
  CHECK(error.message.find("no file table found") == 0);
  CHECK(error.to_string().find("Q1.txt: no file table found") == 0);
}

TEST_CASE("error: a row that does not parse gives its line and text, and counts the others")
{
  const Error error = import_error(article("   Date      Time    Size     File name\n"
                                           "   -------------------------------------\n"
                                           "   06/08/99  06:12p  67       A.dll\n"
                                           "   06/08/99  06:12p  abc      B.dll\n"
                                           "   06/08/99  06:12p  67       C.dll extra\n"),
                                   "Q1.txt");
  CHECK(error.line == 9);
  CHECK(error.to_string() == "Q1.txt:9: row does not parse: '06/08/99  06:12p  abc      B.dll' (and 1 more problem)");
}

TEST_CASE("error: tables a manifest cannot hold")
{
  SUBCASE("only File name and Size: neither a date nor a version to judge by")
  {
    const Error error = import_error(article("   File name     Size\n"
                                             "   ------------------\n"
                                             "   Store.exe     1,024\n"));
    CHECK(error.line == 6);
    CHECK(error.message.find("neither a Date nor a Version column") != std::string::npos);
  }
  SUBCASE("a header without rows")
  {
    const Error error = import_error(article("   Date      Time    Size     File name\n"
                                             "   -------------------------------------\n"
                                             "\n"
                                             "This is prose after an empty table.\n"));
    CHECK(error.line == 6);
  }
  SUBCASE("only rows a manifest cannot use")
  {
    const Error error = import_error(article("   Date      Time    Size     File name   Platform\n"
                                             "   -----------------------------------------------\n"
                                             "   06/08/99  06:12p  67       A.dll       IA-64\n"));
    CHECK(error.line == 8);
    CHECK(error.message == "no file row a manifest can hold: skipped '06/08/99  06:12p  67       A.dll       "
                           "IA-64': a file for 64-bit processors");
  }
}

TEST_CASE("rows without a date or a size; a Version and File name table (Exchange 5.5 style)")
{
  const Manifest boxed = import_ok(article("+-------------------------+\n"
                                           "| File name | Version     |\n"
                                           "+-------------------------+\n"
                                           "| Store.exe | 5.5.2655.37 |\n"
                                           "+-------------------------+\n"));
  REQUIRE(boxed.files.size() == 1);
  CHECK(row(boxed.files[0]) == "Store.exe|-|-|-||5.5.2655.37");
  check_round_trip(boxed);

  const ImportedArticle mixed = import_article(article("   File name     Version      Date\n"
                                                       "   -------------------------------\n"
                                                       "   Store.exe     5.5.2652.45  06/08/99\n"
                                                       "   Mad.exe       5.5.2652.46\n"
                                                       "   Readme.txt\n"));
  REQUIRE(mixed.manifest.files.size() == 2);
  CHECK(row(mixed.manifest.files[0]) == "Store.exe|-|1999-06-08|-||5.5.2652.45");
  CHECK(row(mixed.manifest.files[1]) == "Mad.exe|-|-|-||5.5.2652.46");
  // A row that gives neither a version nor a date cannot be judged: skipped, and said so.
  REQUIRE(mixed.report.skipped.size() == 1);
  CHECK(mixed.report.skipped[0].line == 10);
  CHECK(mixed.report.skipped[0].reason == "skipped 'Readme.txt': the row gives neither a version nor a date");
  CHECK(mixed.report.rows == 2);
  CHECK(mixed.report.tables == 1);
  check_round_trip(mixed.manifest);
}

TEST_CASE("a file listed twice in one table: each row is a variant, told apart by its note or its line")
{
  const ImportedArticle imported = import_article(article("   Date      Time    Size     File name\n"
                                                          "   -------------------------------------\n"
                                                          "   06/08/99  06:12p  67       A.dll\n"
                                                          "   06/08/99  06:12p  68       A.dll\n"
                                                          "   06/08/99  06:12p  69       B.exe (16-bit)\n"
                                                          "   06/08/99  06:12p  70       B.exe (32-bit)\n"
                                                          "   06/08/99  06:12p  70       B.exe (32-bit)\n"));
  const Manifest& m = imported.manifest;
  REQUIRE(m.files.size() == 4);
  CHECK(m.files[0].variant == "line 8");
  CHECK(m.files[1].variant == "line 9");
  CHECK(m.files[2].variant == "16-bit");
  CHECK(m.files[3].variant == "32-bit");
  CHECK(m.files[3].article_line == 11);
  // The exact repeat on line 12 is dropped and reported.
  REQUIRE(imported.report.skipped.size() == 1);
  CHECK(imported.report.skipped[0].line == 12);
  CHECK(imported.report.variants == std::vector<std::string>{"line 8", "line 9", "16-bit", "32-bit"});
  check_round_trip(m);
}

TEST_CASE("robustness: odd inputs give an error or a manifest that round-trips, never a crash")
{
  std::vector<std::string> inputs = {"",
                                     "\n",
                                     "\r",
                                     std::string(1, '\0'),
                                     "|",
                                     "+--+",
                                     "Date Time Size File name\n-----\n",
                                     std::string(100000, 'x'),
                                     std::string(5000, '\t') + "Date",
                                     "Date|Time|Size|File name\n---+---+---+---\n|||\n"};
  std::string long_row =
    article("   Date      Time    Size     File name\n   ---------------------\n   06/08/99  06:12p  67  ");
  long_row += std::string(200000, 'A') + ".dll\n";
  inputs.push_back(long_row);
  std::string many_tokens = article("   Date      Time    Size     File name\n   ---------------------\n");
  for (int i = 0; i < 5000; ++i) {
    many_tokens += "06/08/99 ";
  }
  inputs.push_back(many_tokens + "\n");
  for (const std::string& input : inputs) {
    const auto result = import_kb_article(input, "odd.txt");
    if (result) {
      check_round_trip(result->manifest);
    } else {
      CHECK_FALSE(result.error().message.empty());
    }
  }

  // Mutations of the sample articles: bytes changed, lines cut and repeated.
  std::vector<std::string> samples = {read_source("tests/kb/synthetic-sms-hotfix.txt")};
  if (kb_samples_available()) {
    for (const char* name : {"Q231399.txt", "Q231942.txt", "Q247306.txt"}) {
      samples.push_back(read_sample(name));
    }
  }
  std::uint32_t state = 12345;
  const auto next = [&state]() {
    state = state * 1103515245U + 12345U;
    return state >> 8;
  };
  const std::string alphabet = " \t\r\n|+-=/:,.()0123456789aApPxIiAa\xC2\xA0\xFF";
  for (int round = 0; round < 300; ++round) {
    std::string text = samples[next() % samples.size()];
    const int edits = 1 + static_cast<int>(next() % 12);
    for (int e = 0; e < edits && !text.empty(); ++e) {
      const std::size_t at = next() % text.size();
      switch (next() % 4) {
      case 0:
        text[at] = alphabet[next() % alphabet.size()];
        break;
      case 1:
        text.erase(at, next() % 40);
        break;
      case 2:
        text.insert(at, text.substr(next() % text.size(), next() % 200));
        break;
      default:
        text.insert(at, 1, alphabet[next() % alphabet.size()]);
        break;
      }
    }
    const auto result = import_kb_article(text, "mutated.txt");
    if (result) {
      check_round_trip(result->manifest);
    } else {
      CHECK_FALSE(result.error().message.empty());
    }
  }
}

// ------------------------------------------------------------ golden sample articles

namespace {

// A row as tests/kb/golden/*.tsv has it: article line, name, size
// ("~middle+-tolerance" when approximate, "-" when none), date, time,
// platform, version, variant ("-" for none).
std::string golden_row(const ManifestFile& file)
{
  const auto or_dash = [](const std::string& text) { return text.empty() ? std::string("-") : text; };
  std::string size = file.size ? std::to_string(*file.size) : "-";
  if (file.size_tolerance > 0) {
    size = "~" + size + "+-" + std::to_string(file.size_tolerance);
  }
  return std::to_string(file.article_line) + "\t" + file.name + "\t" + size + "\t" +
         (file.date ? format_iso_date(*file.date) : "-") + "\t" +
         (file.minutes ? smsscan::util::format_hh_mm(*file.minutes) : "-") + "\t" +
         or_dash(std::string(platform_name(file.platform))) + "\t" + or_dash(file.version_text) + "\t" +
         or_dash(file.variant);
}

void check_golden(const std::string& kb)
{
  CAPTURE(kb);
  const auto result = import_sample(kb + ".txt");
  REQUIRE_MESSAGE(result.has_value(), result.error().to_string());
  std::istringstream golden(read_source("tests/kb/golden/" + kb + ".tsv"));
  std::vector<std::string> expected;
  for (std::string line; std::getline(golden, line);) {
    if (!line.empty() && line.front() != '#') {
      expected.push_back(line);
    }
  }
  std::vector<std::string> got;
  for (const ManifestFile& file : result->manifest.files) {
    got.push_back(golden_row(file));
  }
  CHECK(got == expected);
  check_round_trip(result->manifest);
}

} // namespace

TEST_CASE("golden: sectioned tables become variant rows (IIS 5.0 / IIS 4.0; Windows 2000 / NT 4.0)" *
          doctest::skip(!kb_samples_available()))
{
  check_golden("Q301625");
  check_golden("Q300972");
  const auto q301625 = import_sample("Q301625.txt");
  REQUIRE(q301625.has_value());
  CHECK(q301625->report.tables == 2);
  CHECK(q301625->report.variants ==
        std::vector<std::string>{"Internet Information Services 5.0", "Internet Information Server 4.0"});
  CHECK(q301625->manifest.fix == "Windows 2000 Service Pack 3");
  REQUIRE(q301625->manifest.remediation.has_value());
  CHECK(q301625->manifest.remediation->text.find("for each product listed here") != std::string::npos);
}

TEST_CASE("golden: a file listed twice in one table, MIPS and PowerPC rows, Windows 95 rows" *
          doctest::skip(!kb_samples_available()))
{
  check_golden("Q304742");
  check_golden("Q156931");
  check_golden("Q175086");
}

TEST_CASE("golden: MB sizes and x86, a bare build as version, no Date column, a table of the faulty file skipped" *
          doctest::skip(!kb_samples_available()))
{
  check_golden("Q325568");
  check_golden("Q238247");
  check_golden("Q237987");
  check_golden("Q168006");
  const auto q168006 = import_sample("Q168006.txt");
  REQUIRE(q168006.has_value());
  REQUIRE(q168006->report.skipped.size() == 1);
  CHECK(q168006->report.skipped[0].line == 106);
  CHECK(q168006->report.skipped[0].reason.find("the files behind the problem") != std::string::npos);
  const auto q238247 = import_sample("Q238247.txt");
  REQUIRE(q238247.has_value());
  CHECK(q238247->manifest.files[0].note == "build 786");
  CHECK_FALSE(q238247->manifest.files[0].version.has_value());
}
