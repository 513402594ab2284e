// Tests for src/smsscan/kb/table_rows.cpp: one table's rows, continuation
// lines, filler lines, skipped rows and tables.
#include "smsscan/kb/table_rows.hpp"

#include "kb_support.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace smsscan::kb;
using namespace smsscan::kb::test;
using smsscan::manifest::Platform;

namespace {

TableFiles first_table(const std::string& text)
{
  const std::vector<Line> lines = split_lines(text);
  const TableScan scan = find_tables(lines, 0);
  REQUIRE_FALSE(scan.tables.empty());
  return table_files(scan.tables.front(), lines);
}

} // namespace

TEST_CASE("table_files: a wrapped Platform cell continues the row above; separators are no rows")
{
  const TableFiles read = first_table("  Date        Time    Version      Size    File name     Platform\n"
                                      "  ---------------------------------------------------------------\n"
                                      "  09/08/1999  07:00p  4.71.3328.0  26,112  Rpcltccm.dll  Windows 98\n"
                                      "                                                         Second Edition\n"
                                      "  -or-\n"
                                      "  09/08/1999  07:00p  4.71.3328.0  26,112  Rpcltccm.dll  Windows 95\n");
  REQUIRE(read.problems.empty());
  REQUIRE(read.files.size() == 2);
  CHECK(read.files[0].variant == "Windows 98 Second Edition");
  CHECK(read.files[0].platform == Platform::intel);
  CHECK(read.files[0].article_line == 3);
  CHECK(read.files[1].variant == "Windows 95");
  CHECK(read.files[1].article_line == 6);
}

TEST_CASE("table_files: rows for other machines and rows without a version or date are skipped, with why")
{
  const TableFiles read = first_table("  Date        Size     File name   Platform\n"
                                      "  ------------------------------------------\n"
                                      "  09/08/1999  26,112   A.dll       x86\n"
                                      "  09/08/1999  26,112   A.dll       IA-64\n"
                                      "  09/08/1999  26,112   A.mac       Macintosh\n"
                                      "              26,112   B.dll       x86\n");
  REQUIRE(read.files.size() == 1);
  REQUIRE(read.skipped.size() == 3);
  CHECK(read.skipped[0].message.find("a file for 64-bit processors") != std::string::npos);
  CHECK(read.skipped[1].message.find("a file for the Macintosh") != std::string::npos);
  CHECK(read.skipped[2].message.find("neither a version nor a date") != std::string::npos);
}

TEST_CASE("table_files: a table without Date and Version columns is skipped, not refused")
{
  const TableFiles read = first_table("  Size        File name\n  --------------------\n  7,010,648   A.exe\n");
  CHECK(read.files.empty());
  CHECK(read.problems.empty());
  REQUIRE(read.skipped.size() == 1);
  CHECK(read.skipped[0].message.find("neither a Date nor a Version column") != std::string::npos);
}

TEST_CASE("table_files: a row in another column order is read by the type of its values")
{
  const TableFiles read = first_table("  Version    Date              Size           File name\n"
                                      "  -----------------------------------------------------\n"
                                      "  4.10.1660  1/07/99 06:04pm   43,520 bytes   Rnr20.dll\n");
  REQUIRE(read.problems.empty());
  REQUIRE(read.files.size() == 1);
  CHECK(row(read.files[0]) == "Rnr20.dll|43520|1999-01-07|18:04||4.10.1660");
}
