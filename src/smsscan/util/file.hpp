// Reading and writing whole files, with the errno reason in every failure.
#pragma once

#include "smsscan/util/expected.hpp"

#include <cstddef>
#include <string>

namespace smsscan::util {

// The whole content of a regular file (or of standard input for "-").
// Refuses, with a message naming the file, what cannot be opened, is a
// folder or another non-regular file that never ends, or holds more than
// max_bytes. what names the input in messages ("host list", "manifest").
Expected<std::string> read_file(const std::string& path, const std::string& what,
                                std::size_t max_bytes = 64 * 1024 * 1024);

// Writes content through a temporary file in the same folder and renames it
// over path, so that a failed write never leaves a half-written file.
Expected<void> write_file_atomically(const std::string& path, const std::string& content);

} // namespace smsscan::util
