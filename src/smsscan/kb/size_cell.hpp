// Reads the sizes of KB file tables, in bytes: 67, 199,008, 1.172.311 (dots
// as thousands separators), 1 172 311, "68,962 bytes".
#pragma once

#include "smsscan/kb/cell_text.hpp"

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace smsscan::kb {

// "bytes", "byte" after a size.
bool is_bytes_word(std::string_view word);

struct SizeFit
{
  Fit fit = Fit::no;
  std::uint64_t bytes = 0;
  int penalty = 0; // a size spread over several words is a less likely reading
};

// Fit::bad for sizes in other units ("68K", "1.2 MB") and broken separators ("1,17,311").
SizeFit read_size(std::vector<std::string_view> words);

// The whole text as one size in bytes.
std::optional<std::uint64_t> parse_kb_size(std::string_view text);

} // namespace smsscan::kb
