// Reads the times of KB file tables: 06:12pm, 09:18p, 12:21a, 1:10am,
// 6:12 p.m., 18:12, 18:12:40 (seconds are dropped).
#pragma once

#include "smsscan/kb/cell_text.hpp"

#include <optional>
#include <string_view>
#include <vector>

namespace smsscan::kb {

// "am", "PM", "a", "p", "a.m.", "p.m": the second word of "6:12 PM".
bool is_meridiem(std::string_view word);

struct TimeFit
{
  Fit fit = Fit::no;
  int minutes = 0; // after midnight
};

// One word, or a time and a meridiem word.
TimeFit read_time(const std::vector<std::string_view>& words);

// The whole text as one time of day, in minutes after midnight.
std::optional<int> parse_kb_time(std::string_view text);

} // namespace smsscan::kb
