// Imports a Microsoft Knowledge Base article (plain text, 1995-2003 era)
// into a Manifest: the header fields (article_header.hpp), and every row of
// every file table (table_finder.hpp, row_matcher.hpp).
//
// The article is untrusted text: any input gives either a manifest or an
// error, never a crash and never a partial manifest (one bad row refuses the
// whole import).
#pragma once

#include "smsscan/manifest/model.hpp"
#include "smsscan/util/expected.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace smsscan::kb {

struct ImportedArticle
{
  manifest::Manifest manifest;
  std::vector<std::string> warnings; // "Q1.txt:12: ..." notes that did not stop the import
};

// Reads the article and builds its manifest.
//
// Each row keeps its table's caption (the sentence introducing the table, or
// the sub-caption above the row); a table without a Platform column under a
// caption naming one platform gets that platform. times is utc when the
// article says the times are "listed in coordinated universal time" (any
// case, across line breaks) or a header reads "Time (UTC)". min_build is
// left unset.
//
// The manifest cannot hold the same name, platform and caption twice: an
// exact repeat is dropped with a warning, a conflicting one is an error.
// Errors (the first, with the number of others), with the article's name
// and line: no file table, a row that does not parse, an impossible date,
// time, size, version or platform (IA-64 and other 64-bit platforms), a
// table without Date or Size ("Q1.txt:57: row does not parse: '...'").
// The returned manifest always survives write_manifest_xml and
// parse_manifest.
util::Expected<ImportedArticle> import_kb_article(std::string_view text, std::string_view source_name);

} // namespace smsscan::kb
