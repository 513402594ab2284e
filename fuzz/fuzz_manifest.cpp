// libFuzzer target for parse_manifest: the input is manifest XML. A parsed
// manifest is also written back out, which walks every field it holds.
#include "manifest.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  const std::string_view xml(reinterpret_cast<const char*>(data), size);
  const smsscan::ManifestResult result = smsscan::parse_manifest(xml, "fuzz.xml");
  if (result.manifest) {
    (void)smsscan::write_manifest_xml(*result.manifest);
    (void)smsscan::manifest_roles(*result.manifest);
  } else {
    (void)result.error.to_string();
  }
  return 0;
}
