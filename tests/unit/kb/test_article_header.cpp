// Tests for src/smsscan/kb/article_header.cpp: the header styles, the title, product and fix fallbacks, UTC detection.
#include "smsscan/kb/article_header.hpp"

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

TEST_CASE("header: archive style with a title line above Article:, and UTC across a line break")
{
  const Manifest m = import_ok("FIX: Logon Fails After Upgrade\n"
                               "\n"
                               "Article: Q300001\n"
                               "Product(s): Microsoft Windows 2000\n"
                               "Version(s): 2000\n"
                               "\n"
                               "The English version of this fix has the file attributes (or later) that are\n"
                               "listed in the following table. The dates and times for these files are listed in\n"
                               "Coordinated Universal\n"
                               "Time (UTC). When you view the file information, it is converted to local time.\n"
                               "\n"
                               "   Date         Time   Version            Size    File name\n"
                               "   --------------------------------------------------------------\n"
                               "   13-Jun-2001  18:00  5.0.2195.3727   123,664  Afd.sys\n");
  CHECK(m.kb == "Q300001");
  CHECK(m.title == "FIX: Logon Fails After Upgrade");
  CHECK(m.product == "Microsoft Windows 2000");
  CHECK(m.times == ManifestTimes::utc);
  CHECK(m.locations.empty());
  REQUIRE(m.files.size() == 1);
  CHECK(row(m.files[0]) == "Afd.sys|123664|2001-06-13|18:00||5.0.2195.3727");
  CHECK(m.files[0].caption.find("The English version of this fix has the file attributes") == 0);
  check_round_trip(m);
}

TEST_CASE("header: old style; fix from 'corrected in ... Service Pack N'; KB from the file name")
{
  const Manifest m = import_ok(article("STATUS\n======\n\nThis problem was first corrected in Windows NT 4.0 "
                                       "Service Pack 6.\n\n"
                                       "   Date      Time    Size     File name\n"
                                       "   ------------------------------------\n"
                                       "   06/08/99  06:12p  67       A.dll\n"));
  CHECK(m.kb == "Q900001");
  CHECK(m.title == "Test article");
  CHECK(m.product == "Microsoft Windows NT 4.0");
  CHECK(m.fix == "Windows NT 4.0 Service Pack 6");

  const auto no_number = import_kb_article("   Date      Time    Size     File name\n"
                                           "   ------------------------------------\n"
                                           "   06/08/99  06:12p  67       A.dll\n",
                                           "kb/Q123456.txt");
  REQUIRE(no_number.has_value());
  CHECK(no_number->manifest.kb == "Q123456");
  CHECK_FALSE(no_number->manifest.title.empty());
  CHECK_FALSE(no_number->manifest.product.empty());
  check_round_trip(no_number->manifest);

  const Error error = import_error("   Date      Time    Size     File name\n"
                                   "   ------------------------------------\n"
                                   "   06/08/99  06:12p  67       A.dll\n",
                                   "article.txt");
  CHECK(error.message.find("no KB article number") != std::string::npos);
}

TEST_CASE("header: Service Pack 6a, Time (UTC) header, no product field")
{
  const Manifest m = import_ok("Article: Q900003\n"
                               "\n"
                               "The information in this article applies to:\n"
                               "\n"
                               " - Microsoft Windows NT Server version 4.0\n"
                               "\n"
                               "This problem was first corrected in Microsoft Windows NT 4.0 Service Pack 6a.\n"
                               "\n"
                               "   Date       Time (UTC)  Size     File name\n"
                               "   ------------------------------------------\n"
                               "   06/08/99   18:12       67       A.dll\n");
  CHECK(m.fix == "Windows NT 4.0 Service Pack 6a");
  CHECK(m.product == "Microsoft Windows NT Server version 4.0");
  CHECK(m.times == ManifestTimes::utc);
  check_round_trip(m);
}

TEST_CASE("header: times are local unless the article says UTC")
{
  const Manifest m = import_ok(article("The times are shown in Redmond time.\n\n"
                                       "   Date      Time    Size     File name\n"
                                       "   ------------------------------------\n"
                                       "   06/08/99  06:12p  67       A.dll\n"));
  CHECK(m.times == ManifestTimes::local);
}

