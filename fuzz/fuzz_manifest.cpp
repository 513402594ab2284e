// libFuzzer target for parse_manifest: the input is manifest XML. A parsed
// manifest is also written back out, which walks every field it holds.
#include "smsscan/manifest/model.hpp"
#include "smsscan/manifest/roles.hpp"
#include "smsscan/manifest/xml_reader.hpp"
#include "smsscan/manifest/xml_writer.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  const std::string_view xml(reinterpret_cast<const char*>(data), size);
  const smsscan::util::Expected<smsscan::manifest::Manifest> result =
    smsscan::manifest::parse_manifest(xml, "fuzz.xml");
  if (result) {
    (void)smsscan::manifest::write_manifest_xml(*result);
    (void)smsscan::manifest::manifest_roles(*result);
  } else {
    (void)result.error().to_string();
  }
  return 0;
}
