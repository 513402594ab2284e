// Tests for src/pe_image.cpp: inspect_pe and inspect_pe_buffer on minimal PE
// images built in memory (always run) and on the mingw-w64 fixture DLLs
// (tests/fixtures; skipped with a message when mingw-w64 was not found).
#include "smsscan/evidence/pe_image.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <optional>
#include <random>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#ifndef SMSSCAN_HAVE_MINGW
#define SMSSCAN_HAVE_MINGW 0
#endif

using smsscan::evidence::inspect_pe;
using smsscan::evidence::inspect_pe_buffer;
using smsscan::evidence::PeOutcome;
using smsscan::evidence::PeResult;
using smsscan::evidence::ReadAt;
using smsscan::manifest::FileVersion;
using smsscan::manifest::Platform;
using smsscan::transport::ReadStatus;

namespace {

using Bytes = std::vector<std::uint8_t>;

void put16(Bytes& bytes, std::size_t at, std::uint32_t value)
{
  REQUIRE(at + 2 <= bytes.size());
  bytes[at] = static_cast<std::uint8_t>(value & 0xFF);
  bytes[at + 1] = static_cast<std::uint8_t>((value >> 8) & 0xFF);
}

void put32(Bytes& bytes, std::size_t at, std::uint32_t value)
{
  put16(bytes, at, value & 0xFFFF);
  put16(bytes, at + 2, value >> 16);
}

std::uint32_t get32(const Bytes& bytes, std::size_t at)
{
  return static_cast<std::uint32_t>(bytes[at]) | (static_cast<std::uint32_t>(bytes[at + 1]) << 8) |
         (static_cast<std::uint32_t>(bytes[at + 2]) << 16) | (static_cast<std::uint32_t>(bytes[at + 3]) << 24);
}

void pad4(Bytes& bytes)
{
  while (bytes.size() % 4 != 0) {
    bytes.push_back(0);
  }
}

void append_utf16(Bytes& bytes, std::string_view text)
{
  for (const char c : text) {
    bytes.push_back(static_cast<std::uint8_t>(c));
    bytes.push_back(0);
  }
  bytes.push_back(0);
  bytes.push_back(0);
}

// One version resource block: wLength, wValueLength, wType, key, padding,
// value, padding, children.
Bytes vs_block(std::string_view key, std::uint16_t type, const Bytes& value, std::uint16_t value_length,
               const std::vector<Bytes>& children = {})
{
  Bytes block(6, 0);
  append_utf16(block, key);
  pad4(block);
  block.insert(block.end(), value.begin(), value.end());
  for (const Bytes& child : children) {
    pad4(block);
    block.insert(block.end(), child.begin(), child.end());
  }
  put16(block, 0, static_cast<std::uint32_t>(block.size()));
  put16(block, 2, value_length);
  put16(block, 4, type);
  return block;
}

Bytes vs_string(std::string_view key, std::string_view text)
{
  Bytes value;
  append_utf16(value, text);
  return vs_block(key, 1, value, static_cast<std::uint16_t>(text.size() + 1));
}

Bytes fixed_file_info(std::uint32_t ms, std::uint32_t ls)
{
  Bytes info(52, 0);
  put32(info, 0, 0xFEEF04BD);
  put32(info, 4, 0x00010000);
  put32(info, 8, ms);
  put32(info, 12, ls);
  put32(info, 16, ms);
  put32(info, 20, ls);
  return info;
}

Bytes version_info(std::uint32_t ms, std::uint32_t ls, std::string_view text)
{
  const Bytes strings =
    vs_block("StringFileInfo", 1, {}, 0,
             {vs_block("040904B0", 1, {}, 0, {vs_string("CompanyName", "smsscan"), vs_string("FileVersion", text)})});
  return vs_block("VS_VERSION_INFO", 0, fixed_file_info(ms, ls), 52, {strings});
}

// A minimal PE image: DOS header, COFF and optional header, one .rsrc
// section at file offset 0x200 / RVA 0x1000 holding a three-level resource
// tree (RT_VERSION / id 1 / language 0x409) and a version resource.
struct MiniPe
{
  Bytes bytes;
  std::size_t coff = 0;     // COFF header (after "PE\0\0")
  std::size_t optional = 0; // optional header
  std::size_t section_table = 0;
  static constexpr std::size_t rsrc = 0x200;             // file offset of the resource section
  static constexpr std::size_t root_entry = rsrc + 0x10; // RT_VERSION entry of the root directory
  static constexpr std::size_t type_dir = rsrc + 0x18;   // directory under RT_VERSION
  static constexpr std::size_t type_entry = rsrc + 0x28;
  static constexpr std::size_t name_dir = rsrc + 0x30;
  static constexpr std::size_t name_entry = rsrc + 0x40;
  static constexpr std::size_t data_entry = rsrc + 0x48;
  static constexpr std::size_t version = rsrc + 0x58; // VS_VERSIONINFO
  std::size_t version_end = 0;
};

struct MiniPeOptions
{
  std::uint16_t machine = 0x14c;
  std::uint32_t link_time = 0x36D5A2C0;
  bool pe32_plus = false;
  std::uint16_t optional_padding = 0; // SizeOfOptionalHeader beyond the structure
  bool resources = true;
  Bytes version = version_info(0x00020000, (1380U << 16) | 1000U, "2.00.1380.1000");
};

MiniPe build_pe(const MiniPeOptions& options = {})
{
  MiniPe pe;
  Bytes& b = pe.bytes;
  const std::uint16_t optional_size =
    static_cast<std::uint16_t>((options.pe32_plus ? 240 : 224) + options.optional_padding);
  pe.coff = 0x44;
  pe.optional = pe.coff + 20;
  pe.section_table = pe.optional + optional_size;
  const std::size_t rsrc_size = 0x58 + options.version.size();
  const std::size_t raw_size = (rsrc_size + 0x1FF) & ~std::size_t{0x1FF};
  std::size_t rsrc = std::max<std::size_t>(MiniPe::rsrc, pe.section_table + 40);
  REQUIRE(rsrc == MiniPe::rsrc); // the fixed offsets above assume headers fit in 0x200
  b.assign(MiniPe::rsrc + raw_size, 0);

  b[0] = 'M';
  b[1] = 'Z';
  put32(b, 0x3C, 0x40);
  b[0x40] = 'P';
  b[0x41] = 'E';
  put16(b, pe.coff, options.machine);
  put16(b, pe.coff + 2, 1);
  put32(b, pe.coff + 4, options.link_time);
  put16(b, pe.coff + 16, optional_size);
  put16(b, pe.coff + 18, 0x2102);

  const std::size_t count_at = pe.optional + (options.pe32_plus ? 108 : 92);
  put16(b, pe.optional, options.pe32_plus ? 0x20B : 0x10B);
  put32(b, count_at, 16);
  if (options.resources) {
    put32(b, count_at + 4 + 16, 0x1000);
    put32(b, count_at + 4 + 20, static_cast<std::uint32_t>(rsrc_size));
  }

  const std::size_t section = pe.section_table;
  const char name[] = ".rsrc";
  std::copy(name, name + 5, b.begin() + static_cast<std::ptrdiff_t>(section));
  put32(b, section + 8, static_cast<std::uint32_t>(rsrc_size));
  put32(b, section + 12, 0x1000);
  put32(b, section + 16, static_cast<std::uint32_t>(raw_size));
  put32(b, section + 20, MiniPe::rsrc);

  put16(b, rsrc + 14, 1);
  put32(b, MiniPe::root_entry, 16);
  put32(b, MiniPe::root_entry + 4, 0x80000000U | 0x18);
  put16(b, MiniPe::type_dir + 14, 1);
  put32(b, MiniPe::type_entry, 1);
  put32(b, MiniPe::type_entry + 4, 0x80000000U | 0x30);
  put16(b, MiniPe::name_dir + 14, 1);
  put32(b, MiniPe::name_entry, 0x409);
  put32(b, MiniPe::name_entry + 4, 0x48);
  put32(b, MiniPe::data_entry, 0x1000 + 0x58);
  put32(b, MiniPe::data_entry + 4, static_cast<std::uint32_t>(options.version.size()));
  std::copy(options.version.begin(), options.version.end(), b.begin() + MiniPe::version);
  pe.version_end = MiniPe::version + options.version.size();
  return pe;
}

// Runs inspect_pe over bytes through a ReadAt that answers not_yet past
// `available` and records any request past the end of the file.
PeResult inspect_bytes(const Bytes& bytes, std::uint64_t available = UINT64_MAX)
{
  bool past_end = false;
  const ReadAt read = [&](std::uint64_t offset, std::size_t length, std::uint8_t* out) {
    if (offset > bytes.size() || length > bytes.size() - offset) {
      past_end = true;
      return ReadStatus::failed;
    }
    if (offset + length > available) {
      return ReadStatus::not_yet;
    }
    std::copy_n(bytes.begin() + static_cast<std::ptrdiff_t>(offset), length, out);
    return ReadStatus::ok;
  };
  PeResult result = inspect_pe(bytes.size(), read);
  if (past_end) {
    FAIL_CHECK("inspect_pe asked for bytes past the end of a " << bytes.size() << "-byte file");
  }
  const std::string& text = result.image.version_string;
  if (text.size() > 128 || !std::all_of(text.begin(), text.end(), [](char c) { return c >= 0x20 && c < 0x7F; })) {
    FAIL_CHECK("version_string is not short printable ASCII: " << text);
  }
  if (result.outcome == PeOutcome::need_more && (result.need_until <= available || result.need_until > bytes.size())) {
    FAIL_CHECK("need_until " << result.need_until << " is not past " << available << " and inside the file");
  }
  return result;
}

std::string version_of(const PeResult& result)
{
  return result.image.file_version ? result.image.file_version->to_string() : std::string("none");
}

void check_same(const PeResult& a, const PeResult& b)
{
  CHECK(a.outcome == b.outcome);
  CHECK(a.image.machine == b.image.machine);
  CHECK(a.image.link_time == b.image.link_time);
  CHECK(version_of(a) == version_of(b));
  CHECK(a.image.version_string == b.image.version_string);
  CHECK(a.image.version_problem == b.image.version_problem);
}

bool contains(const std::string& text, std::string_view part)
{
  return text.find(part) != std::string::npos;
}

// A fixture DLL from tests/fixtures, or nullopt: a failed check when
// mingw-w64 was found at configure time (so it should exist), else a skip.
std::optional<Bytes> load_fixture(const std::string& name)
{
  const std::string path = std::string(SMSSCAN_FIXTURE_DIR) + "/" + name;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (SMSSCAN_HAVE_MINGW) {
      FAIL_CHECK("fixture " << path << " is missing although mingw-w64 was found; build the pe_fixtures target");
    } else {
      MESSAGE("skipped: fixture " << path << " (mingw-w64 not found at configure time)");
    }
    return std::nullopt;
  }
  return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Where the VS_VERSIONINFO of a fixture ends: found by its UTF-16 key.
std::size_t version_end_of(const Bytes& bytes)
{
  Bytes key;
  append_utf16(key, "VS_VERSION_INFO");
  const auto at = std::search(bytes.begin(), bytes.end(), key.begin(), key.end());
  REQUIRE(at != bytes.end());
  const auto begin = static_cast<std::size_t>(at - bytes.begin()) - 6;
  return begin + (bytes[begin] | (static_cast<std::size_t>(bytes[begin + 1]) << 8));
}

std::size_t coff_of(const Bytes& bytes)
{
  return get32(bytes, 0x3C) + 4;
}

// Every proper prefix of bytes, passed as a whole file: never a crash, never a
// read past the end, and never ok: a file cut short (its last section runs
// past the end) is corrupt even where its headers and version survive, so a
// truncated CliCore.exe never counts as compliant.
void check_every_truncation(const Bytes& bytes, std::size_t version_end, const PeResult& full)
{
  REQUIRE(full.outcome == PeOutcome::ok);
  REQUIRE(version_end <= bytes.size());
  for (std::size_t length = 0; length < bytes.size(); ++length) {
    const Bytes prefix(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(length));
    const PeResult result = inspect_bytes(prefix);
    if (result.outcome == PeOutcome::need_more) {
      FAIL_CHECK("need_more from a complete (if truncated) file at length " << length);
    }
    if (result.outcome != PeOutcome::corrupt) {
      FAIL_CHECK("a " << length << "-byte prefix of a " << bytes.size() << "-byte image reads as ok");
    }
    if (length >= 64 && result.reason.find("truncated") == std::string::npos &&
        result.reason.find("past the end") == std::string::npos) {
      FAIL_CHECK("a " << length << "-byte prefix is corrupt for another reason: " << result.reason);
    }
  }
}

// A streaming source that has received only `available` bytes: need_more
// until the reader has what it needs, then the same answer as the full file.
void check_streaming(const Bytes& bytes, const PeResult& full, std::size_t step)
{
  for (std::size_t start = 0; start <= bytes.size(); start += step) {
    std::uint64_t available = start;
    PeResult result;
    int rounds = 0;
    for (; rounds < 64; ++rounds) {
      result = inspect_bytes(bytes, available);
      if (result.outcome != PeOutcome::need_more) {
        break;
      }
      available = result.need_until;
    }
    CHECK(rounds < 64);
    check_same(result, full);
  }
}

void check_bit_flips(const Bytes& original, std::uint32_t seed, int rounds)
{
  std::mt19937 random(seed);
  std::uniform_int_distribution<std::size_t> position(0, original.size() - 1);
  std::uniform_int_distribution<int> bit(0, 7);
  std::uniform_int_distribution<int> flips(1, 4);
  int ok = 0;
  for (int round = 0; round < rounds; ++round) {
    Bytes bytes = original;
    for (int i = flips(random); i > 0; --i) {
      bytes[position(random)] ^= static_cast<std::uint8_t>(1U << bit(random));
    }
    const PeResult result = inspect_bytes(bytes);
    CHECK(result.outcome != PeOutcome::need_more);
    if (result.outcome == PeOutcome::corrupt) {
      CHECK_FALSE(result.reason.empty());
    } else {
      ++ok;
    }
    CHECK(result.bytes_requested <= 96 * 1024);
  }
  MESSAGE(ok << " of " << rounds << " bit-flipped images still read as ok");
}

} // namespace

