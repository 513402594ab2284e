#include "smsscan/evidence/block_reader.hpp"

#include <algorithm>

namespace smsscan::evidence {

using transport::ReadStatus;

ReadStatus BlockReader::read(std::uint64_t offset, std::size_t length, std::uint8_t* out)
{
  const std::uint64_t size = m_file.size();
  if (length == 0) {
    return ReadStatus::ok;
  }
  const std::uint64_t end = offset + length;
  if (end < offset || end > size) {
    return ReadStatus::failed;
  }
  const std::uint64_t first = offset / block_size;
  const std::uint64_t last = (end - 1) / block_size;
  if ((last - first + 1) * block_size > max_cached) {
    return m_file.read(offset, length, out); // too large to cache: straight through
  }
  // Fetch the missing blocks of the range with one read.
  std::uint64_t missing_first = last + 1;
  std::uint64_t missing_last = 0;
  for (std::uint64_t block = first; block <= last; ++block) {
    if (m_blocks.count(block) == 0) {
      missing_first = std::min(missing_first, block);
      missing_last = block;
    }
  }
  if (missing_first <= missing_last) {
    if (m_cached + (missing_last - missing_first + 1) * block_size > max_cached) {
      m_blocks.clear();
      m_cached = 0;
      missing_first = first;
      missing_last = last;
    }
    const std::uint64_t span_start = missing_first * block_size;
    const std::uint64_t span_end = std::min(size, (missing_last + 1) * block_size);
    std::vector<std::uint8_t> span(static_cast<std::size_t>(span_end - span_start));
    const ReadStatus status = m_file.read(span_start, span.size(), span.data());
    if (status != ReadStatus::ok) {
      return status;
    }
    for (std::uint64_t block = missing_first; block <= missing_last; ++block) {
      const std::uint64_t from = block * block_size - span_start;
      const std::uint64_t to = std::min<std::uint64_t>(span.size(), from + block_size);
      m_blocks[block].assign(span.begin() + static_cast<std::ptrdiff_t>(from),
                             span.begin() + static_cast<std::ptrdiff_t>(to));
      m_cached += block_size;
    }
  }
  for (std::uint64_t at = offset; at < end;) {
    const std::vector<std::uint8_t>& block = m_blocks.at(at / block_size);
    const std::uint64_t within = at % block_size;
    const std::uint64_t take = std::min<std::uint64_t>(end - at, block.size() - within);
    std::copy_n(block.begin() + static_cast<std::ptrdiff_t>(within), take, out + (at - offset));
    at += take;
  }
  return ReadStatus::ok;
}

} // namespace smsscan::evidence
