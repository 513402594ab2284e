// Tests for src/smsscan/kb/size_cell.cpp: sizes in bytes with every separator; sizes in other units.
#include "smsscan/kb/size_cell.hpp"

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

TEST_CASE("parse_kb_size: separators")
{
  CHECK(parse_kb_size("67") == std::uint64_t{67});
  CHECK(parse_kb_size("1,172,311") == std::uint64_t{1172311});
  CHECK(parse_kb_size("1.172.311") == std::uint64_t{1172311});
  CHECK(parse_kb_size("1 172 311") == std::uint64_t{1172311});
  CHECK(parse_kb_size("68,962 bytes") == std::uint64_t{68962});
  CHECK_FALSE(parse_kb_size("1,17,311").has_value());
  CHECK_FALSE(parse_kb_size("1.17").has_value());
  CHECK_FALSE(parse_kb_size("68K").has_value());
  CHECK_FALSE(parse_kb_size("abc").has_value());
  CHECK_FALSE(parse_kb_size("99999999999999999999999").has_value());
}

TEST_CASE("sizes with dots or spaces as separators inside a table")
{
  const Manifest m = import_ok(article("   Date      Version         Size        File name\n"
                                       "   --------------------------------------------------\n"
                                       "   06/08/99  4.0.1381.7056   1.172.311   A.dll\n"
                                       "   06/08/99  4.0.1381.7057   1 172 311   B.dll\n"
                                       "   06/08/99                  1.172       C.dll\n"));
  REQUIRE(m.files.size() == 3);
  CHECK(m.files[0].size == 1172311);
  CHECK(m.files[1].size == 1172311);
  CHECK(m.files[2].size == 1172);
  CHECK(m.files[2].version_text.empty());
}

TEST_CASE("read_size: bytes words, other units are bad, spaced groups cost a penalty")
{
  CHECK(is_bytes_word("Bytes"));
  CHECK(is_bytes_word("byte"));
  CHECK_FALSE(is_bytes_word("KB"));
  CHECK(read_size({"68,962", "bytes"}).bytes == 68962);
  CHECK(read_size({"68K"}).fit == Fit::bad);
  CHECK(read_size({"1,172", "KB"}).fit == Fit::bad);
  CHECK(read_size({"2.5", "MB"}).fit == Fit::no); // "2.5" is no size in bytes to begin with
  CHECK(read_size({"1,17,311"}).fit == Fit::bad);
  const SizeFit spaced = read_size({"1", "172", "311"});
  CHECK(spaced.fit == Fit::ok);
  CHECK(spaced.bytes == 1172311);
  CHECK(spaced.penalty > 0);
  CHECK(read_size({"99999999999999999999999"}).fit == Fit::bad);
  CHECK(read_size({}).fit == Fit::no);
}
