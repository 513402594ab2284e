// Messages to the user on standard error, in one format:
// "smsscan: error: ..." and "smsscan: warning: ...".
#pragma once

#include <string>

namespace smsscan::cli {

void print_error(const std::string& message);
void print_warning(const std::string& message);

} // namespace smsscan::cli
