// Tests for src/smsscan/kb/row_matcher.cpp: rows assigned to columns by type and position; errors for impossible
// values.
#include "smsscan/kb/row_matcher.hpp"

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

TEST_CASE("error: impossible values")
{
  const std::string table_head = "   Date      Time    Size     File name     Platform\n"
                                 "   -------------------------------------------------\n";
  SUBCASE("a date that does not exist")
  {
    const Error error = import_error(article(table_head + "   02/30/99  06:12p  67       A.dll\n"));
    CHECK(error.line == 8);
    CHECK(error.message.find("date '02/30/99' does not exist") == 0);
  }
  SUBCASE("a time that does not exist")
  {
    const Error error = import_error(article(table_head + "   02/03/99  25:12   67       A.dll\n"));
    CHECK(error.message.find("time '25:12'") == 0);
  }
  SUBCASE("a size with broken separators")
  {
    const Error error = import_error(article(table_head + "   02/03/99  06:12p  1,17,311 A.dll\n"));
    CHECK(error.message.find("size '1,17,311'") == 0);
  }
  SUBCASE("a date with a three-digit year")
  {
    const Error error = import_error(article(table_head + "   12/20/199  06:12p  67       A.dll\n"));
    CHECK(error.line == 8);
    CHECK(error.message.find("row does not parse: '12/20/199") == 0);
  }
  SUBCASE("a version part above 65535")
  {
    const Error error = import_error(article("   Date      Version        Size     File name\n"
                                             "   -------------------------------------------\n"
                                             "   02/03/99  5.0.70000.1    67       A.dll\n"));
    CHECK(error.message.find("version '5.0.70000.1' does not parse") == 0);
  }
}

namespace {

Column column(Kind kind, int start, int end)
{
  Column c;
  c.kind = kind;
  c.start = start;
  c.end = end;
  return c;
}

} // namespace

TEST_CASE("parse_row: values by type; position breaks ties; impossible values give an error")
{
  // Header "Date      Size     File name" with a trailing note column.
  Header header;
  header.columns = {column(Kind::date, 0, 8), column(Kind::size, 10, 14), column(Kind::name, 19, 28)};
  const std::vector<Column> columns = row_columns(header);
  const RowParse ok = parse_row("06/08/99  67       A.dll (pre-SP1)", columns, false, DateOrder::mdy);
  REQUIRE(ok.matched);
  CHECK(ok.error.empty());
  CHECK(format_iso_date(*ok.value.date) == "1999-06-08");
  CHECK(ok.value.size == std::uint64_t{67});
  CHECK(ok.value.name == "A.dll");
  CHECK(ok.value.note == "pre-SP1");
  CHECK(ok.value.platform == Platform::any);

  const RowParse bad = parse_row("02/30/99  67       A.dll", columns, false, DateOrder::mdy);
  CHECK(bad.matched);
  CHECK(bad.error == "date '02/30/99' does not exist");
  CHECK_FALSE(parse_row("06/08/99  A.dll", columns, false, DateOrder::mdy).matched);
  CHECK_FALSE(parse_row("", columns, false, DateOrder::mdy).matched);

  CHECK(row_like("13/06/99  67  A.dll", columns, false)); // day first reads
  CHECK_FALSE(row_like("Some words of prose here", columns, false));
  CHECK_FALSE(row_like("06/08/99  67  A.dll", columns, true)); // not a boxed line
}

TEST_CASE("parse_row: boxed rows keep a cell's words in their column")
{
  Header header;
  header.boxed = true;
  Column name = column(Kind::name, 1, 20);
  name.cell = 0;
  Column version = column(Kind::version, 21, 30);
  version.cell = 1;
  Column date = column(Kind::date, 31, 40);
  date.cell = 2;
  header.columns = {name, version, date};
  const RowParse parse =
    parse_row("| Mstsc Client.exe |         | 06/08/99 |", row_columns(header), true, DateOrder::mdy);
  REQUIRE(parse.matched);
  CHECK(parse.value.name == "Mstsc Client.exe");
  CHECK(parse.value.version_text.empty());
  CHECK(format_iso_date(*parse.value.date) == "1999-06-08");
}

TEST_CASE("parse_row: a trailing comment after a lone dash, not after anything else")
{
  Header header;
  header.columns = {column(Kind::version, 2, 11), column(Kind::size, 14, 22), column(Kind::name, 24, 33),
                    column(Kind::platform, 36, 44)};
  const std::vector<Column> columns = row_columns(header);
  const RowParse dashed =
    parse_row("  2.00.1054          67  Compver1054.ini -   Renamed to Compver.ini", columns, false, DateOrder::mdy);
  REQUIRE(dashed.matched);
  CHECK(dashed.value.name == "Compver1054.ini");
  CHECK(dashed.value.note == "Renamed to Compver.ini");
  CHECK_FALSE(
    parse_row("  2.00.1054          67  Compver1054.ini   Renamed to Compver.ini", columns, false, DateOrder::mdy)
      .matched);
}
