// Tests for src/file_version.cpp: parse_file_version, FileVersion ordering,
// from_ms_ls and to_string.
#include "smsscan/manifest/file_version.hpp"

#include <doctest/doctest.h>

#include <array>
#include <cstdint>
#include <optional>
#include <string>

using smsscan::manifest::FileVersion;
using smsscan::manifest::parse_file_version;

namespace {

FileVersion version(const char* text)
{
  const std::optional<FileVersion> parsed = parse_file_version(text);
  REQUIRE_MESSAGE(parsed.has_value(), "\"" << text << "\" was refused");
  return *parsed;
}

std::array<std::uint16_t, 4> parts(std::uint16_t a, std::uint16_t b, std::uint16_t c, std::uint16_t d)
{
  return {a, b, c, d};
}

} // namespace

TEST_CASE("parse_file_version: leading zeros are ignored")
{
  CHECK(version("2.00.1380.0001") == version("2.0.1380.1"));
  CHECK(version("2.00.1380.0001").parts == parts(2, 0, 1380, 1));
  CHECK(version("2.00.1380.1000").to_string() == "2.0.1380.1000");
}

TEST_CASE("parse_file_version: missing parts are zero")
{
  CHECK(version("5").parts == parts(5, 0, 0, 0));
  CHECK(version("5.1").parts == parts(5, 1, 0, 0));
  CHECK(version("5.1.2600").parts == parts(5, 1, 2600, 0));
  CHECK(version("2.0") == version("2.0.0.0"));
}

TEST_CASE("parse_file_version: the comma form of old version resources")
{
  CHECK(version("2, 0, 1380, 1000").parts == parts(2, 0, 1380, 1000));
  CHECK(version("2,0,1380,1000") == version("2.0.1380.1000"));
}

TEST_CASE("parse_file_version: a note after a space is ignored, spaces around are allowed")
{
  CHECK(version("5.0.2195.1 (SP1)").parts == parts(5, 0, 2195, 1));
  CHECK(version("5.00.2195.1620 (SP1.010508-1521)").parts == parts(5, 0, 2195, 1620));
  CHECK(version("  2.0.1380.1000  ").parts == parts(2, 0, 1380, 1000));
  CHECK(version("65535.65535.65535.65535").parts == parts(65535, 65535, 65535, 65535));
  CHECK(version("0.0.0.0").parts == parts(0, 0, 0, 0));
}

TEST_CASE("parse_file_version: refuses what is not a version")
{
  for (const std::string bad : {"", "   ", "a.b", "v2.0", "1.2.3.4.5", "65536", "1.65536", "2.x", "1..2", "1.2.", ".1",
                                "(SP1)", "99999999999999999999999"}) {
    CAPTURE(bad);
    CHECK_FALSE(parse_file_version(bad).has_value());
  }
}

TEST_CASE("parse_file_version: text glued to the number is not a note")
{
  // The header: "a trailing text after a space ... is ignored. nullopt for
  // anything else." A manifest version "2.0.1380.1000b" must be refused, not
  // read as 2.0.1380.1000.
  for (const std::string bad : {"2.0.1380.1000b", "2.0x", "1.2.3.4-beta"}) {
    CAPTURE(bad);
    CHECK_FALSE(parse_file_version(bad).has_value());
  }
}

TEST_CASE("FileVersion: ordering is numeric, part by part")
{
  CHECK(version("2.0.1380.10") > version("2.0.1380.9"));
  CHECK(version("2.0.1380.9") < version("2.0.1380.10"));
  CHECK(version("2.0.1380.0") > version("2.0.999.9999"));
  CHECK(version("2.1.0.0") > version("2.0.65535.65535"));
  CHECK(version("10.0.0.0") > version("9.99.9999.9999"));
  CHECK(version("2.0.1380.1000") != version("2.0.1380.1001"));
  CHECK_FALSE(version("2.0.1380.1000") < version("2.0.1380.1000"));
  CHECK_FALSE(version("2.0.1380.1000") > version("2.0.1380.1000"));
}

TEST_CASE("FileVersion::from_ms_ls: VS_FIXEDFILEINFO halves")
{
  const FileVersion v = FileVersion::from_ms_ls(0x00020000u, 0x05640001u);
  CHECK(v.parts == parts(2, 0, 1380, 1));
  CHECK(v.build() == 1380);
  CHECK(v.to_string() == "2.0.1380.1");
  CHECK(FileVersion::from_ms_ls(0xFFFFFFFFu, 0xFFFFFFFFu).to_string() == "65535.65535.65535.65535");
}

TEST_CASE("version_line: the major.minor a version belongs to")
{
  const auto iis4 = smsscan::manifest::parse_file_version("4.2.769.1");
  REQUIRE(iis4.has_value());
  const smsscan::manifest::VersionLine line = smsscan::manifest::version_line(*iis4);
  CHECK(line.major == 4);
  CHECK(line.minor == 2);
  CHECK(line.to_string() == "4.2");
  const auto iis5 = smsscan::manifest::parse_file_version("5.0.2195.4051");
  REQUIRE(iis5.has_value());
  CHECK(smsscan::manifest::version_line(*iis5) != line);
  CHECK(smsscan::manifest::version_line(*iis5) == smsscan::manifest::VersionLine{5, 0});
}
