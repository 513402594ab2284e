// Tests for src/smsscan/kb/table_finder.cpp: tables, blank lines and sub-captions inside them, prose after them, orphan
// rows.
#include "smsscan/kb/table_finder.hpp"

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

TEST_CASE("find_tables: tables in order, their lines used, problems for a header without rows")
{
  const std::vector<Line> lines = split_lines("Intro:\n"
                                              "\n"
                                              "   Date      Size   File name\n"
                                              "   ---------------------------\n"
                                              "   06/08/99  67     A.dll\n"
                                              "\n"
                                              "   Date      Size   File name\n"
                                              "   ---------------------------\n"
                                              "\n"
                                              "This is prose after an empty table, long enough.\n");
  const TableScan scan = find_tables(lines, 0);
  REQUIRE(scan.tables.size() == 2);
  CHECK(scan.tables[0].caption == "Intro:");
  REQUIRE(scan.tables[0].rows.size() == 1);
  CHECK(scan.tables[0].rows[0].line == 4);
  CHECK(scan.tables[0].rows[0].caption == "Intro:");
  CHECK(scan.used[2]);
  CHECK(scan.used[4]);
  CHECK_FALSE(scan.used[0]);
  REQUIRE(scan.problems.size() == 1);
  CHECK(scan.problems[0].line == 7);
  CHECK(scan.problems[0].message == "file table header is not followed by any rows");
}

TEST_CASE("prose, sub-captions, date words and orphan rows")
{
  CHECK(is_prose("NOTE: this is a note"));
  CHECK(is_prose("This fix replaces the files that are listed here."));
  CHECK_FALSE(is_prose("06/08/99 67 A.dll"));
  CHECK_FALSE(is_prose("Short words"));
  CHECK(is_sub_caption("Alpha:"));
  CHECK(is_sub_caption("Windows NT 4.0 Server:"));
  CHECK_FALSE(is_sub_caption("Alpha"));
  CHECK_FALSE(is_sub_caption("A.dll is new:"));
  CHECK(has_date_word("dated 06/08/99 here"));
  CHECK_FALSE(has_date_word("version 4.0.1381"));

  const std::vector<Line> lines = split_lines("text\n06/08/99 67 A.dll\nmore\n");
  const std::vector<std::size_t> orphans = orphan_rows(lines, std::vector<bool>(lines.size(), false));
  REQUIRE(orphans.size() == 1);
  CHECK(orphans[0] == 1);
  CHECK(orphan_rows(lines, {false, true, false}).empty());
}
