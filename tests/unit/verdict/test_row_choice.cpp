// Tests for verdict/row_choice.cpp: which variant rows a file is judged
// against, by the version line of its version resource.
#include "smsscan/verdict/row_choice.hpp"

#include <doctest/doctest.h>

#include <optional>
#include <string>
#include <vector>

using smsscan::manifest::FileVersion;
using smsscan::manifest::Manifest;
using smsscan::manifest::ManifestFile;
using smsscan::manifest::parse_file_version;
using smsscan::manifest::VersionLine;
using smsscan::verdict::choose_rows;
using smsscan::verdict::RowChoice;

namespace {

ManifestFile variant_row(const std::string& version, const std::string& variant)
{
  ManifestFile row;
  row.name = "W3svc.dll";
  row.date = smsscan::util::CivilDate{2001, 8, 6};
  row.variant = variant;
  row.version_text = version;
  if (!version.empty()) {
    row.version = parse_file_version(version);
    REQUIRE(row.version.has_value());
  }
  return row;
}

FileVersion v(const char* text)
{
  const auto parsed = parse_file_version(text);
  REQUIRE(parsed.has_value());
  return *parsed;
}

std::vector<std::string> variants(const RowChoice& choice)
{
  std::vector<std::string> out;
  for (const ManifestFile* row : choice.rows) {
    out.push_back(row->variant);
  }
  return out;
}

} // namespace

TEST_CASE("choose_rows: the row of the file's version line")
{
  const Manifest manifest;
  const ManifestFile iis5 = variant_row("5.0.2195.4051", "Internet Information Services 5.0");
  const ManifestFile iis4 = variant_row("4.2.769.1", "Internet Information Server 4.0");
  const std::vector<const ManifestFile*> rows = {&iis5, &iis4};

  const RowChoice four = choose_rows(manifest, rows, v("4.2.739.1"));
  CHECK(variants(four) == std::vector<std::string>{"Internet Information Server 4.0"});
  CHECK(four.review.empty());
  CHECK(four.note.empty());
  const RowChoice five = choose_rows(manifest, rows, v("5.0.2195.1"));
  CHECK(variants(five) == std::vector<std::string>{"Internet Information Services 5.0"});

  const RowChoice six = choose_rows(manifest, rows, v("6.0.2600.1"));
  CHECK(six.rows.empty());
  CHECK(six.review == "version 6.0.x matches no row of this article (its rows are 5.0.x, 4.2.x)");
}

TEST_CASE("choose_rows: of several rows of one line, the nearest build, then revision")
{
  const Manifest manifest;
  const ManifestFile windows2000 = variant_row("5.0.2195.3645", "Windows 2000");
  const ManifestFile nt4 = variant_row("5.0.1782.4", "Windows NT 4.0 Server");
  const ManifestFile nt4_original = variant_row("5.00.1782.4", "Windows NT 4.0 Server, original patch");
  const std::vector<const ManifestFile*> rows = {&windows2000, &nt4, &nt4_original};
  // An unpatched Windows 2000 Idq.dll is judged against the Windows 2000 row,
  // not against NT 4.0's lower 5.0.1782.4 (which would call it newer).
  CHECK(variants(choose_rows(manifest, rows, v("5.0.2195.3000"))) == std::vector<std::string>{"Windows 2000"});
  // NT 4.0's: both NT 4.0 rows, equally near; the most favourable counts, said so.
  const RowChoice nt4_file = choose_rows(manifest, rows, v("5.0.1781.3"));
  CHECK(nt4_file.rows.size() == 2);
  CHECK(nt4_file.note.find("the most favourable of its rows counts") != std::string::npos);

  const ManifestFile tse = variant_row("4.0.1381.33478", "Terminal Server Edition");
  const ManifestFile nt = variant_row("4.0.1381.7086", "Windows NT 4.0");
  const std::vector<const ManifestFile*> same_build = {&nt, &tse};
  CHECK(variants(choose_rows(manifest, same_build, v("4.0.1381.33000"))) ==
        std::vector<std::string>{"Terminal Server Edition"});
  CHECK(variants(choose_rows(manifest, same_build, v("4.0.1381.7000"))) == std::vector<std::string>{"Windows NT 4.0"});
}

TEST_CASE("choose_rows: without versions, every row and a note; unversioned rows for other lines")
{
  const Manifest manifest;
  const ManifestFile win95 = variant_row("", "Windows 95");
  const ManifestFile win98 = variant_row("", "Windows 98");
  const std::vector<const ManifestFile*> rows = {&win95, &win98};
  const RowChoice unversioned_file = choose_rows(manifest, rows, std::nullopt);
  CHECK(unversioned_file.rows.size() == 2);
  CHECK(unversioned_file.note ==
        "the file has no version to choose a row by: the most favourable of its rows counts (Windows 95, Windows 98)");
  const RowChoice unversioned_rows = choose_rows(manifest, rows, v("4.10.1998.0"));
  CHECK(unversioned_rows.rows.size() == 2);
  CHECK(unversioned_rows.note.find("no row of this file gives a version") == 0);

  // One row gives a version of another line, the other none: the other judges, by date.
  const ManifestFile versioned = variant_row("4.0.950.0", "Windows 95");
  const std::vector<const ManifestFile*> mixed = {&versioned, &win98};
  const RowChoice other_line = choose_rows(manifest, mixed, v("4.10.1998.0"));
  CHECK(variants(other_line) == std::vector<std::string>{"Windows 98"});
  CHECK(other_line.note.find("matches no versioned row") != std::string::npos);

  // One row, no variants: nothing to say.
  const std::vector<const ManifestFile*> one = {&win95};
  CHECK(choose_rows(manifest, one, std::nullopt).note.empty());
}

TEST_CASE("choose_rows: a build floor with a version line applies to files of that line only")
{
  Manifest manifest;
  manifest.min_build = 1380;
  manifest.min_build_line = VersionLine{2, 0};
  const ManifestFile clicore = variant_row("", "");
  const std::vector<const ManifestFile*> rows = {&clicore};
  // 5.0.2195.1 on an SMS 2.0 file: another product's version resource, not "later than build 1380".
  const RowChoice other = choose_rows(manifest, rows, v("5.0.2195.1"));
  CHECK(other.rows.empty());
  CHECK(other.review == "version 5.0.x matches no row of this article (its build floor is for 2.0.x)");
  CHECK(choose_rows(manifest, rows, v("2.0.1239.0")).rows.size() == 1);
  // A floor without a line (min-build) applies to any version, as before.
  manifest.min_build_line.reset();
  CHECK(choose_rows(manifest, rows, v("5.0.2195.1")).rows.size() == 1);
}