TEST_CASE("inspect_pe_buffer: minimal PE32 image")
{
  const MiniPe pe = build_pe();
  const PeResult result = inspect_pe_buffer(pe.bytes.data(), pe.bytes.size());
  REQUIRE(result.outcome == PeOutcome::ok);
  CHECK(result.image.machine == 0x14c);
  CHECK(result.image.platform == Platform::intel);
  CHECK(result.image.link_time == 0x36D5A2C0);
  CHECK_FALSE(result.image.pe32_plus);
  REQUIRE(result.image.file_version);
  CHECK(result.image.file_version->to_string() == "2.0.1380.1000");
  CHECK(result.image.version_string == "2.00.1380.1000");
  CHECK(result.image.version_problem.empty());
  CHECK(result.reason.empty());
  CHECK(result.bytes_requested <= pe.bytes.size());
}

TEST_CASE("inspect_pe_buffer: PE32+ image, Alpha, MIPS, PowerPC and other machines")
{
  MiniPeOptions options;
  options.pe32_plus = true;
  options.machine = 0x184;
  const MiniPe plus = build_pe(options);
  PeResult result = inspect_pe_buffer(plus.bytes.data(), plus.bytes.size());
  REQUIRE(result.outcome == PeOutcome::ok);
  CHECK(result.image.pe32_plus);
  CHECK(result.image.platform == Platform::alpha);
  CHECK(version_of(result) == "2.0.1380.1000");

  // NT 4.0's other two platforms: MIPS R4000 and PowerPC.
  options.pe32_plus = false;
  options.machine = 0x166;
  const MiniPe mips = build_pe(options);
  result = inspect_pe_buffer(mips.bytes.data(), mips.bytes.size());
  REQUIRE(result.outcome == PeOutcome::ok);
  CHECK(result.image.platform == Platform::mips);
  options.machine = 0x1F0;
  const MiniPe powerpc = build_pe(options);
  result = inspect_pe_buffer(powerpc.bytes.data(), powerpc.bytes.size());
  REQUIRE(result.outcome == PeOutcome::ok);
  CHECK(result.image.platform == Platform::powerpc);

  options.pe32_plus = true;
  options.machine = 0x8664;
  const MiniPe amd64 = build_pe(options);
  result = inspect_pe_buffer(amd64.bytes.data(), amd64.bytes.size());
  REQUIRE(result.outcome == PeOutcome::ok);
  CHECK(result.image.machine == 0x8664);
  CHECK_FALSE(result.image.platform);
}

