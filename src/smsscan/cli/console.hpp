// Messages to the user on standard error, in one format:
// "smsscan: error: ..." and "smsscan: warning: ...", and the width of the
// terminal the table is printed on.
#pragma once

#include <cstddef>
#include <string>

namespace smsscan::cli {

void print_error(const std::string& message);
void print_warning(const std::string& message);

// The columns of the terminal standard output is, or 80 when it is none
// (a file or a pipe gets the table as an 80-column terminal would).
std::size_t stdout_width();

} // namespace smsscan::cli
