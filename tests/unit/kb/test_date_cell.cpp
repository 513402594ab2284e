// Tests for src/smsscan/kb/date_cell.cpp: every date form, date order, impossible dates.
#include "smsscan/kb/date_cell.hpp"

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

TEST_CASE("layout: day-first dates are read day first when no other reading exists")
{
  const auto result = import_kb_article(article("   Date      Time    Size     File name\n"
                                                "   -------------------------------------\n"
                                                "   13/06/99  04:40p  144,144  A.dll\n"
                                                "   01/06/99  04:40p  144,144  B.dll\n"),
                                        "t.txt");
  REQUIRE_MESSAGE(result.has_value(), result.error().to_string());
  CHECK(format_iso_date(*result->manifest.files[0].date) == "1999-06-13");
  CHECK(format_iso_date(*result->manifest.files[1].date) == "1999-06-01");
  CHECK_FALSE(result->warnings.empty());
}

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

TEST_CASE("month_from_name: short, long, with a dot or comma, any case")
{
  CHECK(month_from_name("Jan") == 1);
  CHECK(month_from_name("JUNE") == 6);
  CHECK(month_from_name("Sept") == 9);
  CHECK(month_from_name("Oct.") == 10);
  CHECK(month_from_name("December,") == 12);
  CHECK(month_from_name("Ju") == 0);
  CHECK(month_from_name("") == 0);
}

TEST_CASE("read_date_token: the order decides 06/08/99; dots are day first; impossible dates are bad")
{
  CHECK(format_iso_date(read_date_token("06/08/99", DateOrder::mdy).date) == "1999-06-08");
  CHECK(format_iso_date(read_date_token("06/08/99", DateOrder::dmy).date) == "1999-08-06");
  CHECK(format_iso_date(read_date_token("08.06.1999", DateOrder::mdy).date) == "1999-06-08");
  CHECK(read_date_token("4.10.99", DateOrder::mdy).fit == Fit::ok); // 4 October 1999, a real date
  CHECK(read_date_token("4.40.99", DateOrder::mdy).fit == Fit::no); // not a date: maybe a version
  CHECK(read_date_token("13/06/99", DateOrder::mdy).fit == Fit::bad);
  CHECK(read_date_token("13/06/99", DateOrder::dmy).fit == Fit::ok);
  CHECK(read_date_token("1850-01-01", DateOrder::mdy).fit == Fit::bad); // not a year of the era
  CHECK(read_date_token("06/08-99", DateOrder::mdy).fit == Fit::no);
  CHECK(read_date_token("A.dll", DateOrder::mdy).fit == Fit::no);
  CHECK(read_date({"June", "8,", "1999"}, DateOrder::dmy).fit == Fit::ok);
  CHECK(read_date({"June", "8"}, DateOrder::mdy).fit == Fit::no);
}

TEST_CASE("read_date_token: a two-digit year first when the first part is above 31; dd-Mon-yyyy, mm-dd-yyyy")
{
  CHECK(format_iso_date(read_date_token("98/10/28", DateOrder::mdy).date) == "1998-10-28");
  CHECK(format_iso_date(read_date_token("27-Jun-2002", DateOrder::mdy).date) == "2002-06-27");
  CHECK(format_iso_date(read_date_token("09-25-1998", DateOrder::mdy).date) == "1998-09-25");
  CHECK(read_date_token("12/20/199", DateOrder::mdy).fit == Fit::no); // a typo stays unread
}