TEST_CASE("inspect_pe: section table found by SizeOfOptionalHeader, not by structure size")
{
  MiniPeOptions options;
  options.optional_padding = 64;
  const MiniPe pe = build_pe(options);
  const PeResult result = inspect_bytes(pe.bytes);
  REQUIRE(result.outcome == PeOutcome::ok);
  CHECK(version_of(result) == "2.0.1380.1000");
}

TEST_CASE("inspect_pe: images without a version resource are ok")
{
  SUBCASE("no resource directory")
  {
    MiniPeOptions options;
    options.resources = false;
    const PeResult result = inspect_bytes(build_pe(options).bytes);
    REQUIRE(result.outcome == PeOutcome::ok);
    CHECK_FALSE(result.image.file_version);
    CHECK(result.image.version_problem.empty());
  }
  SUBCASE("NumberOfRvaAndSizes too small for the resource entry")
  {
    MiniPe pe = build_pe();
    put32(pe.bytes, pe.optional + 92, 2);
    const PeResult result = inspect_bytes(pe.bytes);
    REQUIRE(result.outcome == PeOutcome::ok);
    CHECK_FALSE(result.image.file_version);
    CHECK(result.image.version_problem.empty());
  }
  SUBCASE("NumberOfRvaAndSizes huge is clamped to 16")
  {
    MiniPe pe = build_pe();
    put32(pe.bytes, pe.optional + 92, 0xFFFFFFFF);
    CHECK(version_of(inspect_bytes(pe.bytes)) == "2.0.1380.1000");
  }
  SUBCASE("resources of another type only")
  {
    MiniPe pe = build_pe();
    put32(pe.bytes, MiniPe::root_entry, 3); // RT_ICON
    const PeResult result = inspect_bytes(pe.bytes);
    REQUIRE(result.outcome == PeOutcome::ok);
    CHECK_FALSE(result.image.file_version);
    CHECK(result.image.version_problem.empty());
  }
}

