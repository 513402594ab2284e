// The manifest compiled into the binary (manifests/Q231399.xml, embedded at
// build time by cmake/EmbedFile.cmake).
#pragma once

#include "smsscan/manifest/model.hpp"
#include "smsscan/util/expected.hpp"

#include <string_view>

namespace smsscan::manifest {

util::Expected<Manifest> load_default_manifest();

// The embedded bytes and their name ("Q231399.xml (built in)"); defined in
// the generated embedded_manifest.cpp.
std::string_view embedded_default_manifest();
std::string_view embedded_default_manifest_name();

} // namespace smsscan::manifest
