// libFuzzer target for import_kb_article: the input is a KB article's text.
// An imported manifest must survive the trip through XML (the CLI writes
// exactly that), and a refusal must say why.
#include "smsscan/kb/import.hpp"
#include "smsscan/manifest/model.hpp"
#include "smsscan/manifest/xml_reader.hpp"
#include "smsscan/manifest/xml_writer.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const smsscan::util::Expected<smsscan::kb::ImportedArticle> imported =
    smsscan::kb::import_kb_article(text, "fuzz.txt");
  if (imported) {
    const smsscan::manifest::Manifest& manifest = imported->manifest;
    const smsscan::util::Expected<smsscan::manifest::Manifest> back =
      smsscan::manifest::parse_manifest(smsscan::manifest::write_manifest_xml(manifest), "round-trip.xml");
    if (!back || back->files.size() != manifest.files.size()) {
      std::abort();
    }
  } else if (imported.error().message.empty()) {
    std::abort();
  }
  return 0;
}
