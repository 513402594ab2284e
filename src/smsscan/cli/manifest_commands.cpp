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
    std::printf("Build floor: %u%s\n", static_cast<unsigned>(*manifest.min_build),
                manifest.min_build_line ? (" (version line " + manifest.min_build_line->to_string() + ")").c_str()
                                        : "");
  }
  std::printf("\n%-18s %-8s %10s  %-10s %-5s  %-16s %5s  %s\n", "File", "Platform", "Size", "Date", "Time", "Version",
              "Line", "Variant");
  for (const ManifestFile& file : manifest.files) {
    std::string size = file.size ? std::to_string(*file.size) : "-";
    if (file.size && file.size_tolerance > 0) {
      size = "~" + size; // approximate: the reports give the tolerance
    }
    std::printf(
      "%-18s %-8s %10s  %-10s %-5s  %-16s %5s  %s\n", util::printable(file.name).c_str(),
      std::string(manifest::platform_name(file.platform)).c_str(), size.c_str(),
      file.date ? util::format_iso_date(*file.date).c_str() : "-",
      file.minutes ? util::format_hh_mm(*file.minutes).c_str() : "", util::printable(file.version_text).c_str(),
      file.article_line > 0 ? std::to_string(file.article_line).c_str() : "", util::printable(file.variant).c_str());
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

namespace {

// `manifest import --report`: what was read, and each line skipped with why.
void print_import_report(const kb::ImportedArticle& imported)
{
  const kb::ImportReport& report = imported.report;
  std::fprintf(stderr, "%s: %d table%s, %d row%s, %zu variant%s%s%s\n", imported.manifest.kb.c_str(), report.tables,
               report.tables == 1 ? "" : "s", report.rows, report.rows == 1 ? "" : "s", report.variants.size(),
               report.variants.size() == 1 ? "" : "s", report.variants.empty() ? "" : ": ",
               util::printable(util::join(report.variants, "; ")).c_str());
  std::fprintf(stderr, "%zu line%s skipped%s\n", report.skipped.size(), report.skipped.size() == 1 ? "" : "s",
               report.skipped.empty() ? "" : ":");
  for (const kb::SkippedLine& skipped : report.skipped) {
    std::fprintf(stderr, "  line %d: %s\n", skipped.line, util::printable(skipped.reason).c_str());
  }
}

} // namespace

int run_manifest_import(const std::string& article, const std::string& output, bool report)
{
  const std::string text = read_input_or_fail(article, "article");
  util::Expected<kb::ImportedArticle> imported = kb::import_kb_article(text, article);
  if (!imported) {
    throw util::Fatal(exit_bad_manifest, "cannot import: " + imported.error().to_string());
  }
  for (const std::string& warning : imported->warnings) {
    print_warning(warning); // warnings name the article and line themselves
  }
  if (report) {
    print_import_report(*imported);
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