TEST_CASE("inspect_pe: files that are not PE images are corrupt")
{
  SUBCASE("empty file")
  {
    const PeResult result = inspect_bytes({});
    CHECK(result.outcome == PeOutcome::corrupt);
    CHECK(contains(result.reason, "empty"));
    CHECK(result.bytes_requested == 0);
  }
  SUBCASE("one byte")
  {
    CHECK(inspect_bytes({'M'}).outcome == PeOutcome::corrupt);
  }
  SUBCASE("not MZ")
  {
    MiniPe pe = build_pe();
    pe.bytes[0] = 'Z';
    const PeResult result = inspect_bytes(pe.bytes);
    CHECK(result.outcome == PeOutcome::corrupt);
    CHECK(contains(result.reason, "MZ"));
    CHECK(result.bytes_requested == 2);
  }
  SUBCASE("MZ but no PE signature")
  {
    MiniPe pe = build_pe();
    pe.bytes[0x41] = 'X';
    const PeResult result = inspect_bytes(pe.bytes);
    CHECK(result.outcome == PeOutcome::corrupt);
    CHECK(contains(result.reason, "PE signature"));
  }
  SUBCASE("unknown optional header magic")
  {
    MiniPe pe = build_pe();
    put16(pe.bytes, pe.optional, 0x107);
    const PeResult result = inspect_bytes(pe.bytes);
    CHECK(result.outcome == PeOutcome::corrupt);
    CHECK(contains(result.reason, "magic"));
  }
}

