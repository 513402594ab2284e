// Tests for src/smsscan/kb/column_inference.cpp: columns of headerless rows told from the values.
#include "smsscan/kb/column_inference.hpp"

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

TEST_CASE("layout: rows without a column header; platform in parentheses")
{
  const auto result =
    import_kb_article(article("The English version of this fix should have the following file attributes:\n"
                              "\n"
                              "   06/08/99  06:12p   144,144  Msv1_0.dll  (Intel)\n"
                              "   06/08/99  06:12p   200,464  Msv1_0.dll  (Alpha)\n"
                              "\n"
                              "More text.\n"),
                      "t.txt");
  REQUIRE_MESSAGE(result.has_value(), result.error().to_string());
  REQUIRE(result->manifest.files.size() == 2);
  CHECK(row(result->manifest.files[0]) == "Msv1_0.dll|144144|1999-06-08|18:12|Intel|");
  CHECK(row(result->manifest.files[1]) == "Msv1_0.dll|200464|1999-06-08|18:12|Alpha|");
  CHECK_FALSE(result->warnings.empty());
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
  const Error error = import_error(article("     03/27/98   09:12p   170,208 Wuser32.exe (Intel)\n"
                                           "     03/27/98   09:11p   23Q     Wuser32.exe (Alpha)\n"));
  CHECK(error.line == 7);
}

TEST_CASE("infer_columns: a type for every word, a date, a size and a name each once")
{
  const std::string line = "  06/08/99  06:12p  144,144 bytes  4.0.1381.7  Msv1_0.dll (32-bit)  x86";
  const auto columns = infer_columns(line);
  REQUIRE(columns.has_value());
  std::vector<Kind> kinds;
  for (const Column& column : *columns) {
    kinds.push_back(column.kind);
  }
  CHECK(kinds == std::vector<Kind>{Kind::date, Kind::time, Kind::size, Kind::version, Kind::name, Kind::platform});
  // The name's column takes its note.
  CHECK((*columns)[4].end == static_cast<int>(line.find("(32-bit)") + 8));
  CHECK_FALSE(infer_columns("06/08/99  144,144").has_value());                // no name
  CHECK_FALSE(infer_columns("06/08/99  A.dll  B.dll  67").has_value());       // two names
  CHECK_FALSE(infer_columns("The file A.dll of 06/08/99 is 67").has_value()); // prose
}

TEST_CASE("layout: boxed rows without a header; each column keeps its cell")
{
  const Manifest m = import_ok(article("The fix has these files:\n"
                                       "\n"
                                       "+----------+--------+----------+-------------------+----------+\n"
                                       "| 06/08/99 | 06:12p | 144,144  | Msv1_0.dll        | Intel    |\n"
                                       "+----------+--------+----------+-------------------+----------+\n"
                                       "| 06/08/99 | 06:13p | 200,464  | Msv1_0.dll        | Alpha    |\n"
                                       "+----------+--------+----------+-------------------+----------+\n"));
  REQUIRE(m.files.size() == 2);
  CHECK(row(m.files[0]) == "Msv1_0.dll|144144|1999-06-08|18:12|Intel|");
  CHECK(row(m.files[1]) == "Msv1_0.dll|200464|1999-06-08|18:13|Alpha|");
  CHECK(m.files[1].article_line == 11);
  CHECK(m.files[0].caption == "The fix has these files:");
  const auto columns = infer_columns("| 06/08/99 | 06:12p | 144,144  | Msv1_0.dll |", true);
  REQUIRE(columns.has_value());
  REQUIRE(columns->size() == 4);
  CHECK((*columns)[3].cell == 3);
}
