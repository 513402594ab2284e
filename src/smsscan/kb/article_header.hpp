// The header of a KB article and what the manifest takes from it: the KB
// number, title, product and fix, and whether its times are UTC.
//
// Header styles: "DOCUMENT:Q231399 ..." / "TITLE   :..." / "PRODUCT :..." /
// "PROD/VER:winnt:2.0", or the archive style "Article: Q231942" /
// "Product(s): ..." / "Version(s): ..." (also with a web-archive front
// matter "title:" and tab-indented lines).
#pragma once

#include "smsscan/kb/article_text.hpp"
#include "smsscan/manifest/model.hpp"

#include <cstddef>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace smsscan::kb {

// "Q231399", "231399", "KB231399", "Q231399." -> "Q231399"; "" for anything else.
std::string kb_number(std::string_view word);

struct ArticleFields
{
  std::string kb;
  std::string title;
  std::string product;
  std::string versions;
  std::size_t article_line = std::numeric_limits<std::size_t>::max(); // the "Article:" line
  std::size_t end = 0;                                                // the line after the last header field
  bool have_title = false;
};

ArticleFields read_fields(const std::vector<Line>& lines);

// "Q305209: Cannot Migrate ..." -> "Cannot Migrate ..."; "## " headings too.
std::string strip_title_prefix(std::string_view text);

// The archive style has no title: the first non-empty line above "Article:",
// else the first sentence of the first section (SYMPTOMS, SUMMARY, ...).
std::string fallback_title(const std::vector<Line>& lines, const ArticleFields& fields);

// "listed in coordinated universal time (UTC)" and the like, in the
// article's lower-cased text on one line.
bool says_utc(const std::string& flat_lowered);

// "This problem was first corrected in Systems Management Server 2.0 Service
// Pack 1." -> "SMS 2.0 Service Pack 1"; "" when the article names none.
std::string service_pack_fix(const std::string& flat);

// Fills the manifest's kb, title, product, fix and (for Systems Management
// Server) the default manifest's locations. kb falls back to a Q number in
// source; title to fallback_title, then "KB <number>"; product is the
// product field plus the version when the article names exactly one, else
// the first "applies to" line; fix is service_pack_fix, else "KB <number>".
// A problem when the article has no KB number anywhere; warnings name what
// was taken from elsewhere.
std::optional<Problem> fill_header(manifest::Manifest& manifest, const ArticleFields& fields,
                                   const std::vector<Line>& lines, const std::string& flat, const std::string& source,
                                   std::vector<std::string>& warnings);

} // namespace smsscan::kb
