// Serves the PE reader's many small reads (DOS header, COFF header, section
// table, resource directories, version data) from whole 4 KiB blocks of a
// file, so that a remote file costs a few round trips instead of one per
// structure.
#pragma once

#include "smsscan/transport/transport.hpp"

#include <cstddef>
#include <cstdint>
#include <map>
#include <vector>

namespace smsscan::evidence {

class BlockReader
{
public:
  static constexpr std::uint64_t block_size = 4096;
  // At most this many bytes are kept; quick mode stays within it per file.
  static constexpr std::size_t max_cached = 64 * 1024;

  explicit BlockReader(transport::RemoteFile& file) : m_file(file) {}

  // Copies [offset, offset + length) of the file to out, fetching the
  // missing blocks of the range with one read of the file. A range too large
  // to cache goes straight through.
  transport::ReadStatus read(std::uint64_t offset, std::size_t length, std::uint8_t* out);

private:
  transport::RemoteFile& m_file;
  std::map<std::uint64_t, std::vector<std::uint8_t>> m_blocks;
  std::size_t m_cached = 0;
};

} // namespace smsscan::evidence
