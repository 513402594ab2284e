// Tests for src/smsscan/kb/table_header.cpp: plain, segmented, rule-less and boxed headers.
#include "smsscan/kb/table_header.hpp"

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

TEST_CASE("header_at: the columns a header names and where its rows start")
{
  const std::vector<Line> lines = split_lines("   Date      Time (UTC)  Size (bytes)  File name  Comments\n"
                                              "   ---------------------------------------------------\n"
                                              "   06/08/99  18:12       67            A.dll\n");
  const auto header = header_at(lines, 0);
  REQUIRE(header.has_value());
  REQUIRE(header->columns.size() == 5);
  CHECK(header->columns[0].kind == Kind::date);
  CHECK(header->columns[1].kind == Kind::time);
  CHECK(header->columns[2].kind == Kind::size);
  CHECK(header->columns[3].kind == Kind::name);
  CHECK(header->columns[4].kind == Kind::note);
  CHECK(header->utc);
  CHECK(header->has_rule);
  CHECK(header->body == 2);
  CHECK_FALSE(header_at(lines, 1).has_value());
  CHECK_FALSE(header_at(lines, 2).has_value());
  CHECK_FALSE(header_at(lines, 3).has_value());
}

TEST_CASE("header_at: not a header")
{
  // A file name and no value column; a word that names no column; two dates.
  for (const char* text : {"   File name   Platform\n   -----\n", "   Date   Size   File name   Color\n   -----\n",
                           "   Date   Date   File name\n   -----\n"}) {
    CAPTURE(text);
    CHECK_FALSE(header_at(split_lines(text), 0).has_value());
  }
  // Without a rule, only a full header with a row under it.
  CHECK_FALSE(header_at(split_lines("   Date   Size   File name\n   Some prose follows.\n"), 0).has_value());
  CHECK(header_at(split_lines("   Date   Size   File name\n   06/08/99  67  A.dll\n"), 0).has_value());
}

TEST_CASE("read_header_words and valid_header")
{
  Header header;
  CHECK(read_header_words(tokenize("Date/Time  Filename  Destination folder", false), header));
  REQUIRE(header.columns.size() == 4);
  CHECK(header.columns[0].kind == Kind::date);
  CHECK(header.columns[1].kind == Kind::time);
  CHECK(header.columns[2].kind == Kind::name);
  CHECK(header.columns[3].kind == Kind::ignored);
  CHECK(valid_header(header));
  Header unknown;
  CHECK_FALSE(read_header_words(tokenize("Date  Colour", false), unknown));
  Header no_value;
  CHECK(read_header_words(tokenize("File name  Platform", false), no_value));
  CHECK_FALSE(valid_header(no_value));
}
