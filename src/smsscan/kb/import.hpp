// Imports a Microsoft Knowledge Base article (plain text, 1999-2003 era)
// into a Manifest: the header fields, and every row of every file table.
//
// The article is untrusted text: any input gives either a manifest or an
// error, never a crash and never a partial manifest (one bad row refuses the
// whole import).
#pragma once

#include "smsscan/manifest/model.hpp"
#include "smsscan/util/civil_time.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace smsscan::kb {

struct KbImportError
{
  std::string source;  // the article's name, as given to import_kb_article
  int line = 0;        // 1-based line of the article; 0 when no line applies
  std::string message; // what is wrong
  // "Q1.txt:57: row does not parse: '06/08/99  06:12pm  abc  Foo.dll'"
  // ("Q1.txt: no file table found" when line is 0).
  std::string to_string() const;
};

struct KbImportResult
{
  std::optional<manifest::Manifest> manifest; // set on success only
  KbImportError error;                        // set when manifest is empty
  std::vector<std::string> warnings;          // "Q1.txt:12: ..." notes that did not stop the import
};

// Reads the article and builds its manifest.
//
// Header: "DOCUMENT:Q231399 ..." / "TITLE   :..." / "PRODUCT :..." /
// "PROD/VER:winnt:2.0", or the archive style "Article: Q231942" /
// "Product(s): ..." / "Version(s): ..." (also with a web-archive front
// matter "title:" and tab-indented lines). kb falls back to a Q number in
// source_name. The title, which the archive style lacks, falls back to the
// first non-empty line above "Article:", then to the first sentence of the
// first section (SYMPTOMS, SUMMARY, ...), then to "KB <number>". product is
// the product field plus the version when the article names exactly one
// (else the first "applies to" line). fix is "<product> Service Pack N" when
// the article says it was "corrected in <product> Service Pack N"
// ("Systems Management Server" shortened to "SMS"), else "KB <number>".
// times is utc when the article says the times are "listed in coordinated
// universal time" (any case, across line breaks) or a header reads
// "Time (UTC)". Locations are the default manifest's when the product is
// Systems Management Server, else none. min_build is left unset.
//
// Tables: a header line naming columns (Date, Time, Version, Size,
// File name, Platform in any order and subset, a file name and at least one
// more; Size (bytes), Date/Time, Destination folder and the like too),
// usually followed by a dashed rule; boxed tables (+---+ and | cell |, the
// header over several lines) too. Rows run until a blank line; rows of the
// same shape after a blank line, or after a one-line sub-caption such as
// "Alpha:", continue the table. Values are assigned to columns by their type
// (date, time, size, version, platform, file name) and, where two readings
// fit, by their position under the header. Rows with no header at all
// ("06/08/99 06:12p 144,144 Msv1_0.dll (Intel)") are read when every word
// has a type. Each row keeps its table's caption (the sentence introducing
// the table, or the sub-caption above the row); a table without a Platform
// column under a caption naming one platform gets that platform.
//
// The manifest cannot hold the same name, platform and caption twice: an
// exact repeat is dropped with a warning, a conflicting one is an error.
// Errors (the first, with the number of others): no file table, a row that
// does not parse, an impossible date, time, size, version or platform
// (IA-64 and other 64-bit platforms), a table without Date or Size.
// The returned manifest always survives write_manifest_xml and
// parse_manifest.
KbImportResult import_kb_article(std::string_view text, std::string_view source_name);

// The value readers the importer uses, for tests and for other callers.

// 06/08/99, 6/8/99, 06/08/1999, 06-08-99, 1999-06-08, 08-Jun-1999,
// 08-JUN-99, Jun-08-1999, "June 8, 1999", "Jun 8 1999", "8 June 1999".
// Two-digit years: 50-99 are 19xx, 00-49 are 20xx. nullopt for anything else
// and for dates that do not exist (02/30/99).
std::optional<util::CivilDate> parse_kb_date(std::string_view text);

// 06:12pm, 06:12 PM, 09:18p, 12:21a, 1:10am, 6:12 p.m., 18:12, 18:12:40;
// returns minutes after midnight (seconds are dropped).
std::optional<int> parse_kb_time(std::string_view text);

// 67, 1,172,311, 1.172.311, 1 172 311, "68,962 bytes".
std::optional<std::uint64_t> parse_kb_size(std::string_view text);

} // namespace smsscan::kb