TEST_CASE("inspect_pe: e_lfanew past the end, huge or negative-looking")
{
  for (const std::uint32_t e_lfanew :
       {0x400U, 0x1000U, 0x7FFFFFFFU, 0x80000000U, 0xFFFFFFE8U, 0xFFFFFFF0U, 0xFFFFFFFFU}) {
    CAPTURE(e_lfanew);
    MiniPe pe = build_pe();
    put32(pe.bytes, 0x3C, e_lfanew);
    const PeResult result = inspect_bytes(pe.bytes);
    CHECK(result.outcome == PeOutcome::corrupt);
    CHECK(contains(result.reason, "e_lfanew"));
    CHECK(result.bytes_requested == 64);
  }
}

TEST_CASE("inspect_pe: section table and optional header past the end are corrupt")
{
  SUBCASE("NumberOfSections 0xFFFF")
  {
    MiniPe pe = build_pe();
    put16(pe.bytes, pe.coff + 2, 0xFFFF);
    const PeResult result = inspect_bytes(pe.bytes);
    CHECK(result.outcome == PeOutcome::corrupt);
    CHECK(contains(result.reason, "truncated: section table ends past the end of the file"));
  }
  SUBCASE("SizeOfOptionalHeader 0xFFFF")
  {
    MiniPe pe = build_pe();
    put16(pe.bytes, pe.coff + 16, 0xFFFF);
    const PeResult result = inspect_bytes(pe.bytes);
    CHECK(result.outcome == PeOutcome::corrupt);
    CHECK(contains(result.reason, "truncated"));
  }
  SUBCASE("SizeOfOptionalHeader 0xFFFF in a file long enough for it")
  {
    MiniPe pe = build_pe();
    put16(pe.bytes, pe.coff + 16, 0xFFFF);
    pe.bytes.resize(0x20000);
    const PeResult result = inspect_bytes(pe.bytes);
    // The section table is read from where SizeOfOptionalHeader puts it
    // (zeros here), so the resource RVA maps nowhere.
    REQUIRE(result.outcome == PeOutcome::ok);
    CHECK_FALSE(result.image.file_version);
    CHECK(contains(result.image.version_problem, "not inside any section"));
  }
  SUBCASE("SizeOfOptionalHeader too small for the data directories")
  {
    MiniPe pe = build_pe();
    put16(pe.bytes, pe.coff + 16, 64);
    const PeResult result = inspect_bytes(pe.bytes);
    CHECK(result.outcome == PeOutcome::ok);
    CHECK_FALSE(result.image.file_version);
  }
  SUBCASE("NumberOfSections 0xFFFF in a file long enough: the table is read in small pieces")
  {
    MiniPe pe = build_pe();
    put16(pe.bytes, pe.coff + 2, 0xFFFF);
    put32(pe.bytes, pe.optional + 96 + 16, 0x7FFF0000); // resource RVA in no section
    pe.bytes.resize(pe.section_table + 0xFFFF * 40);
    // Sections 2 to 65535 all zero (the resource data would otherwise read as section headers).
    std::fill(pe.bytes.begin() + static_cast<std::ptrdiff_t>(pe.section_table + 40), pe.bytes.end(), 0);
    const PeResult result = inspect_bytes(pe.bytes);
    CAPTURE(result.image.version_problem);
    CHECK(result.outcome == PeOutcome::ok);
    CHECK(contains(result.image.version_problem, "not inside any section"));
  }
}

TEST_CASE("inspect_pe: section raw data past the end of the file is corrupt")
{
  SUBCASE("PointerToRawData past the end")
  {
    MiniPe pe = build_pe();
    put32(pe.bytes, pe.section_table + 20, 0x10000000);
    const PeResult result = inspect_bytes(pe.bytes);
    REQUIRE(result.outcome == PeOutcome::corrupt);
    CHECK_FALSE(result.image.file_version);
    CHECK(contains(result.reason, "past the end of the file"));
  }
  SUBCASE("PointerToRawData near 2^32: no overflow")
  {
    MiniPe pe = build_pe();
    put32(pe.bytes, pe.section_table + 20, 0xFFFFFFF0);
    const PeResult result = inspect_bytes(pe.bytes);
    REQUIRE(result.outcome == PeOutcome::corrupt);
    CHECK(contains(result.reason, "past the end of the file"));
  }
}

