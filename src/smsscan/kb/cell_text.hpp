// Character classes and small word tests shared by the KB importer's cell
// readers (ASCII only: the articles' tables are ASCII), and the outcome every
// cell reader gives.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace smsscan::kb {

// What a cell reader makes of some words: not a value of its type, a value
// of its type that cannot be (a date that does not exist), or a good value.
enum class Fit { no, bad, ok };

bool is_digit(char c);
bool is_alpha(char c);
bool is_alnum(char c);
bool is_upper(char c);
char lower(char c);
bool all_digits(std::string_view text);
bool has_alpha(std::string_view text);

// A short run of digits as a number; -1 for anything else (callers check
// the length first: at most nine digits are read).
int small_number(std::string_view digits);

// "-", "--", "n/a", "none", "(none)": a cell left empty on purpose.
bool is_empty_marker(std::string_view word);

// True when words[from..] is one parenthesised or bracketed group
// ("(SP1)", "(pre", "SP1)"), not two ("(Intel)", "(Alpha)").
bool is_parenthesised(const std::vector<std::string_view>& words, std::size_t from);

std::string_view strip_trailing_comma(std::string_view text);

// The text inside a group's brackets, trimmed: "(32-bit)" -> "32-bit".
std::string inner_note(std::string_view text);

} // namespace smsscan::kb
