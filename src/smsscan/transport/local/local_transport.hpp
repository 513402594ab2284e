// The local transport: a machine image on disk (a copied Windows directory,
// a mounted share). Names match case-insensitively, as on Windows; several
// names differing only in case are rejected, not guessed between. Only
// regular files are evidence, nothing outside the image (or a --share
// folder) is ever opened, and every call runs within the machine's deadline.
// An image must look like a Windows directory (it holds a System32 folder).
#pragma once

#include "smsscan/transport/transport.hpp"

#include <memory>
#include <string>

namespace smsscan::transport {

std::unique_ptr<Transport> make_local_transport();

// Why path is not a Windows directory, with the folder to give instead
// where one is near; "" when it holds a System32 folder. (For messages and
// tests; the session calls it on the image's first open.)
std::string windows_directory_problem(const std::string& path);

} // namespace smsscan::transport
