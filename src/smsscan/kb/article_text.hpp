// The KB article as the importer reads it: lines (tabs expanded to 8-column
// stops, control characters and no-break spaces blanked), rules and boxed
// lines, whitespace tokens with their columns, and the text helpers for
// messages and manifest fields.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace smsscan::kb {

struct Line
{
  std::string text; // tabs expanded, control characters blanked, right-trimmed
  int number = 0;   // 1-based line number in the article
};

// Splits on LF, CRLF and CR; drops a UTF-8 byte order mark.
std::vector<Line> split_lines(std::string_view text);

// Something the importer could not read, or a note about what it read.
struct Problem
{
  int line = 0; // 1-based article line; 0 when no line applies
  std::string message;
};

bool is_blank(std::string_view line);

// "-----", "=====  =====", "-------   ----": dashes (or equals/underscores) and spaces.
bool is_plain_rule(std::string_view line);

// "+-----+-----+", "|-----|-----|", "+=====+": the borders of a boxed table.
// Also "------+------" under a header whose cells are split by bars only.
bool is_box_rule(std::string_view line);

bool is_rule(std::string_view line);

// A line of a boxed table: "| a | b |", or "a | b" between bars only.
bool is_box_line(std::string_view line);

struct Token
{
  std::string_view text;
  int start = 0; // column of the first character
  int end = 0;   // column after the last character
  int cell = 0;  // boxed tables: index of the | cell | holding the token
};

// The whitespace-separated words of a line (and, when boxed, split at bars),
// at most `limit`: callers only need to know that a line has more than any
// row or header has.
std::vector<Token> tokenize(std::string_view line, bool boxed, std::size_t limit = 65);

// The token texts of an unboxed line.
std::vector<std::string_view> words_of(std::string_view text);

// Quotes a piece of the article for a message: control characters as '?',
// at most 160 characters.
std::string quote(std::string_view text);

// Text fit for a manifest field: invalid UTF-8 as '?', control characters
// as spaces (the XML writer and parser need well-formed text).
std::string clean_text(std::string_view text);

// Runs of spaces and line breaks as one space; no leading space.
std::string collapse_spaces(std::string_view text);

} // namespace smsscan::kb
