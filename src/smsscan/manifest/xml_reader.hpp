// Reads manifest XML into a Manifest, validating every field; every refusal
// names the source and the line.
#pragma once

#include "smsscan/manifest/model.hpp"
#include "smsscan/util/expected.hpp"

#include <string>
#include <string_view>

namespace smsscan::manifest {

// Parses and validates manifest XML. Refuses bad XML, a row with neither a
// version nor a date, a non-numeric size or tolerance, an impossible date or
// time, an unknown platform or role, an unparsable version, a file listed
// twice for the same platform, caption and variant, and a manifest without
// files.
util::Expected<Manifest> parse_manifest(std::string_view xml, std::string_view source_name);

// Reads and parses a manifest file; a file that cannot be read is refused
// with the reason.
util::Expected<Manifest> load_manifest_file(const std::string& path);

} // namespace smsscan::manifest
