// SHA-256 (FIPS 180-4), incremental, for --deep evidence.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>

namespace smsscan::util {

class Sha256
{
public:
  Sha256();
  void update(const std::uint8_t* data, std::size_t size);
  // Lower-case hex of the digest; the object must not be updated afterwards.
  std::string finish_hex();

private:
  void compress(const std::uint8_t* block);

  std::array<std::uint32_t, 8> m_state;
  std::array<std::uint8_t, 64> m_buffer{};
  std::size_t m_buffered = 0;
  std::uint64_t m_length = 0;
};

} // namespace smsscan::util
