// Writes a Manifest as XML that parse_manifest accepts.
#pragma once

#include "smsscan/manifest/model.hpp"

#include <string>

namespace smsscan::manifest {

std::string write_manifest_xml(const Manifest& manifest);

} // namespace smsscan::manifest
