// Reads the sizes of KB file tables: in bytes (67, 199,008, 1.172.311 with
// dots as thousands separators, 1 172 311, "68,962 bytes", 157,285b), or
// approximate in KB or MB (1,172 KB, 18KB, 29K, 67.5KB, 1.33 MB).
//
// An approximate size stands for a range: one unit of its last digit either
// way, and KB or MB read as 1000 or 1024 based (the articles use both: a
// 1,172,311-byte file is "1,172 KB" in one article, "1,145 KB" in Explorer).
// The row keeps the middle of the range and half its width as tolerance.
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
  std::uint64_t tolerance = 0; // approximate sizes: bytes is within this many of the file's size
  int penalty = 0;             // a size spread over several words, or approximate, is a less likely reading
  std::string unusable;        // a size read, but not used, and why ("1.601 KB": 1.601 or 1,601?)
};

// Fit::bad for broken separators ("1,17,311", "8,1012").
SizeFit read_size(std::vector<std::string_view> words);

// The whole text as one exact size in bytes (approximate sizes give nullopt).
std::optional<std::uint64_t> parse_kb_size(std::string_view text);

} // namespace smsscan::kb
