// Tests for src/smsscan/kb/version_cell.cpp: version cells as written and as read.
#include "smsscan/kb/version_cell.hpp"

#include "kb_support.hpp"

#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

using namespace smsscan::kb;
using namespace smsscan::kb::test;
using smsscan::manifest::Manifest;
using smsscan::manifest::ManifestFile;
using smsscan::manifest::ManifestTimes;
using smsscan::manifest::Platform;
using smsscan::util::Error;
using smsscan::util::format_iso_date;

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

TEST_CASE("dotted_version_fit: two to four parts of at most 65535")
{
  CHECK(dotted_version_fit("4.00.1114") == Fit::ok);
  CHECK(dotted_version_fit("2.0.1380.1405") == Fit::ok);
  CHECK(dotted_version_fit("5.0.70000.1") == Fit::bad);
  CHECK(dotted_version_fit("1.2.3.4.5") == Fit::bad);
  CHECK(dotted_version_fit("1380") == Fit::no);
  CHECK(dotted_version_fit("1..2") == Fit::no);
  CHECK(dotted_version_fit("v1.2") == Fit::no);
}

TEST_CASE("read_version and version_value: written forms and what they stand for")
{
  CHECK(read_version({}, "").fit == Fit::ok);
  CHECK(read_version({"n/a"}, "n/a").text.empty());
  const VersionFit commas = read_version({"2,", "0,", "1380,", "1000"}, "2, 0, 1380, 1000");
  CHECK(commas.fit == Fit::ok);
  CHECK(commas.text == "2, 0, 1380, 1000");
  CHECK(read_version({"1,172"}, "1,172").fit == Fit::no); // a size, not a version
  const VersionFit noted = read_version({"5.0.2195.1", "(SP1)"}, "5.0.2195.1 (SP1)");
  CHECK(noted.fit == Fit::ok);
  CHECK(read_version({"5.0.2195.1", "SP1"}, "5.0.2195.1 SP1").fit == Fit::no);
  const VersionFit old_style = read_version({"(version", "3.5.34)"}, "(version 3.5.34)");
  CHECK(old_style.fit == Fit::ok);
  CHECK(old_style.text == "3.5.34");

  const VersionValue dotted = version_value("2, 0, 1380, 1000");
  CHECK(dotted.text == "2, 0, 1380, 1000");
  REQUIRE(dotted.version.has_value());
  CHECK(dotted.version->to_string() == "2.0.1380.1000");
  const VersionValue kept = version_value("2.00.1380.0001");
  CHECK(kept.text == "2.00.1380.0001");
  CHECK(kept.version->to_string() == "2.0.1380.1");
  CHECK_FALSE(version_value("").version.has_value());
}

TEST_CASE("read_version: a colon typo, a bare build, a build in brackets, Not Applicable")
{
  const VersionFit colon = read_version({"5.0:2195.2097"}, "5.0:2195.2097");
  CHECK(colon.fit == Fit::ok);
  CHECK(colon.text == "5.0.2195.2097");
  CHECK(colon.note == "version written 5.0:2195.2097");
  const VersionFit build = read_version({"786"}, "786");
  CHECK(build.fit == Fit::ok);
  CHECK(build.text.empty()); // no major.minor: the row is judged by its date
  CHECK(build.note == "build 786");
  CHECK(build.penalty > 0);
  const VersionFit bracketed = read_version({"1.2(Build", "786)"}, "1.2(Build 786)");
  CHECK(bracketed.fit == Fit::ok);
  CHECK(bracketed.text.empty());
  CHECK(bracketed.note == "version 1.2(Build 786)");
  CHECK(read_version({"Not", "Applicable"}, "Not Applicable").fit == Fit::ok);
  CHECK(read_version({"5.0:2195"}, "5.0:2195").fit == Fit::no);
  CHECK(read_version({"123456"}, "123456").fit == Fit::no);
}

TEST_CASE("read_version: a comment after a dash is a note")
{
  const VersionFit fit = read_version({"4.20", "-", "OS", "use", "only"}, "4.20 - OS use only");
  CHECK(fit.fit == Fit::ok);
  CHECK(fit.text == "4.20");
  CHECK(fit.note == "OS use only");
  CHECK(read_version({"4.20", "-"}, "4.20 -").fit == Fit::no);
}
