// Tests for src/sha256.cpp: the FIPS 180-4 example messages, padding edges
// around the 64-byte block, and input fed in uneven chunks.
#include "smsscan/util/sha256.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

using smsscan::util::Sha256;

namespace {

std::string sha256_hex(const std::string& message)
{
  Sha256 hash;
  hash.update(reinterpret_cast<const std::uint8_t*>(message.data()), message.size());
  return hash.finish_hex();
}

// Feeds message in chunks of the given sizes, cycling through them.
std::string sha256_hex_chunked(const std::string& message, const std::vector<std::size_t>& chunk_sizes)
{
  Sha256 hash;
  std::size_t offset = 0;
  std::size_t next = 0;
  while (offset < message.size()) {
    const std::size_t length = std::min(chunk_sizes[next++ % chunk_sizes.size()], message.size() - offset);
    hash.update(reinterpret_cast<const std::uint8_t*>(message.data()) + offset, length);
    offset += length;
  }
  return hash.finish_hex();
}

} // namespace

TEST_CASE("Sha256: the FIPS 180-4 example messages")
{
  CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  CHECK(
    sha256_hex("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrs"
               "tnopqrstu") == "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
}

TEST_CASE("Sha256: one million 'a' fed in odd-sized chunks")
{
  const std::string million(1000000, 'a');
  const std::string expected = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";
  CHECK(sha256_hex(million) == expected);
  CHECK(sha256_hex_chunked(million, {1, 63, 65, 7, 4093, 127, 64}) == expected);
  CHECK(sha256_hex_chunked(million, {99991}) == expected);
}

TEST_CASE("Sha256: lengths around the padding boundary")
{
  const std::vector<std::pair<std::size_t, const char*>> cases = {
    {55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"},
    {56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"},
    {63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34"},
    {64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"},
    {65, "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0"},
    {119, "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb"},
    {120, "2f3d335432c70b580af0e8e1b3674a7c020d683aa5f73aaaedfdc55af904c21c"},
  };
  for (const auto& [length, expected] : cases) {
    CAPTURE(length);
    const std::string message(length, 'a');
    CHECK(sha256_hex(message) == expected);
    CHECK(sha256_hex_chunked(message, {1}) == expected);
  }
}

TEST_CASE("Sha256: every byte value, and empty updates change nothing")
{
  std::string bytes;
  for (int repeat = 0; repeat < 4; ++repeat) {
    for (int value = 0; value < 256; ++value) {
      bytes.push_back(static_cast<char>(value));
    }
  }
  const std::string expected = "785b0751fc2c53dc14a4ce3d800e69ef9ce1009eb327ccf458afe09c242c26c9";
  CHECK(sha256_hex(bytes) == expected);
  Sha256 hash;
  hash.update(nullptr, 0);
  hash.update(reinterpret_cast<const std::uint8_t*>(bytes.data()), 100);
  hash.update(nullptr, 0);
  hash.update(reinterpret_cast<const std::uint8_t*>(bytes.data()) + 100, bytes.size() - 100);
  CHECK(hash.finish_hex() == expected);
}
