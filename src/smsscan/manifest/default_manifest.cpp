#include "smsscan/manifest/default_manifest.hpp"

#include "smsscan/manifest/xml_reader.hpp"

namespace smsscan::manifest {

util::Expected<Manifest> load_default_manifest()
{
  return parse_manifest(embedded_default_manifest(), embedded_default_manifest_name());
}

} // namespace smsscan::manifest
