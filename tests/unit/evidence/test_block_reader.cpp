// Tests for evidence/block_reader.cpp: small reads served from whole 4 KiB
// blocks of a real file (through the local transport), within the cache
// budget, with ranges past the end refused.
#include "smsscan/evidence/block_reader.hpp"

#include "smsscan/target/target.hpp"
#include "smsscan/transport/local/local_transport.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <vector>

using smsscan::evidence::BlockReader;
using smsscan::test::TemporaryFolder;
using smsscan::transport::ReadStatus;

TEST_CASE("BlockReader: reads come from cached blocks, one file read per missing span")
{
  TemporaryFolder folder;
  std::string content(100 * 1024, '\0');
  for (std::size_t i = 0; i < content.size(); ++i) {
    content[i] = static_cast<char>(i * 7 % 251);
  }
  smsscan::test::write_file(folder / "big.dll", content);
  smsscan::test::make_folder(folder / "System32"); // a Windows directory
  const auto target = smsscan::target::parse_target(folder.path());
  REQUIRE(target.has_value());
  const auto transport = smsscan::transport::make_local_transport();
  const auto session = transport->start(*target, {});
  auto opened = session->open("ADMIN$", "", "big.dll");
  REQUIRE(opened.file);
  BlockReader blocks(*opened.file);

  std::vector<std::uint8_t> out(16);
  REQUIRE(blocks.read(10, 16, out.data()) == ReadStatus::ok);
  CHECK(std::string(out.begin(), out.end()) == content.substr(10, 16));
  CHECK(opened.file->bytes_transferred() == 4096); // the whole first block
  REQUIRE(blocks.read(100, 16, out.data()) == ReadStatus::ok);
  CHECK(opened.file->bytes_transferred() == 4096); // served from the cache
  // A range over a block boundary fetches only the missing block.
  REQUIRE(blocks.read(4090, 16, out.data()) == ReadStatus::ok);
  CHECK(std::string(out.begin(), out.end()) == content.substr(4090, 16));
  CHECK(opened.file->bytes_transferred() == 8192);
  // The last, partial block of the file.
  REQUIRE(blocks.read(content.size() - 4, 4, out.data()) == ReadStatus::ok);
  CHECK(std::string(out.begin(), out.begin() + 4) == content.substr(content.size() - 4));
  // Past the end, or wrapping around: refused without a read.
  const std::uint64_t before = opened.file->bytes_transferred();
  CHECK(blocks.read(content.size() - 2, 4, out.data()) == ReadStatus::failed);
  CHECK(blocks.read(UINT64_MAX - 1, 4, out.data()) == ReadStatus::failed);
  CHECK(opened.file->bytes_transferred() == before);
  // A range larger than the cache goes straight through.
  std::vector<std::uint8_t> large(80 * 1024);
  REQUIRE(blocks.read(0, large.size(), large.data()) == ReadStatus::ok);
  CHECK(std::string(large.begin(), large.end()) == content.substr(0, large.size()));
}
