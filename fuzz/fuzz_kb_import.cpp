// libFuzzer target for import_kb_article: the input is a KB article's text.
// An imported manifest must survive the trip through XML (the CLI writes
// exactly that), and a refusal must say why.
#include "kb_import.hpp"
#include "manifest.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const smsscan::KbImportResult imported = smsscan::import_kb_article(text, "fuzz.txt");
  if (imported.manifest) {
    const smsscan::ManifestResult back =
      smsscan::parse_manifest(smsscan::write_manifest_xml(*imported.manifest), "round-trip.xml");
    if (!back.manifest || back.manifest->files.size() != imported.manifest->files.size()) {
      std::abort();
    }
  } else if (imported.error.message.empty()) {
    std::abort();
  }
  return 0;
}
