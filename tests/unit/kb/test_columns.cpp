// Tests for src/smsscan/kb/columns.cpp: column labels and the implicit trailing columns.
#include "smsscan/kb/columns.hpp"

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

TEST_CASE("kind_label names every kind")
{
  CHECK(std::string(kind_label(Kind::date)) == "Date");
  CHECK(std::string(kind_label(Kind::time)) == "Time");
  CHECK(std::string(kind_label(Kind::version)) == "Version");
  CHECK(std::string(kind_label(Kind::size)) == "Size");
  CHECK(std::string(kind_label(Kind::name)) == "File name");
  CHECK(std::string(kind_label(Kind::platform)) == "Platform");
  CHECK(std::string(kind_label(Kind::note)) == "Note");
  CHECK(std::string(kind_label(Kind::ignored)) == "(ignored)");
}

TEST_CASE("row_columns: a trailing platform when the header has none, and always a trailing note")
{
  Header header;
  Column date;
  date.kind = Kind::date;
  Column name;
  name.kind = Kind::name;
  header.columns = {date, name};
  const std::vector<Column> columns = row_columns(header);
  REQUIRE(columns.size() == 4);
  CHECK(columns[2].kind == Kind::platform);
  CHECK(columns[2].implicit);
  CHECK(columns[3].kind == Kind::note);
  CHECK(columns[3].implicit);
  CHECK(has_kind(columns, Kind::platform));
  CHECK_FALSE(has_kind(columns, Kind::size));

  Column platform;
  platform.kind = Kind::platform;
  header.columns.push_back(platform);
  const std::vector<Column> with_platform = row_columns(header);
  REQUIRE(with_platform.size() == 4);
  CHECK_FALSE(with_platform[2].implicit);
  CHECK(with_platform[3].kind == Kind::note);
}
