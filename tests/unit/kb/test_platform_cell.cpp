// Tests for src/smsscan/kb/platform_cell.cpp: platform cells and caption platforms.
#include "smsscan/kb/platform_cell.hpp"

#include "kb_support.hpp"
#include "smsscan/util/text.hpp"

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

TEST_CASE("read_platform: names, brackets, empty cells; 64-bit platforms read but are not held")
{
  CHECK(read_platform({"Intel"}).platform == Platform::intel);
  CHECK(read_platform({"(x86)"}).platform == Platform::intel);
  CHECK(read_platform({"[Alpha]"}).platform == Platform::alpha);
  CHECK(read_platform({"AXP"}).platform == Platform::alpha);
  CHECK(read_platform({}).fit == Fit::ok);
  CHECK(read_platform({"all"}).platform == Platform::any);
  CHECK(read_platform({"n/a"}).fit == Fit::ok);
  CHECK(read_platform({"IA-64"}).unsupported == "a file for 64-bit processors");
  CHECK(read_platform({"x64"}).fit == Fit::ok);
  CHECK_FALSE(read_platform({"x64"}).unsupported.empty());
  CHECK(read_platform({"Macintosh"}).unsupported == "a file for the Macintosh");
  CHECK(read_platform({"A.dll"}).fit == Fit::no);
  CHECK(read_platform({"Intel", "Alpha"}).fit == Fit::no);
  CHECK(read_platform({"Intel"}).unsupported.empty());
}

TEST_CASE("read_platform: every spelling of the era, and the operating system as the label")
{
  struct Case
  {
    std::vector<std::string_view> words;
    Platform platform;
    std::string label;
    std::string note;
  };
  const std::vector<Case> cases = {
    {{"x86"}, Platform::intel, "", ""},
    {{"(x86)"}, Platform::intel, "", ""},
    {{"ix86"}, Platform::intel, "", ""},
    {{"<x86>"}, Platform::intel, "", ""},
    {{"Intel<BR/>"}, Platform::intel, "", ""},
    {{"Win32"}, Platform::intel, "", ""},
    {{"alpha"}, Platform::alpha, "", ""},
    {{"(alpha)"}, Platform::alpha, "", ""},
    {{"MIPS"}, Platform::mips, "", ""},
    {{"(MIPS)"}, Platform::mips, "", ""},
    {{"PPC"}, Platform::powerpc, "", ""},
    {{"PowerPC"}, Platform::powerpc, "", ""},
    {{"Windows", "95"}, Platform::intel, "Windows 95", ""},
    {{"Windows", "98"}, Platform::intel, "Windows 98", ""},
    {{"Win9X"}, Platform::intel, "Win9X", ""},
    {{"Windows", "95", "(all)"}, Platform::intel, "Windows 95 (all)", ""},
    {{"Windows", "95", "&", "OSR1"}, Platform::intel, "Windows 95 & OSR1", ""},
    {{"OSR2.1", "&", "OSR2.5"}, Platform::intel, "OSR2.1 & OSR2.5", ""},
    {{"Windows", "NT", "4.0"}, Platform::any, "Windows NT 4.0", ""},
    {{"Windows", "NT", "4.0", "(Alpha)"}, Platform::alpha, "Windows NT 4.0 (Alpha)", ""},
    {{"NT4"}, Platform::any, "NT4", ""},
    {{"Intel", "and", "alpha"}, Platform::any, "", ""},
    {{"x86", "(Uniprocessor)"}, Platform::intel, "", "Uniprocessor"},
    {{"I386", "-", "128-bit"}, Platform::intel, "", "128-bit"},
  };
  for (const Case& c : cases) {
    CAPTURE(smsscan::util::join(std::vector<std::string>(c.words.begin(), c.words.end()), " "));
    const PlatformFit fit = read_platform(c.words);
    CHECK(fit.fit == Fit::ok);
    CHECK(fit.platform == c.platform);
    CHECK(fit.label == c.label);
    CHECK(fit.note == c.note);
  }
  CHECK(read_platform({"Winsock2"}).fit == Fit::no);
  CHECK(read_platform({"Windows", "Update"}).fit == Fit::no);
  CHECK(read_platform({"x86", "Windows", "95"}).fit == Fit::no);
}

TEST_CASE("caption_platform: one platform named as a word, else none")
{
  CHECK(caption_platform("Alpha:") == Platform::alpha);
  CHECK(caption_platform("The x86 version of this fix") == Platform::intel);
  CHECK(caption_platform("For Intel and Alpha") == std::nullopt);
  CHECK(caption_platform("The alphabetical list") == std::nullopt);
  CHECK(caption_platform("") == std::nullopt);
}
