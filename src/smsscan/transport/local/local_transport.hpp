// The local transport: a machine image on disk (a copied Windows directory,
// a mounted share). Names match case-insensitively, as on Windows.
#pragma once

#include "smsscan/transport/transport.hpp"

#include <memory>

namespace smsscan::transport {

std::unique_ptr<Transport> make_local_transport();

} // namespace smsscan::transport