TEST_CASE("inspect_pe: damaged resource section gives ok without a version")
{
  SUBCASE("resource RVA inside no section")
  {
    MiniPe pe = build_pe();
    put32(pe.bytes, pe.optional + 96 + 16, 0x9000);
    const PeResult result = inspect_bytes(pe.bytes);
    REQUIRE(result.outcome == PeOutcome::ok);
    CHECK(contains(result.image.version_problem, "not inside any section"));
  }
  SUBCASE("version data RVA wraps")
  {
    MiniPe pe = build_pe();
    put32(pe.bytes, MiniPe::data_entry, 0xFFFFFFFF);
    CHECK_FALSE(inspect_bytes(pe.bytes).image.file_version);
  }
  SUBCASE("version data size huge is capped")
  {
    MiniPe pe = build_pe();
    put32(pe.bytes, MiniPe::data_entry + 4, 0xFFFFFFFF);
    const PeResult result = inspect_bytes(pe.bytes);
    CHECK(result.outcome == PeOutcome::ok);
    CHECK(version_of(result) == "2.0.1380.1000"); // clipped to the section's raw data
    CHECK(result.bytes_requested < 4096);
  }
}

TEST_CASE("inspect_pe: resource directory loops and depth")
{
  MiniPe pe = build_pe();
  SUBCASE("directory pointing to itself")
  {
    put32(pe.bytes, MiniPe::type_entry + 4, 0x80000000U | 0x18);
    const PeResult result = inspect_bytes(pe.bytes);
    REQUIRE(result.outcome == PeOutcome::ok);
    CHECK_FALSE(result.image.file_version);
    CHECK(contains(result.image.version_problem, "loop"));
  }
  SUBCASE("directory pointing to its parent")
  {
    put32(pe.bytes, MiniPe::name_entry + 4, 0x80000000U | 0x18);
    const PeResult result = inspect_bytes(pe.bytes);
    REQUIRE(result.outcome == PeOutcome::ok);
    CHECK(contains(result.image.version_problem, "loop"));
  }
  SUBCASE("RT_VERSION pointing to the root")
  {
    put32(pe.bytes, MiniPe::root_entry + 4, 0x80000000U);
    const PeResult result = inspect_bytes(pe.bytes);
    REQUIRE(result.outcome == PeOutcome::ok);
    CHECK(contains(result.image.version_problem, "loop"));
  }
  SUBCASE("a fourth level")
  {
    put32(pe.bytes, MiniPe::name_entry + 4, 0x80000000U | 0x48);
    const PeResult result = inspect_bytes(pe.bytes);
    REQUIRE(result.outcome == PeOutcome::ok);
    CHECK(contains(result.image.version_problem, "deeper than 3"));
  }
  SUBCASE("data entry where a directory belongs")
  {
    put32(pe.bytes, MiniPe::root_entry + 4, 0x48);
    const PeResult result = inspect_bytes(pe.bytes);
    REQUIRE(result.outcome == PeOutcome::ok);
    CHECK(contains(result.image.version_problem, "not a directory"));
  }
  SUBCASE("subdirectory offset past the section")
  {
    put32(pe.bytes, MiniPe::root_entry + 4, 0xFFFFFFFF);
    const PeResult result = inspect_bytes(pe.bytes);
    REQUIRE(result.outcome == PeOutcome::ok);
    CHECK(contains(result.image.version_problem, "outside the resource section"));
  }
  SUBCASE("empty directory under RT_VERSION")
  {
    put16(pe.bytes, MiniPe::type_dir + 14, 0);
    const PeResult result = inspect_bytes(pe.bytes);
    REQUIRE(result.outcome == PeOutcome::ok);
    CHECK(contains(result.image.version_problem, "no entries"));
  }
}

TEST_CASE("inspect_pe: huge resource entry counts cost bounded reads")
{
  MiniPe pe = build_pe();
  put16(pe.bytes, MiniPe::rsrc + 12, 0xFFFF);
  put16(pe.bytes, MiniPe::rsrc + 14, 0xFFFF);
  SUBCASE("RT_VERSION first")
  {
    const PeResult result = inspect_bytes(pe.bytes);
    REQUIRE(result.outcome == PeOutcome::ok);
    CHECK(version_of(result) == "2.0.1380.1000");
  }
  SUBCASE("no RT_VERSION anywhere, in a 1 MiB resource section")
  {
    put32(pe.bytes, MiniPe::root_entry, 3);
    put32(pe.bytes, pe.section_table + 8, 0x100000);
    put32(pe.bytes, pe.section_table + 16, 0x100000);
    pe.bytes.resize(MiniPe::rsrc + 0x100000);
    const PeResult result = inspect_bytes(pe.bytes);
    REQUIRE(result.outcome == PeOutcome::ok);
    CHECK_FALSE(result.image.file_version);
    CHECK(result.bytes_requested < 16 * 1024);
  }
  SUBCASE("under RT_VERSION")
  {
    put16(pe.bytes, MiniPe::type_dir + 12, 0xFFFF);
    put16(pe.bytes, MiniPe::name_dir + 14, 0xFFFF);
    const PeResult result = inspect_bytes(pe.bytes);
    CHECK(result.outcome == PeOutcome::ok);
    CHECK(result.bytes_requested < 4096);
  }
}

