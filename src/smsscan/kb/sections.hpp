// The section headings of a KB article that name the variant of the file
// tables below them: one article, one table per product, told apart only
// by a heading ("Internet Information Services 5.0" / "Internet
// Information Server 4.0", "MDAC 2.6" / "MDAC 2.7").
//
// A heading is a line outside every table that is
//   - followed by a dashed or '=' underline ("Windows NT 4.0" / "-------"),
//   - or short and ending in a colon ("Windows NT Server 4.0, Terminal
//     Server Edition:"), not a lead-in sentence ("... the following file
//     attributes:"),
//   - or a short title line directly before a table or its lead-in
//     sentence (a paragraph of its own, title case, no full stop).
// A heading names the variant of the tables below it until the next
// heading; the article's own sections (SYMPTOMS, RESOLUTION, STATUS, ...)
// end it.
#pragma once

#include "smsscan/kb/article_text.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace smsscan::kb {

struct Heading
{
  std::size_t line = 0; // index into the article's lines
  std::string text;     // "" for an article section, which ends the variant before it
};

// used: lines that belong to tables (and the article header); table_starts:
// the first line of each table, in order.
std::vector<Heading> find_headings(const std::vector<Line>& lines, const std::vector<bool>& used,
                                   const std::vector<std::size_t>& table_starts);

// The variant the headings give the table whose first line is table_start.
std::string section_variant(const std::vector<Heading>& headings, std::size_t table_start);

// True for the names of a KB article's own sections ("SYMPTOMS", "More
// Information"), which are no variants.
bool is_article_section(std::string_view text);

} // namespace smsscan::kb
