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

// What the import read, for `manifest import --report`.
struct SkippedLine
{
  int line = 0;       // 1-based article line
  std::string reason; // "skipped '...': a file for 64-bit processors"
};

struct ImportReport
{
  int tables = 0;                    // file tables with rows imported
  int rows = 0;                      // manifest rows
  std::vector<std::string> variants; // the rows' variants, once each, in order
  std::vector<SkippedLine> skipped;  // rows and row-like lines not imported, and why
};

struct ImportedArticle
{
  manifest::Manifest manifest;
  std::vector<std::string> warnings; // "Q1.txt:12: ..." notes that did not stop the import
  ImportReport report;
};

// Reads the article and builds its manifest: kb, title, product and fix
// from the article header; a row per file row of every table, each with
// its caption (the sentence introducing the table, or the sub-caption above
// the row), its variant (variants.hpp) and its article line; a table
// without a Platform column under a caption naming one platform gets that
// platform; the remediation from the RESOLUTION and WORKAROUND sections.
// times is utc when the article says the times are "listed in coordinated
// universal time" (any case, across line breaks) or a header reads "Time
// (UTC)". min_build is left unset.
//
// A row needs a name and a version or a date. Rows that give neither, rows
// for other kinds of machine (64-bit, Macintosh, Windows CE) and exact
// repeats are skipped and reported. Errors (the first, with the number of
// others), with the article's name and line: no file table, a row that
// does not parse, an impossible date, time, size or version, a table
// without Date and Version columns, no row a manifest can hold
// ("Q1.txt:57: row does not parse: '...'"). The returned manifest always
// survives write_manifest_xml and parse_manifest.
util::Expected<ImportedArticle> import_kb_article(std::string_view text, std::string_view source_name);

} // namespace smsscan::kb
