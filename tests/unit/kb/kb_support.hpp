// Helpers shared by the KB importer's unit tests: the sample articles (read
// from the shared folder beside the repository, never kept in it), imports
// that must succeed or fail, a compact form of a manifest row, the XML round
// trip, and a small article header for articles written in the tests.
#pragma once

#include "smsscan/kb/import.hpp"
#include "smsscan/manifest/model.hpp"
#include "smsscan/manifest/xml_reader.hpp"
#include "smsscan/manifest/xml_writer.hpp"
#include "smsscan/util/civil_time.hpp"
#include "smsscan/util/error.hpp"
#include "smsscan/util/expected.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace smsscan::kb::test {

inline std::string read_source(const std::string& relative)
{
  std::ifstream in(std::string(SMSSCAN_SOURCE_DIR) + "/" + relative, std::ios::binary);
  REQUIRE_MESSAGE(in.good(), "cannot read " << relative);
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

// The sample articles are Microsoft's text: they are read from the shared
// folder beside the repository (SMSSCAN_KB_DIR), not kept in it. Without them
// the golden cases are skipped; CMake says so when it configures.
inline bool kb_samples_available()
{
  return SMSSCAN_HAVE_KB_SAMPLES != 0;
}

inline std::string read_sample(const std::string& name)
{
  std::ifstream in(std::string(SMSSCAN_KB_DIR) + "/" + name, std::ios::binary);
  REQUIRE_MESSAGE(in.good(), "cannot read " << SMSSCAN_KB_DIR << "/" << name);
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

inline util::Expected<ImportedArticle> import_sample(const std::string& name)
{
  return import_kb_article(read_sample(name), name);
}

// Imports text that must import; fails the test with the error otherwise.
inline ImportedArticle import_article(const std::string& text, const std::string& name = "test.txt")
{
  util::Expected<ImportedArticle> result = import_kb_article(text, name);
  REQUIRE_MESSAGE(result.has_value(), result.error().to_string());
  return std::move(*result);
}

inline manifest::Manifest import_ok(const std::string& text, const std::string& name = "test.txt")
{
  return import_article(text, name).manifest;
}

inline util::Error import_error(const std::string& text, const std::string& name = "test.txt")
{
  const util::Expected<ImportedArticle> result = import_kb_article(text, name);
  REQUIRE_MESSAGE(!result.has_value(), "imported, but should not have");
  return result.error();
}

inline std::string time_of(const manifest::ManifestFile& file)
{
  return file.minutes ? util::format_hh_mm(*file.minutes) : "-";
}

// One row in a compact form: "Name|size|date|time|platform|version"; a
// size or date the row does not give is "-", an approximate size "~bytes±tolerance".
inline std::string row(const manifest::ManifestFile& file)
{
  std::string size = file.size ? std::to_string(*file.size) : "-";
  if (file.size_tolerance > 0) {
    size = "~" + size + "+-" + std::to_string(file.size_tolerance);
  }
  return file.name + "|" + size + "|" + (file.date ? util::format_iso_date(*file.date) : "-") + "|" + time_of(file) +
         "|" + std::string(manifest::platform_name(file.platform)) + "|" + file.version_text;
}

inline std::vector<std::string> rows(const manifest::Manifest& manifest)
{
  std::vector<std::string> out;
  for (const manifest::ManifestFile& file : manifest.files) {
    out.push_back(row(file));
  }
  return out;
}

// The manifest survives write_manifest_xml and parse_manifest unchanged.
inline void check_round_trip(const manifest::Manifest& manifest)
{
  const std::string xml = manifest::write_manifest_xml(manifest);
  const auto parsed = manifest::parse_manifest(xml, "round-trip");
  REQUIRE_MESSAGE(parsed.has_value(), parsed.error().to_string() << "\n" << xml);
  CHECK(parsed->kb == manifest.kb);
  CHECK(parsed->times == manifest.times);
  CHECK(parsed->locations.size() == manifest.locations.size());
  CHECK(rows(*parsed) == rows(manifest));
}

inline const char* const k_old_header = "DOCUMENT:Q900001  06-AUG-2002  [nt]\n"
                                        "TITLE   :Test article\n"
                                        "PRODUCT :Microsoft Windows NT\n"
                                        "PROD/VER:winnt:4.0\n"
                                        "\n";

// An article of the old style around body; the body starts at line 6.
inline std::string article(const std::string& body)
{
  return std::string(k_old_header) + body;
}

} // namespace smsscan::kb::test
