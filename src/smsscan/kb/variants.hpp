// The variants of an imported article's rows: what tells apart the rows of
// one file name and platform. A row's variant is its section heading
// (sections.hpp) and its label (the operating system or language it was
// listed for), joined by ", ". Rows that still share name, platform,
// caption and variant:
//   - exact repeats are dropped, with a note;
//   - otherwise each is told apart by its note when the notes differ
//     ("Mstsc.exe (16-bit)" / "(32-bit)"), else by its article line
//     ("line 62"): the article lists two files and says no more.
#pragma once

#include "smsscan/kb/article_text.hpp"
#include "smsscan/manifest/model.hpp"

#include <string>
#include <vector>

namespace smsscan::kb {

// "Internet Information Server 4.0" and "Windows 98" -> "Internet
// Information Server 4.0, Windows 98"; either may be empty.
std::string join_variant(const std::string& section, const std::string& label);

// Drops exact repeats (noting them in notes and skipped) and makes every
// remaining row's name, platform, caption and variant unique.
void resolve_repeats(std::vector<manifest::ManifestFile>& files, std::vector<Problem>& notes,
                     std::vector<Problem>& skipped);

} // namespace smsscan::kb
