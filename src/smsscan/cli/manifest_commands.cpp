#include "smsscan/cli/manifest_commands.hpp"

#include "smsscan/cli/console.hpp"
#include "smsscan/cli/exit_status.hpp"
#include "smsscan/cli/inputs.hpp"
#include "smsscan/kb/import.hpp"
#include "smsscan/manifest/default_manifest.hpp"
#include "smsscan/manifest/xml_reader.hpp"
#include "smsscan/manifest/xml_writer.hpp"
#include "smsscan/util/file.hpp"
#include "smsscan/util/text.hpp"
#include "smsscan/util/utf8.hpp"

#include <cstdio>

namespace smsscan::cli {

using manifest::Location;
using manifest::Manifest;
using manifest::ManifestFile;
using manifest::ManifestTimes;

Manifest load_manifest_or_fail(const std::string& path)
{
  util::Expected<Manifest> loaded = path.empty() ? manifest::load_default_manifest()
                                                 : manifest::parse_manifest(read_input_or_fail(path, "manifest"), path);
  if (!loaded) {
    throw util::Fatal(exit_bad_manifest, "manifest refused: " + loaded.error().to_string());
  }
  return std::move(*loaded);
}

int run_manifest_show(const std::string& path)
{
  const Manifest manifest = load_manifest_or_fail(path);
  std::printf("%s: %s\n", manifest.kb.c_str(), util::printable(manifest.title).c_str());
  std::printf("Product: %s\nFix:     %s\nTimes:   %s\n", util::printable(manifest.product).c_str(),
              util::printable(manifest.fix).c_str(),
              manifest.times == ManifestTimes::utc ? "UTC" : "local (US Pacific)");
  if (manifest.min_build) {
    std::printf("Build floor: %u\n", static_cast<unsigned>(*manifest.min_build));
  }
  std::printf("\n%-18s %-8s %10s  %-10s %-5s  %s\n", "File", "Platform", "Size", "Date", "Time", "Version");
  for (const ManifestFile& file : manifest.files) {
    std::printf("%-18s %-8s %10llu  %-10s %-5s  %s\n", util::printable(file.name).c_str(),
                std::string(manifest::platform_name(file.platform)).c_str(), static_cast<unsigned long long>(file.size),
                util::format_iso_date(file.date).c_str(), file.minutes ? util::format_hh_mm(*file.minutes).c_str() : "",
                util::printable(file.version_text).c_str());
  }
  if (!manifest.locations.empty()) {
    std::printf("\n%-12s %-10s %-8s %s\n", "Role", "Share", "Platform", "Path");
    for (const Location& location : manifest.locations) {
      std::printf("%-12s %-10s %-8s %s\n", location.role.c_str(), util::printable(location.share).c_str(),
                  std::string(manifest::platform_name(location.platform)).c_str(),
                  util::printable(location.path).c_str());
    }
  }
  if (!manifest.accounts.empty()) {
    std::printf("\nAccounts: %s\n", util::printable(util::join(manifest.accounts, ", ")).c_str());
  }
  if (manifest.remediation) {
    std::printf("\nRemediation: %s\n", util::printable(manifest.remediation->text).c_str());
    for (const manifest::ArticleReference& reference : manifest.remediation->references) {
      std::printf("  see %s%s%s\n", util::printable(reference.kb).c_str(), reference.title.empty() ? "" : ": ",
                  util::printable(reference.title).c_str());
    }
  }
  return exit_ok;
}

int run_manifest_check(const std::string& path)
{
  const Manifest manifest = load_manifest_or_fail(path);
  std::printf("%s: %s, %zu file rows, %zu locations\n", path.c_str(), manifest.kb.c_str(), manifest.files.size(),
              manifest.locations.size());
  return exit_ok;
}

int run_manifest_import(const std::string& article, const std::string& output)
{
  const std::string text = read_input_or_fail(article, "article");
  util::Expected<kb::ImportedArticle> imported = kb::import_kb_article(text, article);
  if (!imported) {
    throw util::Fatal(exit_bad_manifest, "cannot import: " + imported.error().to_string());
  }
  for (const std::string& warning : imported->warnings) {
    print_warning(warning); // warnings name the article and line themselves
  }
  const std::string xml = manifest::write_manifest_xml(imported->manifest);
  // The output must be a manifest the scanner accepts as is.
  const util::Expected<Manifest> check = manifest::parse_manifest(xml, output.empty() ? "imported manifest" : output);
  if (!check) {
    throw util::Fatal(exit_bad_manifest, "the imported manifest does not validate: " + check.error().to_string());
  }
  if (output.empty() || output == "-") {
    std::fputs(xml.c_str(), stdout);
  } else {
    if (const util::Expected<void> written = util::write_file_atomically(output, xml); !written) {
      throw util::Fatal(exit_no_input, written.error().to_string());
    }
    std::fprintf(stderr, "%s: %zu file rows written to %s\n", imported->manifest.kb.c_str(),
                 imported->manifest.files.size(), output.c_str());
  }
  return exit_ok;
}

} // namespace smsscan::cli
