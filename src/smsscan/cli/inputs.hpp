// Reading the files the command line names (manifest, host list, auth file,
// article): one rule for all of them, so that an input that cannot be read
// always ends the run with exit_no_input and the reason.
#pragma once

#include <string>

namespace smsscan::cli {

// The content of path ("-" = standard input). Throws util::Fatal with
// exit_no_input and a message naming the file and the reason.
std::string read_input_or_fail(const std::string& path, const std::string& what);

} // namespace smsscan::cli
