// Tests for src/kb_import.cpp: import_kb_article on the three sample articles
// (the shared sample articles, golden values) and on small articles written here for each
// table layout, value format and error; parse_kb_date/time/size.
#include "smsscan/kb/import.hpp"

#include "smsscan/manifest/model.hpp"
#include "smsscan/manifest/xml_reader.hpp"
#include "smsscan/manifest/xml_writer.hpp"

#include <doctest/doctest.h>

#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

using smsscan::kb::import_kb_article;
using smsscan::kb::KbImportError;
using smsscan::kb::KbImportResult;
using smsscan::kb::parse_kb_date;
using smsscan::kb::parse_kb_size;
using smsscan::kb::parse_kb_time;
using smsscan::manifest::Manifest;
using smsscan::manifest::ManifestFile;
using smsscan::manifest::ManifestTimes;
using smsscan::manifest::parse_manifest;
using smsscan::manifest::Platform;
using smsscan::manifest::platform_name;
using smsscan::manifest::write_manifest_xml;
using smsscan::util::CivilDate;
using smsscan::util::format_hh_mm;
using smsscan::util::format_iso_date;

namespace {

std::string read_source(const std::string& relative)
{
  std::ifstream in(std::string(SMSSCAN_SOURCE_DIR) + "/" + relative, std::ios::binary);
  REQUIRE_MESSAGE(in.good(), "cannot read " << relative);
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

// The sample articles are Microsoft's text: they are read from the shared
// folder beside the repository (SMSSCAN_KB_DIR), not kept in it. Without them
// the golden cases are skipped; CMake says so when it configures.
bool kb_samples_available()
{
  return SMSSCAN_HAVE_KB_SAMPLES != 0;
}

std::string read_sample(const std::string& name)
{
  std::ifstream in(std::string(SMSSCAN_KB_DIR) + "/" + name, std::ios::binary);
  REQUIRE_MESSAGE(in.good(), "cannot read " << SMSSCAN_KB_DIR << "/" << name);
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

KbImportResult import_sample(const std::string& name)
{
  return import_kb_article(read_sample(name), name);
}

// Imports text that must import; fails the test with the error otherwise.
Manifest import_ok(const std::string& text, const std::string& name = "test.txt")
{
  const KbImportResult result = import_kb_article(text, name);
  REQUIRE_MESSAGE(result.manifest.has_value(), result.error.to_string());
  return *result.manifest;
}

KbImportError import_error(const std::string& text, const std::string& name = "test.txt")
{
  const KbImportResult result = import_kb_article(text, name);
  REQUIRE_MESSAGE(!result.manifest.has_value(), "imported, but should not have");
  return result.error;
}

std::string time_of(const ManifestFile& file)
{
  return file.minutes ? format_hh_mm(*file.minutes) : "-";
}

// One row in a compact form: "Name|size|date|time|platform|version".
std::string row(const ManifestFile& file)
{
  return file.name + "|" + std::to_string(file.size) + "|" + format_iso_date(file.date) + "|" + time_of(file) + "|" +
         std::string(platform_name(file.platform)) + "|" + file.version_text;
}

std::vector<std::string> rows(const Manifest& manifest)
{
  std::vector<std::string> out;
  for (const ManifestFile& file : manifest.files) {
    out.push_back(row(file));
  }
  return out;
}

// The manifest survives write_manifest_xml and parse_manifest unchanged.
void check_round_trip(const Manifest& manifest)
{
  const std::string xml = write_manifest_xml(manifest);
  const auto parsed = parse_manifest(xml, "round-trip");
  REQUIRE_MESSAGE(parsed.has_value(), parsed.error().to_string() << "\n" << xml);
  CHECK(parsed->kb == manifest.kb);
  CHECK(parsed->times == manifest.times);
  CHECK(parsed->locations.size() == manifest.locations.size());
  CHECK(rows(*parsed) == rows(manifest));
}

const char* const k_old_header = "DOCUMENT:Q900001  06-AUG-2002  [nt]\n"
                                 "TITLE   :Test article\n"
                                 "PRODUCT :Microsoft Windows NT\n"
                                 "PROD/VER:winnt:4.0\n"
                                 "\n";

std::string article(const std::string& body)
{
  return std::string(k_old_header) + body;
}

} // namespace

// ------------------------------------------------------------ sample articles

TEST_CASE("Q231399 imports exactly the file rows of the shipped manifest" * doctest::skip(!kb_samples_available()))
{
  const KbImportResult result = import_sample("Q231399.txt");
  REQUIRE_MESSAGE(result.manifest.has_value(), result.error.to_string());
  const Manifest& imported = *result.manifest;
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
    CHECK(format_iso_date(got.date) == format_iso_date(want.date));
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
  const KbImportResult result = import_sample("Q231942.txt");
  REQUIRE_MESSAGE(result.manifest.has_value(), result.error.to_string());
  const Manifest& m = *result.manifest;
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
  const KbImportResult result = import_sample("Q247306.txt");
  REQUIRE_MESSAGE(result.manifest.has_value(), result.error.to_string());
  const Manifest& m = *result.manifest;
  CHECK(m.kb == "Q247306");
  CHECK(m.product == "Microsoft Systems Management Server");
  CHECK(m.fix == "KB Q247306");
  CHECK_FALSE(m.locations.empty());
  // 75 rows in two blocks (41 Intel, 34 Alpha); seven Compver*.ini rows of
  // the Alpha block repeat Intel rows exactly ("INTEL") and are dropped.
  CHECK(m.files.size() == 68);
  int repeats = 0;
  for (const std::string& warning : result.warnings) {
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

// ------------------------------------------------------------ header fields

TEST_CASE("header: archive style with a title line above Article:, and UTC across a line break")
{
  const Manifest m = import_ok("FIX: Logon Fails After Upgrade\n"
                               "\n"
                               "Article: Q300001\n"
                               "Product(s): Microsoft Windows 2000\n"
                               "Version(s): 2000\n"
                               "\n"
                               "The English version of this fix has the file attributes (or later) that are\n"
                               "listed in the following table. The dates and times for these files are listed in\n"
                               "Coordinated Universal\n"
                               "Time (UTC). When you view the file information, it is converted to local time.\n"
                               "\n"
                               "   Date         Time   Version            Size    File name\n"
                               "   --------------------------------------------------------------\n"
                               "   13-Jun-2001  18:00  5.0.2195.3727   123,664  Afd.sys\n");
  CHECK(m.kb == "Q300001");
  CHECK(m.title == "FIX: Logon Fails After Upgrade");
  CHECK(m.product == "Microsoft Windows 2000");
  CHECK(m.times == ManifestTimes::utc);
  CHECK(m.locations.empty());
  REQUIRE(m.files.size() == 1);
  CHECK(row(m.files[0]) == "Afd.sys|123664|2001-06-13|18:00||5.0.2195.3727");
  CHECK(m.files[0].caption.find("The English version of this fix has the file attributes") == 0);
  check_round_trip(m);
}

TEST_CASE("header: old style; fix from 'corrected in ... Service Pack N'; KB from the file name")
{
  const Manifest m = import_ok(article("STATUS\n======\n\nThis problem was first corrected in Windows NT 4.0 "
                                       "Service Pack 6.\n\n"
                                       "   Date      Time    Size     File name\n"
                                       "   ------------------------------------\n"
                                       "   06/08/99  06:12p  67       A.dll\n"));
  CHECK(m.kb == "Q900001");
  CHECK(m.title == "Test article");
  CHECK(m.product == "Microsoft Windows NT 4.0");
  CHECK(m.fix == "Windows NT 4.0 Service Pack 6");

  const KbImportResult no_number = import_kb_article("   Date      Time    Size     File name\n"
                                                     "   ------------------------------------\n"
                                                     "   06/08/99  06:12p  67       A.dll\n",
                                                     "kb/Q123456.txt");
  REQUIRE(no_number.manifest.has_value());
  CHECK(no_number.manifest->kb == "Q123456");
  CHECK_FALSE(no_number.manifest->title.empty());
  CHECK_FALSE(no_number.manifest->product.empty());
  check_round_trip(*no_number.manifest);

  const KbImportError error = import_error("   Date      Time    Size     File name\n"
                                           "   ------------------------------------\n"
                                           "   06/08/99  06:12p  67       A.dll\n",
                                           "article.txt");
  CHECK(error.message.find("no KB article number") != std::string::npos);
}

TEST_CASE("header: Service Pack 6a, Time (UTC) header, no product field")
{
  const Manifest m = import_ok("Article: Q900003\n"
                               "\n"
                               "The information in this article applies to:\n"
                               "\n"
                               " - Microsoft Windows NT Server version 4.0\n"
                               "\n"
                               "This problem was first corrected in Microsoft Windows NT 4.0 Service Pack 6a.\n"
                               "\n"
                               "   Date       Time (UTC)  Size     File name\n"
                               "   ------------------------------------------\n"
                               "   06/08/99   18:12       67       A.dll\n");
  CHECK(m.fix == "Windows NT 4.0 Service Pack 6a");
  CHECK(m.product == "Microsoft Windows NT Server version 4.0");
  CHECK(m.times == ManifestTimes::utc);
  check_round_trip(m);
}

TEST_CASE("header: times are local unless the article says UTC")
{
  const Manifest m = import_ok(article("The times are shown in Redmond time.\n\n"
                                       "   Date      Time    Size     File name\n"
                                       "   ------------------------------------\n"
                                       "   06/08/99  06:12p  67       A.dll\n"));
  CHECK(m.times == ManifestTimes::local);
}

// ------------------------------------------------------------ layouts

TEST_CASE("layout: Date Time Version Size File name Platform, x86, 4-digit years, sizes without commas")
{
  const Manifest m = import_ok(article("   Date        Time    Version         Size     File name     Platform\n"
                                       "   --------------------------------------------------------------------\n"
                                       "   02/03/2000  05:13p  4.0.1381.7037   28432    Msv1_0.dll    x86\n"
                                       "   02/03/2000  05:14p  4.0.1381.7037   52,496   Msv1_0.dll    ALPHA   \n"
                                       "   02/03/2000  05:14p                  96       Readme.txt\n"));
  REQUIRE(m.files.size() == 3);
  CHECK(row(m.files[0]) == "Msv1_0.dll|28432|2000-02-03|17:13|Intel|4.0.1381.7037");
  CHECK(row(m.files[1]) == "Msv1_0.dll|52496|2000-02-03|17:14|Alpha|4.0.1381.7037");
  CHECK(row(m.files[2]) == "Readme.txt|96|2000-02-03|17:14||");
  check_round_trip(m);
}

TEST_CASE("layout: segmented rule, no Time column, right-aligned and shifted values")
{
  const Manifest m = import_ok(article("   Date        Version          Size  File name\n"
                                       "   ----------  -------------  ------  ------------\n"
                                       "   06/08/1999  4.0.1381.7054  222416  Netapi32.dll\n"
                                       "  06/09/1999   4.0.1381.7055     416   Netapi33.dll\n"
                                       "   06/10/1999 4.0.1381.7056 1,222,416 Netapi34.dll\n"));
  REQUIRE(m.files.size() == 3);
  CHECK(row(m.files[0]) == "Netapi32.dll|222416|1999-06-08|-||4.0.1381.7054");
  CHECK(row(m.files[1]) == "Netapi33.dll|416|1999-06-09|-||4.0.1381.7055");
  CHECK(row(m.files[2]) == "Netapi34.dll|1222416|1999-06-10|-||4.0.1381.7056");
  check_round_trip(m);
}

TEST_CASE("layout: columns in another order, Size (bytes), name with spaces, sizes with 'bytes'")
{
  const Manifest m = import_ok(article("   File name          Version      Size (bytes)     Date         Time\n"
                                       "   -------------------------------------------------------------------\n"
                                       "   Windows Update.lnk                       1,234   12/01/2000   10:00a\n"
                                       "   Excel.exe          9.0.0.4402  7,520,337 bytes  15-Jan-2001  1:05 PM\n"));
  REQUIRE(m.files.size() == 2);
  CHECK(row(m.files[0]) == "Windows Update.lnk|1234|2000-12-01|10:00||");
  CHECK(row(m.files[1]) == "Excel.exe|7520337|2001-01-15|13:05||9.0.0.4402");
  check_round_trip(m);
}

TEST_CASE("layout: boxed table, bars-only table, multi-line boxed header")
{
  const Manifest m = import_ok(article("German version:\n"
                                       "\n"
                                       "   Date     | Time   | Size   | File name\n"
                                       "   ---------+--------+--------+-----------\n"
                                       "   06/08/99 | 06:12p | 67     | A.dll\n"
                                       "\n"
                                       "French version:\n"
                                       "\n"
                                       "+----------+--------+-----------+--------------------+----------+\n"
                                       "| Date     | Time   | Size      | File               | Platform |\n"
                                       "|          |        | (bytes)   | name               |          |\n"
                                       "+==========+========+===========+====================+==========+\n"
                                       "| 06/08/99 | 06:12p | 1,067     | Mstsc.exe (32-bit) | Intel    |\n"
                                       "+----------+--------+-----------+--------------------+----------+\n"
                                       "| 06/08/99 | 1:10am |        69 | A.dll              |          |\n"
                                       "+----------+--------+-----------+--------------------+----------+\n"));
  REQUIRE(m.files.size() == 3);
  CHECK(row(m.files[0]) == "A.dll|67|1999-06-08|18:12||");
  CHECK(m.files[0].caption == "German version:");
  CHECK(row(m.files[1]) == "Mstsc.exe|1067|1999-06-08|18:12|Intel|");
  CHECK(m.files[1].note == "32-bit");
  CHECK(m.files[1].caption == "French version:");
  CHECK(row(m.files[2]) == "A.dll|69|1999-06-08|01:10||");
  check_round_trip(m);
}

TEST_CASE("layout: several tables, each row keeps its caption; sub-captions; blank lines inside")
{
  const Manifest m = import_ok(article("The English version of this fix should have the following file attributes or\n"
                                       "later:\n"
                                       "\n"
                                       "   Date      Time    Size     File name     Platform\n"
                                       "   ================================================\n"
                                       "\n"
                                       "   06/08/99  12:21a  144,144  Msv1_0.dll    Intel\n"
                                       "\n"
                                       "   06/08/99  12:22a  200,464  Msv1_0.dll    Alpha\n"
                                       "\n"
                                       "NOTE: Because of file dependencies, the fix may contain more files.\n"
                                       "\n"
                                       "The German version of this fix should have the following file attributes\n"
                                       "or later:\n"
                                       "\n"
                                       "   Date      Time    Size     File name\n"
                                       "   -------------------------------------\n"
                                       "   x86:\n"
                                       "   06/09/99  18:12   144,160  Msv1_0.dll\n"
                                       "\n"
                                       "   Alpha:\n"
                                       "   06/09/99  18:13   200,480  Msv1_0.dll\n"));
  REQUIRE(m.files.size() == 4);
  const std::string english = "The English version of this fix should have the following file attributes or later:";
  const std::string german = "The German version of this fix should have the following file attributes or later:";
  CHECK(row(m.files[0]) == "Msv1_0.dll|144144|1999-06-08|00:21|Intel|");
  CHECK(m.files[0].caption == english);
  CHECK(row(m.files[1]) == "Msv1_0.dll|200464|1999-06-08|00:22|Alpha|");
  CHECK(m.files[1].caption == english);
  // No Platform column: the platform comes from the sub-caption.
  CHECK(row(m.files[2]) == "Msv1_0.dll|144160|1999-06-09|18:12|Intel|");
  CHECK(m.files[2].caption == "x86:");
  CHECK(row(m.files[3]) == "Msv1_0.dll|200480|1999-06-09|18:13|Alpha|");
  CHECK(m.files[3].caption == "Alpha:");
  check_round_trip(m);
}

TEST_CASE("layout: header without a rule, rule above and below, closing rule, trailing note column")
{
  const Manifest m = import_ok(article("   Date      Time    Size     File name     Platform\n"
                                       "   06/03/99  04:40p  144,144  Msv1_0.dll    x86\n"
                                       "\n"
                                       "Windows NT 4.0 Terminal Server Edition:\n"
                                       "\n"
                                       "   -------------------------------------------------\n"
                                       "   Date      Time    Size     File name\n"
                                       "   -------------------------------------------------\n"
                                       "   06/03/99  04:41p  144,145  Msv1_1.dll    (pre-SP1)\n"
                                       "   06/03/99  04:42p  144,146  Msv1_2.dll*\n"
                                       "   -------------------------------------------------\n"));
  REQUIRE(m.files.size() == 3);
  CHECK(row(m.files[0]) == "Msv1_0.dll|144144|1999-06-03|16:40|Intel|");
  CHECK(row(m.files[1]) == "Msv1_1.dll|144145|1999-06-03|16:41||");
  CHECK(m.files[1].note == "pre-SP1");
  CHECK(m.files[1].caption == "Windows NT 4.0 Terminal Server Edition:");
  CHECK(row(m.files[2]) == "Msv1_2.dll|144146|1999-06-03|16:42||");
  CHECK(m.files[2].note == "*");
  check_round_trip(m);
}

TEST_CASE("layout: rows without a column header; platform in parentheses")
{
  KbImportResult result =
    import_kb_article(article("The English version of this fix should have the following file attributes:\n"
                              "\n"
                              "   06/08/99  06:12p   144,144  Msv1_0.dll  (Intel)\n"
                              "   06/08/99  06:12p   200,464  Msv1_0.dll  (Alpha)\n"
                              "\n"
                              "More text.\n"),
                      "t.txt");
  REQUIRE_MESSAGE(result.manifest.has_value(), result.error.to_string());
  REQUIRE(result.manifest->files.size() == 2);
  CHECK(row(result.manifest->files[0]) == "Msv1_0.dll|144144|1999-06-08|18:12|Intel|");
  CHECK(row(result.manifest->files[1]) == "Msv1_0.dll|200464|1999-06-08|18:12|Alpha|");
  CHECK_FALSE(result.warnings.empty());
}

TEST_CASE("layout: no-break spaces (UTF-8 and Latin-1) count as spaces")
{
  const Manifest m = import_ok(article("   Date      Time    Size     File name\n"
                                       "   ------------------------------------\n"
                                       "   06/08/99\xC2\xA0 06:12p\xA0 67       A.dll\n"));
  REQUIRE(m.files.size() == 1);
  CHECK(row(m.files[0]) == "A.dll|67|1999-06-08|18:12||");
}

TEST_CASE("layout: 1998 'time stamp' lists without a header: name first, bytes, (version x)")
{
  const Manifest m = import_ok(article("This fix should have the following time stamp:\n"
                                       "\n"
                                       "  Dispatch.exe   7/10/98   5:39p    85,245 bytes (version 3.5.34)\n"
                                       "  Import.exe     7/10/98   5:39p   205,905 bytes (version 3.5.34)\n"
                                       "\n"
                                       "This fix should have the following time stamp:\n"
                                       "\n"
                                       "     03/27/98   09:12p               170,208 Wuser32.exe (Intel)\n"
                                       "     03/27/98   09:11p               345,872 Wuser32.exe (Alpha)\n"));
  REQUIRE(m.files.size() == 4);
  CHECK(row(m.files[0]) == "Dispatch.exe|85245|1998-07-10|17:39||3.5.34");
  CHECK(row(m.files[1]) == "Import.exe|205905|1998-07-10|17:39||3.5.34");
  CHECK(row(m.files[2]) == "Wuser32.exe|170208|1998-03-27|21:12|Intel|");
  CHECK(row(m.files[3]) == "Wuser32.exe|345872|1998-03-27|21:11|Alpha|");
  CHECK(m.files[2].caption == "This fix should have the following time stamp:");
  check_round_trip(m);
}

TEST_CASE("layout: a headerless block stops loudly at a row it cannot read")
{
  const KbImportError error = import_error(article("     03/27/98   09:12p   170,208 Wuser32.exe (Intel)\n"
                                                   "     03/27/98   09:11p   23K     Wuser32.exe (Alpha)\n"));
  CHECK(error.line == 7);
}

TEST_CASE("layout: times with seconds, '-' versions, bare names, ignored Destination folder column")
{
  const Manifest m = import_ok(article("  Date      Time    Version      Size    File name        Platform\n"
                                       "  -------------------------------------------------------------\n"
                                       "  9/22/2000 7:11:57 -          3,837,952 Q272274jpnI.exe  i386\n"
                                       "  9/16/2000 6:26:35 5.5.2654.3 2,621,440 Store.exe        alpha\n"
                                       "  9/16/2000 6:26:35 5.5.2654.3       512 Ntldr            i386\n"
                                       "\n"
                                       "  File name     Version    Date/Time        Size     Destination folder\n"
                                       "  ---------------------------------------------------------------------\n"
                                       "  Vip.386       4.10.1512  7/29/97 3:12p    71,754   Windows\\System\n"));
  REQUIRE(m.files.size() == 4);
  CHECK(row(m.files[0]) == "Q272274jpnI.exe|3837952|2000-09-22|07:11|Intel|");
  CHECK(row(m.files[1]) == "Store.exe|2621440|2000-09-16|06:26|Alpha|5.5.2654.3");
  CHECK(row(m.files[2]) == "Ntldr|512|2000-09-16|06:26|Intel|5.5.2654.3");
  CHECK(row(m.files[3]) == "Vip.386|71754|1997-07-29|15:12||4.10.1512");
  check_round_trip(m);
}

TEST_CASE("header: web-archive copy with front matter, a Markdown title and tab-indented text")
{
  const Manifest m = import_ok("---\n"
                               "layout: page\n"
                               "title: \"Q305209: Cannot Migrate to SMS 2.0\"\n"
                               "---\n"
                               "\n"
                               "## Q305209: Cannot Migrate to SMS 2.0\n"
                               "\n"
                               "\tArticle: Q305209\n"
                               "\tProduct(s): Microsoft Systems Management Server\n"
                               "\tVersion(s): 2.0 SP3\n"
                               "\t\n"
                               "\tThe English version of this fix should have the following file attributes:\n"
                               "\t\n"
                               "\t  Date         Time   Version        Size       File name        Platform\n"
                               "\t  -----------------------------------------------------------------------\n"
                               "\t  22-Aug-2001  17:24  2.0.3.0          253,957  Q305209.exe      \n"
                               "\t  01-Mar-2001  13:00  2.0.1493.3125    259,936  Bindclin.dll     X86\n");
  CHECK(m.kb == "Q305209");
  CHECK(m.title == "Cannot Migrate to SMS 2.0");
  CHECK(m.product == "Microsoft Systems Management Server 2.0 SP3");
  CHECK_FALSE(m.locations.empty());
  REQUIRE(m.files.size() == 2);
  CHECK(row(m.files[1]) == "Bindclin.dll|259936|2001-03-01|13:00|Intel|2.0.1493.3125");
}

TEST_CASE("layout: CRLF line endings, tabs, trailing spaces, UTF-8 BOM")
{
  const Manifest m = import_ok("\xEF\xBB\xBF"
                               "DOCUMENT:Q900002\r\nTITLE   :Tabs\r\nPRODUCT :Foo\r\n\r\n"
                               "\tDate\t\tTime\tSize\tFile name\tPlatform\r\n"
                               "\t---------------------------------------------\r\n"
                               "\t06/08/99\t06:12pm\t67\tA.dll\t\tIntel   \r\n"
                               "\t06/08/99\t06:12pm\t1,067\tB.dll\t\t\r\n"
                               "\r\n");
  REQUIRE(m.files.size() == 2);
  CHECK(m.kb == "Q900002");
  CHECK(row(m.files[0]) == "A.dll|67|1999-06-08|18:12|Intel|");
  CHECK(row(m.files[1]) == "B.dll|1067|1999-06-08|18:12||");
  CHECK(m.files[0].line == 7);
}

TEST_CASE("layout: day-first dates are read day first when no other reading exists")
{
  const KbImportResult result = import_kb_article(article("   Date      Time    Size     File name\n"
                                                          "   -------------------------------------\n"
                                                          "   13/06/99  04:40p  144,144  A.dll\n"
                                                          "   01/06/99  04:40p  144,144  B.dll\n"),
                                                  "t.txt");
  REQUIRE(result.manifest.has_value());
  CHECK(format_iso_date(result.manifest->files[0].date) == "1999-06-13");
  CHECK(format_iso_date(result.manifest->files[1].date) == "1999-06-01");
  CHECK_FALSE(result.warnings.empty());
}

TEST_CASE("layout: version cells: empty, n/a, commas, trailing note")
{
  const Manifest m = import_ok(article("   Date      Time    Version              Size     File name\n"
                                       "   ----------------------------------------------------------\n"
                                       "   06/08/99  06:12p  n/a                  67       A.ini\n"
                                       "   06/08/99  06:12p  2, 0, 1380, 1000     1,024    B.dll\n"
                                       "   06/08/99  06:12p  5.0.2195.1 (SP1)     2,048    C.dll\n"
                                       "   06/08/99  06:12p  2.00.1380.0001       4,096    D.dll\n"));
  REQUIRE(m.files.size() == 4);
  CHECK(m.files[0].version_text.empty());
  CHECK_FALSE(m.files[0].version.has_value());
  // As written, or dotted when parse_file_version does not read the written form.
  CHECK((m.files[1].version_text == "2, 0, 1380, 1000" || m.files[1].version_text == "2.0.1380.1000"));
  REQUIRE(m.files[1].version.has_value());
  CHECK(m.files[1].version->to_string() == "2.0.1380.1000");
  CHECK(m.files[2].version_text == "5.0.2195.1 (SP1)");
  REQUIRE(m.files[2].version.has_value());
  CHECK(m.files[2].version->to_string() == "5.0.2195.1");
  CHECK(m.files[3].version_text == "2.00.1380.0001");
  REQUIRE(m.files[3].version.has_value());
  CHECK(m.files[3].version->to_string() == "2.0.1380.1");
  check_round_trip(m);
}

TEST_CASE("layout: file names with a folder keep the bare name; the folder goes to the note")
{
  const Manifest m = import_ok(article("   Date      Time    Size     File name\n"
                                       "   -------------------------------------\n"
                                       "   06/08/99  06:12p  67       System32\\Drivers\\Afd.sys\n"));
  REQUIRE(m.files.size() == 1);
  CHECK(m.files[0].name == "Afd.sys");
  CHECK(m.files[0].note == "in System32\\Drivers\\");
  check_round_trip(m);
}

// ------------------------------------------------------------ values

TEST_CASE("parse_kb_date: every written form")
{
  const auto iso = [](std::string_view text) {
    const auto date = parse_kb_date(text);
    return date ? format_iso_date(*date) : std::string("none");
  };
  CHECK(iso("06/08/99") == "1999-06-08");
  CHECK(iso("6/8/99") == "1999-06-08");
  CHECK(iso("06/08/1999") == "1999-06-08");
  CHECK(iso("01/04/00") == "2000-01-04");
  CHECK(iso("12/31/49") == "2049-12-31");
  CHECK(iso("01/01/50") == "1950-01-01");
  CHECK(iso("06-08-99") == "1999-06-08");
  CHECK(iso("1999-06-08") == "1999-06-08");
  CHECK(iso("08-Jun-1999") == "1999-06-08");
  CHECK(iso("08-JUN-1999") == "1999-06-08");
  CHECK(iso("8-Jun-99") == "1999-06-08");
  CHECK(iso("Jun-08-1999") == "1999-06-08");
  CHECK(iso("June 8, 1999") == "1999-06-08");
  CHECK(iso("Jun 8 1999") == "1999-06-08");
  CHECK(iso("8 June 1999") == "1999-06-08");
  CHECK(iso("Sept 8, 1999") == "1999-09-08");
  CHECK(iso("29-Feb-2000") == "2000-02-29");
  CHECK(iso("02/30/99") == "none");
  CHECK(iso("02/29/99") == "none");
  CHECK(iso("13/13/99") == "none");
  CHECK(iso("06/08/999") == "none");
  CHECK(iso("4.00.1114") == "none");
  CHECK(iso("") == "none");
}

TEST_CASE("parse_kb_time: 12-hour with a, p, am, pm and 24-hour")
{
  CHECK(parse_kb_time("06:12pm") == 18 * 60 + 12);
  CHECK(parse_kb_time("09:18p") == 21 * 60 + 18);
  CHECK(parse_kb_time("12:21a") == 21);
  CHECK(parse_kb_time("12:05p") == 12 * 60 + 5);
  CHECK(parse_kb_time("1:10am") == 70);
  CHECK(parse_kb_time("6:12 PM") == 18 * 60 + 12);
  CHECK(parse_kb_time("6:12 p.m.") == 18 * 60 + 12);
  CHECK(parse_kb_time("18:12") == 18 * 60 + 12);
  CHECK(parse_kb_time("00:00") == 0);
  CHECK(parse_kb_time("18:12:59") == 18 * 60 + 12);
  CHECK_FALSE(parse_kb_time("24:00").has_value());
  CHECK_FALSE(parse_kb_time("13:00pm").has_value());
  CHECK_FALSE(parse_kb_time("0:10am").has_value());
  CHECK_FALSE(parse_kb_time("06:60").has_value());
  CHECK_FALSE(parse_kb_time("0612").has_value());
}

TEST_CASE("parse_kb_size: separators")
{
  CHECK(parse_kb_size("67") == std::uint64_t{67});
  CHECK(parse_kb_size("1,172,311") == std::uint64_t{1172311});
  CHECK(parse_kb_size("1.172.311") == std::uint64_t{1172311});
  CHECK(parse_kb_size("1 172 311") == std::uint64_t{1172311});
  CHECK(parse_kb_size("68,962 bytes") == std::uint64_t{68962});
  CHECK_FALSE(parse_kb_size("1,17,311").has_value());
  CHECK_FALSE(parse_kb_size("1.17").has_value());
  CHECK_FALSE(parse_kb_size("68K").has_value());
  CHECK_FALSE(parse_kb_size("abc").has_value());
  CHECK_FALSE(parse_kb_size("99999999999999999999999").has_value());
}

TEST_CASE("sizes with dots or spaces as separators inside a table")
{
  const Manifest m = import_ok(article("   Date      Version         Size        File name\n"
                                       "   --------------------------------------------------\n"
                                       "   06/08/99  4.0.1381.7056   1.172.311   A.dll\n"
                                       "   06/08/99  4.0.1381.7057   1 172 311   B.dll\n"
                                       "   06/08/99                  1.172       C.dll\n"));
  REQUIRE(m.files.size() == 3);
  CHECK(m.files[0].size == 1172311);
  CHECK(m.files[1].size == 1172311);
  CHECK(m.files[2].size == 1172);
  CHECK(m.files[2].version_text.empty());
}

// ------------------------------------------------------------ errors

TEST_CASE("error: no table")
{
  const KbImportError error = import_error(article("SYMPTOMS\n========\n\nNothing to see.\n"), "Q1.txt");
  CHECK(error.line == 0);
  CHECK(error.message.find("no file table found") == 0);
  CHECK(error.to_string().find("Q1.txt: no file table found") == 0);
}

TEST_CASE("error: a row that does not parse gives its line and text, and counts the others")
{
  const KbImportError error = import_error(article("   Date      Time    Size     File name\n"
                                                   "   -------------------------------------\n"
                                                   "   06/08/99  06:12p  67       A.dll\n"
                                                   "   06/08/99  06:12p  abc      B.dll\n"
                                                   "   06/08/99  06:12p  67       C.dll extra\n"),
                                           "Q1.txt");
  CHECK(error.line == 9);
  CHECK(error.to_string() == "Q1.txt:9: row does not parse: '06/08/99  06:12p  abc      B.dll' (and 1 more problem)");
}

TEST_CASE("error: impossible values")
{
  const std::string table_head = "   Date      Time    Size     File name     Platform\n"
                                 "   -------------------------------------------------\n";
  SUBCASE("a date that does not exist")
  {
    const KbImportError error = import_error(article(table_head + "   02/30/99  06:12p  67       A.dll\n"));
    CHECK(error.line == 8);
    CHECK(error.message.find("date '02/30/99' does not exist") == 0);
  }
  SUBCASE("a time that does not exist")
  {
    const KbImportError error = import_error(article(table_head + "   02/03/99  25:12   67       A.dll\n"));
    CHECK(error.message.find("time '25:12'") == 0);
  }
  SUBCASE("a size with broken separators")
  {
    const KbImportError error = import_error(article(table_head + "   02/03/99  06:12p  1,17,311 A.dll\n"));
    CHECK(error.message.find("size '1,17,311'") == 0);
  }
  SUBCASE("a 64-bit platform")
  {
    const KbImportError error = import_error(article(table_head + "   02/03/99  06:12p  67       A.dll    IA-64\n"));
    CHECK(error.message.find("platform 'IA-64' is not supported") == 0);
  }
  SUBCASE("a version part above 65535")
  {
    const KbImportError error = import_error(article("   Date      Version        Size     File name\n"
                                                     "   -------------------------------------------\n"
                                                     "   02/03/99  5.0.70000.1    67       A.dll\n"));
    CHECK(error.message.find("version '5.0.70000.1' does not parse") == 0);
  }
}

TEST_CASE("error: tables a manifest cannot hold")
{
  SUBCASE("only File name and Version (Exchange 5.5 style)")
  {
    const KbImportError error = import_error(article("+-------------------------+\n"
                                                     "| File name | Version     |\n"
                                                     "+-------------------------+\n"
                                                     "| Store.exe | 5.5.2655.37 |\n"
                                                     "+-------------------------+\n"));
    CHECK(error.line == 7);
    CHECK(error.message.find("no Date column") != std::string::npos);
  }
  SUBCASE("no Size column")
  {
    const KbImportError error = import_error(article("   File name     Version      Date\n"
                                                     "   ------------------------------\n"
                                                     "   Store.exe     5.5.2652.45  06/08/99\n"));
    CHECK(error.line == 6);
    CHECK(error.message.find("no Size column") != std::string::npos);
  }
  SUBCASE("a header without rows")
  {
    const KbImportError error = import_error(article("   Date      Time    Size     File name\n"
                                                     "   -------------------------------------\n"
                                                     "\n"
                                                     "This is prose after an empty table.\n"));
    CHECK(error.line == 6);
  }
  SUBCASE("the same file twice with other attributes")
  {
    const KbImportError error = import_error(article("   Date      Time    Size     File name\n"
                                                     "   -------------------------------------\n"
                                                     "   06/08/99  06:12p  67       A.dll\n"
                                                     "   06/08/99  06:12p  68       A.dll\n"));
    CHECK(error.line == 9);
    CHECK(error.message.find("listed again") != std::string::npos);
  }
}

// ------------------------------------------------------------ robustness

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
    const KbImportResult result = import_kb_article(input, "odd.txt");
    if (result.manifest) {
      check_round_trip(*result.manifest);
    } else {
      CHECK_FALSE(result.error.message.empty());
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
    const KbImportResult result = import_kb_article(text, "mutated.txt");
    if (result.manifest) {
      check_round_trip(*result.manifest);
    } else {
      CHECK_FALSE(result.error.message.empty());
    }
  }
}