TEST_CASE("inspect_pe: damaged VS_VERSIONINFO")
{
  SUBCASE("wLength larger than the data")
  {
    MiniPe pe = build_pe();
    put16(pe.bytes, MiniPe::version, 0xFFF0);
    const PeResult result = inspect_bytes(pe.bytes);
    REQUIRE(result.outcome == PeOutcome::ok);
    CHECK_FALSE(result.image.file_version);
    CHECK(contains(result.image.version_problem, "larger than the resource data"));
  }
  SUBCASE("wLength zero")
  {
    MiniPe pe = build_pe();
    put16(pe.bytes, MiniPe::version, 0);
    const PeResult result = inspect_bytes(pe.bytes);
    REQUIRE(result.outcome == PeOutcome::ok);
    CHECK_FALSE(result.image.file_version);
    CHECK_FALSE(result.image.version_problem.empty());
  }
  SUBCASE("wrong key")
  {
    MiniPe pe = build_pe();
    pe.bytes[MiniPe::version + 6] = 'X';
    const PeResult result = inspect_bytes(pe.bytes);
    CHECK(contains(result.image.version_problem, "VS_VERSION_INFO"));
    CHECK_FALSE(result.image.file_version);
  }
  SUBCASE("wrong signature")
  {
    MiniPe pe = build_pe();
    put32(pe.bytes, MiniPe::version + 40, 0xFEEF04BE);
    const PeResult result = inspect_bytes(pe.bytes);
    CHECK(contains(result.image.version_problem, "signature"));
    CHECK_FALSE(result.image.file_version);
    CHECK(result.image.version_string == "2.00.1380.1000"); // the string part is still there
  }
  SUBCASE("no VS_FIXEDFILEINFO")
  {
    MiniPeOptions options;
    options.version = vs_block("VS_VERSION_INFO", 0, {}, 0, {});
    const PeResult result = inspect_bytes(build_pe(options).bytes);
    REQUIRE(result.outcome == PeOutcome::ok);
    CHECK_FALSE(result.image.file_version);
    CHECK(contains(result.image.version_problem, "VS_FIXEDFILEINFO"));
  }
  SUBCASE("data entry size smaller than the fixed info")
  {
    MiniPe pe = build_pe();
    put32(pe.bytes, MiniPe::data_entry + 4, 60);
    const PeResult result = inspect_bytes(pe.bytes);
    REQUIRE(result.outcome == PeOutcome::ok);
    CHECK_FALSE(result.image.file_version);
  }
  SUBCASE("version data size zero")
  {
    MiniPe pe = build_pe();
    put32(pe.bytes, MiniPe::data_entry + 4, 0);
    CHECK(contains(inspect_bytes(pe.bytes).image.version_problem, "empty"));
  }
  SUBCASE("string block with wLength zero stops the string walk")
  {
    MiniPe pe = build_pe();
    put16(pe.bytes, MiniPe::version + 40 + 52, 0);
    const PeResult result = inspect_bytes(pe.bytes);
    CHECK(version_of(result) == "2.0.1380.1000");
    CHECK(result.image.version_string.empty());
  }
}

TEST_CASE("inspect_pe: FileVersion string keeps printable ASCII and at most 128 characters")
{
  MiniPeOptions options;
  options.version = version_info(0x00020000, 0, "2.00\x01\x7f.1239\t.0000 (SP1)");
  PeResult result = inspect_bytes(build_pe(options).bytes);
  CHECK(result.image.version_string == "2.00.1239.0000 (SP1)");

  options.version = version_info(0x00020000, 0, std::string(300, '7'));
  result = inspect_bytes(build_pe(options).bytes);
  CHECK(result.image.version_string == std::string(128, '7'));
}

TEST_CASE("inspect_pe: ReadAt failures and exceptions")
{
  const MiniPe pe = build_pe();
  SUBCASE("failed")
  {
    const ReadAt read = [&](std::uint64_t offset, std::size_t length, std::uint8_t* out) {
      if (offset >= MiniPe::rsrc) {
        return ReadStatus::failed;
      }
      std::copy_n(pe.bytes.begin() + static_cast<std::ptrdiff_t>(offset), length, out);
      return ReadStatus::ok;
    };
    const PeResult result = inspect_pe(pe.bytes.size(), read);
    CHECK(result.outcome == PeOutcome::corrupt);
    CHECK(contains(result.reason, "read failed"));
  }
  SUBCASE("throws")
  {
    const ReadAt read = [](std::uint64_t, std::size_t, std::uint8_t*) -> ReadStatus {
      throw std::runtime_error("connection reset");
    };
    PeResult result;
    CHECK_NOTHROW(result = inspect_pe(pe.bytes.size(), read));
    CHECK(result.outcome == PeOutcome::corrupt);
    CHECK(contains(result.reason, "connection reset"));
  }
}

TEST_CASE("inspect_pe: need_more from a streaming source, then ok")
{
  const MiniPe pe = build_pe();
  const PeResult full = inspect_bytes(pe.bytes);
  REQUIRE(full.outcome == PeOutcome::ok);

  const PeResult first = inspect_bytes(pe.bytes, 0);
  CHECK(first.outcome == PeOutcome::need_more);
  CHECK(first.need_until == 2);
  const PeResult partial = inspect_bytes(pe.bytes, MiniPe::rsrc);
  CHECK(partial.outcome == PeOutcome::need_more);
  CHECK(partial.need_until > MiniPe::rsrc);
  check_streaming(pe.bytes, full, 1);
}

