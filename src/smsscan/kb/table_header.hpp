// Finds the header of a KB file table: a line naming columns (Date, Time,
// Version, Size, File name, Platform in any order and subset, with a file
// name and at least one value; "Size (bytes)", "Date/Time", "Destination
// folder" and the like too), usually followed by a dashed rule; or a boxed
// header (+---+ and | cell |, over several lines) up to its rule.
#pragma once

#include "smsscan/kb/article_text.hpp"
#include "smsscan/kb/columns.hpp"

#include <cstddef>
#include <optional>
#include <vector>

namespace smsscan::kb {

// Turns header words into columns; false when a word names no column.
bool read_header_words(const std::vector<Token>& words, Header& header);

// The columns make a file table: one file name and a date, size or version.
bool valid_header(const Header& header);

// The header starting at lines[i], if one does.
std::optional<Header> header_at(const std::vector<Line>& lines, std::size_t i);

} // namespace smsscan::kb
