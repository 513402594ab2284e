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

TEST_CASE("read_size: bytes words and suffixes, broken separators are bad, spaced groups cost a penalty")
{
  CHECK(is_bytes_word("Bytes"));
  CHECK(is_bytes_word("byte"));
  CHECK_FALSE(is_bytes_word("KB"));
  CHECK(read_size({"68,962", "bytes"}).bytes == 68962);
  CHECK(read_size({"157,285b"}).bytes == 157285);
  CHECK(read_size({"157,285b"}).tolerance == 0);
  CHECK(read_size({"1,17,311"}).fit == Fit::bad);
  CHECK(read_size({"8,1012"}).fit == Fit::bad);
  CHECK(read_size({"1,2x"}).fit == Fit::no);
  const SizeFit spaced = read_size({"1", "172", "311"});
  CHECK(spaced.fit == Fit::ok);
  CHECK(spaced.bytes == 1172311);
  CHECK(spaced.penalty > 0);
  CHECK(read_size({"99999999999999999999999"}).fit == Fit::bad);
  CHECK(read_size({}).fit == Fit::no);
}

TEST_CASE("read_size: approximate sizes in KB and MB stand for a range")
{
  // "1,172 KB": 1,171,000 (1171 x 1000) to 1,201,152 (1173 x 1024) bytes.
  const SizeFit kb = read_size({"1,172", "KB"});
  REQUIRE(kb.fit == Fit::ok);
  CHECK(kb.bytes - kb.tolerance <= 1171000);
  CHECK(kb.bytes - kb.tolerance >= 1170999);
  CHECK(kb.bytes + kb.tolerance == 1201152);
  CHECK(kb.penalty > 0);
  // Q231399's CCMCore.exe, 1,172,311 bytes, is within it; so is 1,172 x 1024.
  CHECK(1172311 >= kb.bytes - kb.tolerance);
  CHECK(1172U * 1024U <= kb.bytes + kb.tolerance);
  for (const auto& words : std::vector<std::vector<std::string_view>>{
         {"18KB"}, {"29K"}, {"3Kb"}, {"67.5KB"}, {"1.33", "MB"}, {"1.42MB"}, {"17.7K"}}) {
    CAPTURE(words.front());
    const SizeFit fit = read_size(words);
    CHECK(fit.fit == Fit::ok);
    CHECK(fit.tolerance > 0);
  }
  // 1.33 MB: 1,320,000 to 1,405,091 bytes (the middle rounded down, the tolerance up).
  const SizeFit mb = read_size({"1.33", "MB"});
  CHECK(mb.bytes - mb.tolerance <= 1320000);
  CHECK(mb.bytes - mb.tolerance >= 1319999);
  CHECK(mb.bytes + mb.tolerance == 1405091);
  // Notations with two readings are read but not used: 15.66 or 1,566 KB?
  // 1.601 or 1,601 KB? And 214,544 KB for a DLL is bytes with a stray unit.
  for (const auto& words :
       std::vector<std::vector<std::string_view>>{{"15,66", "KB"}, {"1.601", "KB"}, {"214,544", "KB"}, {"39,416KB"}}) {
    CAPTURE(words.front());
    const SizeFit fit = read_size(words);
    CHECK(fit.fit == Fit::ok);
    CHECK_FALSE(fit.unusable.empty());
  }
  CHECK(read_size({"9,999", "KB"}).unusable.empty());
  CHECK(read_size({"2.5.1", "MB"}).fit == Fit::no);
  CHECK(read_size({"12", "GB"}).fit == Fit::no);
  CHECK_FALSE(parse_kb_size("1,172 KB").has_value()); // not a size in bytes
}