TEST_CASE("inspect_pe: every truncation of a minimal image")
{
  const MiniPe pe = build_pe();
  const PeResult full = inspect_bytes(pe.bytes);
  REQUIRE(full.outcome == PeOutcome::ok);
  check_every_truncation(pe.bytes, pe.version_end, full);
}

TEST_CASE("inspect_pe: random bit flips in a minimal image")
{
  check_bit_flips(build_pe().bytes, 20261125, 3000);
}

TEST_CASE("inspect_pe: a minimal image padded to 4 MiB reads a few KiB")
{
  MiniPe pe = build_pe();
  pe.bytes.resize(4 * 1024 * 1024, 0xCC);
  const PeResult result = inspect_bytes(pe.bytes);
  REQUIRE(result.outcome == PeOutcome::ok);
  CHECK(version_of(result) == "2.0.1380.1000");
  CHECK(result.bytes_requested < 4096);
}

TEST_CASE("inspect_pe: the mingw-w64 fixture DLLs")
{
  struct Expected
  {
    const char* file;
    const char* version;
    const char* text;
  };
  for (const Expected& expected : {Expected{"pe-template-2.0.1239.0.dll", "2.0.1239.0", "2.00.1239.0000"},
                                   Expected{"pe-template-2.0.1380.1000.dll", "2.0.1380.1000", "2.00.1380.1000"},
                                   Expected{"pe-template-2.0.1493.2000.dll", "2.0.1493.2000", "2.00.1493.2000"}}) {
    CAPTURE(expected.file);
    const std::optional<Bytes> bytes = load_fixture(expected.file);
    if (!bytes) {
      continue;
    }
    const PeResult result = inspect_bytes(*bytes);
    REQUIRE(result.outcome == PeOutcome::ok);
    CHECK(result.image.machine == 0x14c);
    CHECK(result.image.platform == Platform::intel);
    CHECK(result.image.link_time != 0);
    CHECK_FALSE(result.image.pe32_plus);
    CHECK(version_of(result) == expected.version);
    CHECK(result.image.version_string == expected.text);
    CHECK(result.image.version_problem.empty());
  }
}

TEST_CASE("inspect_pe: fixture patched to Alpha with a new link time and overlay")
{
  std::optional<Bytes> bytes = load_fixture("pe-template-2.0.1380.1000.dll");
  if (!bytes) {
    return;
  }
  const std::size_t coff = coff_of(*bytes);
  put16(*bytes, coff, 0x184);
  put32(*bytes, coff + 4, 0x36D5A2C0);
  bytes->resize(bytes->size() + 777, 0x5A);
  const PeResult result = inspect_bytes(*bytes);
  REQUIRE(result.outcome == PeOutcome::ok);
  CHECK(result.image.machine == 0x184);
  CHECK(result.image.platform == Platform::alpha);
  CHECK(result.image.link_time == 0x36D5A2C0);
  CHECK(version_of(result) == "2.0.1380.1000");
}

TEST_CASE("inspect_pe: every truncation of a fixture")
{
  const std::optional<Bytes> bytes = load_fixture("pe-template-2.0.1380.1000.dll");
  if (!bytes) {
    return;
  }
  const PeResult full = inspect_bytes(*bytes);
  REQUIRE(full.outcome == PeOutcome::ok);
  REQUIRE(full.image.file_version);
  // The fixtures are under 8 KiB, so every length covers the headers and the
  // resource section's neighbourhood alike.
  REQUIRE(bytes->size() < 64 * 1024);
  check_every_truncation(*bytes, version_end_of(*bytes), full);
}

TEST_CASE("inspect_pe: need_more on a fixture, then ok")
{
  const std::optional<Bytes> bytes = load_fixture("pe-template-2.0.1493.2000.dll");
  if (!bytes) {
    return;
  }
  const PeResult full = inspect_bytes(*bytes);
  REQUIRE(full.outcome == PeOutcome::ok);
  check_streaming(*bytes, full, 7);
}

TEST_CASE("inspect_pe: random bit flips in a fixture")
{
  const std::optional<Bytes> bytes = load_fixture("pe-template-2.0.1239.0.dll");
  if (!bytes) {
    return;
  }
  check_bit_flips(*bytes, 1380, 4000);
}

TEST_CASE("inspect_pe: fixture padded to 4 MB reads a few KiB")
{
  std::optional<Bytes> bytes = load_fixture("pe-template-2.0.1380.1000.dll");
  if (!bytes) {
    return;
  }
  bytes->resize(4000000, 0);
  const PeResult result = inspect_bytes(*bytes);
  REQUIRE(result.outcome == PeOutcome::ok);
  CHECK(version_of(result) == "2.0.1380.1000");
  CHECK(result.bytes_requested < 8 * 1024);
  MESSAGE("bytes_requested for a 4 MB fixture: " << result.bytes_requested);
}
