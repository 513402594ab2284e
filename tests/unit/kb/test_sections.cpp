// Tests for src/smsscan/kb/sections.cpp: headings that name the variant of
// the tables below them.
#include "smsscan/kb/sections.hpp"

#include "kb_support.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace smsscan::kb;
using namespace smsscan::kb::test;

namespace {

// The variant of each table (a line starting with "Date") of the text.
std::vector<std::string> table_variants(const std::string& text)
{
  const std::vector<Line> lines = split_lines(text);
  std::vector<bool> used(lines.size(), false);
  std::vector<std::size_t> starts;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].text.find("Date") == 2) {
      starts.push_back(i);
      for (std::size_t k = i; k < lines.size() && !is_blank(lines[k].text); ++k) {
        used[k] = true;
      }
    }
  }
  const std::vector<Heading> headings = find_headings(lines, used, starts);
  std::vector<std::string> variants;
  for (const std::size_t start : starts) {
    variants.push_back(section_variant(headings, start));
  }
  return variants;
}

const char* const k_table = "  Date  Size  File name\n  -----\n  06/08/99  67  A.dll\n\n";

} // namespace

TEST_CASE("find_headings: underlined, colon and title headings name the tables below them")
{
  const std::string table = k_table;
  CHECK(table_variants("RESOLUTION\n==========\n\nInternet Information Services 5.0\n"
                       "---------------------------------\n\nThe fix has these attributes:\n\n" +
                       table + "Internet Information Server 4.0\n-------------------------------\n\n" + table) ==
        std::vector<std::string>{"Internet Information Services 5.0", "Internet Information Server 4.0"});
  CHECK(table_variants("Windows NT Server 4.0, Terminal Server Edition:\n\n" + table) ==
        std::vector<std::string>{"Windows NT Server 4.0, Terminal Server Edition"});
  // A short title line directly before the table's lead-in sentence.
  CHECK(table_variants("MDAC 2.6\n\nThe English version of this fix has these file attributes:\n\n" + table +
                       "MDAC 2.7\n\n" + table) == std::vector<std::string>{"MDAC 2.6", "MDAC 2.7"});
}

TEST_CASE("find_headings: article sections end a variant; lead-ins, steps and prose are no headings")
{
  const std::string table = k_table;
  CHECK(table_variants("Windows 2000\n------------\n\n" + table + "STATUS\n======\n\nText.\n\n" + table) ==
        std::vector<std::string>{"Windows 2000", ""});
  CHECK(table_variants("The English version of this fix should have the following file attributes:\n\n" + table) ==
        std::vector<std::string>{""});
  CHECK(table_variants("To install this update, follow these steps:\n\n" + table) == std::vector<std::string>{""});
  CHECK(table_variants("Method 2\n--------\n\n" + table) == std::vector<std::string>{""});
  CHECK(table_variants("This is a sentence in a paragraph\n\n" + table) == std::vector<std::string>{""});
  // "Hotfix Information" inside a product's part keeps the product's variant.
  CHECK(table_variants("Windows NT 4.0\n--------------\n\nHotfix Information\n------------------\n\n" + table) ==
        std::vector<std::string>{"Windows NT 4.0"});
}

TEST_CASE("is_article_section")
{
  CHECK(is_article_section("SYMPTOMS"));
  CHECK(is_article_section("More Information"));
  CHECK(is_article_section("RESOLUTION:"));
  CHECK_FALSE(is_article_section("Windows NT 4.0"));
}