TEST_CASE("header: web-archive copy with front matter, a Markdown title and tab-indented text")
{
  const Manifest m = import_ok("---\n"
                               "layout: page\n"
                               "title: \"Q305209: Cannot Migrate to SMS 2.0\"\n"
                               "---\n"
                               "\n"
                               "## Q305209: Cannot Migrate to SMS 2.0\n"
                               "\n"
                               "\tArticle: Q305209\n"
                               "\tProduct(s): Microsoft Systems Management Server\n"
                               "\tVersion(s): 2.0 SP3\n"
                               "\t\n"
                               "\tThe English version of this fix should have the following file attributes:\n"
                               "\t\n"
                               "\t  Date         Time   Version        Size       File name        Platform\n"
                               "\t  -----------------------------------------------------------------------\n"
                               "\t  22-Aug-2001  17:24  2.0.3.0          253,957  Q305209.exe      \n"
                               "\t  01-Mar-2001  13:00  2.0.1493.3125    259,936  Bindclin.dll     X86\n");
  CHECK(m.kb == "Q305209");
  CHECK(m.title == "Cannot Migrate to SMS 2.0");
  CHECK(m.product == "Microsoft Systems Management Server 2.0 SP3");
  CHECK_FALSE(m.locations.empty());
  REQUIRE(m.files.size() == 2);
  CHECK(row(m.files[1]) == "Bindclin.dll|259936|2001-03-01|13:00|Intel|2.0.1493.3125");
}

TEST_CASE("kb_number and strip_title_prefix")
{
  CHECK(kb_number("Q231399") == "Q231399");
  CHECK(kb_number("231399") == "Q231399");
  CHECK(kb_number("KB231399") == "Q231399");
  CHECK(kb_number("q231399.") == "Q231399");
  CHECK(kb_number("Q12").empty());
  CHECK(kb_number("Q12345678").empty());
  CHECK(kb_number("Qabc").empty());
  CHECK(strip_title_prefix("## Q305209: Cannot  Migrate") == "Cannot Migrate");
  CHECK(strip_title_prefix("SMS: Accounts") == "SMS: Accounts");
}

TEST_CASE("read_fields: both styles, continuation lines, where the header ends")
{
  const std::vector<Line> old_style = split_lines("DOCUMENT:Q231399  06-AUG-2002  [sms]\n"
                                                  "TITLE   :SMS: Accounts Locked\n"
                                                  "         Out\n"
                                                  "PRODUCT :Microsoft Systems Management Server\n"
                                                  "PROD/VER:winnt:2.0\n"
                                                  "==========\n"
                                                  "TITLE: not a field any more\n");
  const ArticleFields fields = read_fields(old_style);
  CHECK(fields.kb == "Q231399");
  CHECK(fields.title == "SMS: Accounts Locked Out");
  CHECK(fields.have_title);
  CHECK(fields.product == "Microsoft Systems Management Server");
  CHECK(fields.versions == "2.0");
  CHECK(fields.end == 5);

  const std::vector<Line> archive = split_lines("Article: Q231942\nProduct(s): Windows 95\nVersion(s): 95\n\nBody\n");
  const ArticleFields archived = read_fields(archive);
  CHECK(archived.kb == "Q231942");
  CHECK_FALSE(archived.have_title);
  CHECK(archived.article_line == 0);
  CHECK(archived.versions == "95");
  CHECK(archived.end == 3);
}

TEST_CASE("says_utc, service_pack_fix")
{
  CHECK(says_utc("the times are listed in coordinated universal time (utc)."));
  CHECK(says_utc("they are in universal coordinated time"));
  CHECK_FALSE(says_utc("the times are in pacific time"));
  CHECK(service_pack_fix("This problem was first corrected in Windows NT 4.0 Service Pack 6a.") ==
        "Windows NT 4.0 Service Pack 6a");
  CHECK(service_pack_fix("first corrected in Microsoft Systems Management Server 2.0 Service Pack Service Pack 2.") ==
        "SMS 2.0 Service Pack 2");
  CHECK(service_pack_fix("corrected in the latest service pack for Windows NT 4.0. Service Pack 5").empty());
  CHECK(service_pack_fix("nothing here").empty());
}
