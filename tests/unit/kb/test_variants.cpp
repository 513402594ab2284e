// Tests for src/smsscan/kb/variants.cpp: what tells the rows of one file apart.
#include "smsscan/kb/variants.hpp"

#include "kb_support.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace smsscan::kb;
using smsscan::manifest::ManifestFile;
using smsscan::manifest::Platform;

namespace {

ManifestFile file(const std::string& name, std::uint64_t size, int line, const std::string& note = "",
                  const std::string& variant = "")
{
  ManifestFile row;
  row.name = name;
  row.size = size;
  row.date = smsscan::util::CivilDate{1999, 6, 8};
  row.article_line = line;
  row.line = line;
  row.note = note;
  row.variant = variant;
  return row;
}

} // namespace

TEST_CASE("join_variant")
{
  CHECK(join_variant("IIS 4.0", "Windows 98") == "IIS 4.0, Windows 98");
  CHECK(join_variant("", "Windows 98") == "Windows 98");
  CHECK(join_variant("IIS 4.0", "") == "IIS 4.0");
}

TEST_CASE("resolve_repeats: exact repeats dropped; the others told apart by note, else by line")
{
  std::vector<ManifestFile> files = {file("A.dll", 1, 10),
                                     file("a.DLL", 1, 11),
                                     file("A.dll", 2, 12),
                                     file("B.exe", 3, 13, "16-bit"),
                                     file("B.exe", 4, 14, "32-bit"),
                                     file("C.dll", 5, 15, "", "IIS 5.0"),
                                     file("C.dll", 6, 16, "", "IIS 4.0")};
  files[6].platform = Platform::any;
  std::vector<Problem> notes;
  std::vector<Problem> skipped;
  resolve_repeats(files, notes, skipped);
  REQUIRE(files.size() == 6);
  CHECK(files[0].variant == "line 10");
  CHECK(files[1].variant == "line 12");
  CHECK(files[2].variant == "16-bit");
  CHECK(files[3].variant == "32-bit");
  // Already told apart by their sections: left alone.
  CHECK(files[4].variant == "IIS 5.0");
  CHECK(files[5].variant == "IIS 4.0");
  REQUIRE(skipped.size() == 1);
  CHECK(skipped[0].line == 11);
  CHECK(skipped[0].message == "file 'a.DLL' repeats line 10 exactly; the repeat is dropped");
}
