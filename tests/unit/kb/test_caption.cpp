// Tests for src/smsscan/kb/caption.cpp: the sentence that introduces a table.
#include "smsscan/kb/caption.hpp"

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

namespace {

std::string caption_of(const std::string& text)
{
  const std::vector<Line> lines = split_lines(text);
  std::size_t header = 0;
  while (header < lines.size() && lines[header].text.find("File name") == std::string::npos) {
    ++header;
  }
  REQUIRE(header < lines.size());
  return find_caption(lines, header, std::vector<bool>(lines.size(), false));
}

} // namespace

TEST_CASE("find_caption: the sentence that introduces the table, across line breaks")
{
  CHECK(caption_of("Some words first. The English version of this fix should have the\n"
                   "following file attributes or later:\n"
                   "\n"
                   "   Date   Size   File name\n") ==
        "The English version of this fix should have the following file attributes or later:");
  // No sentence introduces the table: the last one.
  CHECK(caption_of("One. Two words here\n\n   Date   Size   File name\n") == "Two words here");
  // A rule between the paragraph and the header is skipped.
  CHECK(caption_of("German version:\n\n-----\n   Date   Size   File name\n") == "German version:");
  CHECK(caption_of("   Date   Size   File name\n").empty());
}

TEST_CASE("find_caption: never reaches into lines of another table")
{
  const std::vector<Line> lines = split_lines("Intro:\n\n   06/08/99  67  A.dll\n\n   Date   Size   File name\n");
  std::vector<bool> used(lines.size(), false);
  used[2] = true;
  CHECK(find_caption(lines, 4, used).empty());
  CHECK(find_caption(lines, 4, std::vector<bool>(lines.size(), false)) == "06/08/99  67  A.dll");
}
