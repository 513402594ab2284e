#include "smsscan/verdict/row_choice.hpp"

#include "smsscan/util/text.hpp"

#include <algorithm>
#include <cstdlib>
#include <utility>

namespace smsscan::verdict {

namespace {

using manifest::FileVersion;
using manifest::ManifestFile;
using manifest::VersionLine;

std::string line_text(const VersionLine& line)
{
  return line.to_string() + ".x";
}

// "4.2.x, 5.0.x": the lines of the versioned rows, in order, once each.
std::string lines_of(const std::vector<const ManifestFile*>& rows)
{
  std::vector<std::string> lines;
  for (const ManifestFile* row : rows) {
    const std::string text = line_text(version_line(*row->version));
    if (std::find(lines.begin(), lines.end(), text) == lines.end()) {
      lines.push_back(text);
    }
  }
  return util::join(lines, ", ");
}

// "Windows 95, Windows 98": the rows' variants, once each; "" when the rows
// are not told apart by variants (other captions only, such as languages).
std::string variants_of(const std::vector<const ManifestFile*>& rows)
{
  std::vector<std::string> variants;
  for (const ManifestFile* row : rows) {
    if (!row->variant.empty() && std::find(variants.begin(), variants.end(), row->variant) == variants.end()) {
      variants.push_back(row->variant);
    }
  }
  return variants.size() > 1 ? util::join(variants, ", ") : std::string();
}

// How far apart two versions of one line are: builds, then revisions.
std::pair<int, int> distance_between(const FileVersion& a, const FileVersion& b)
{
  return {std::abs(int{a.parts[2]} - int{b.parts[2]}), std::abs(int{a.parts[3]} - int{b.parts[3]})};
}

std::string most_favourable_note(const std::string& why, const std::vector<const ManifestFile*>& rows)
{
  const std::string variants = variants_of(rows);
  return variants.empty() ? std::string() : why + ": the most favourable of its rows counts (" + variants + ")";
}

} // namespace

RowChoice choose_rows(const manifest::Manifest& manifest, const std::vector<const ManifestFile*>& candidates,
                      const std::optional<FileVersion>& version)
{
  RowChoice choice;
  if (!version) {
    choice.rows = candidates;
    choice.note = most_favourable_note("the file has no version to choose a row by", candidates);
    return choice;
  }
  const VersionLine line = version_line(*version);
  std::vector<const ManifestFile*> versioned;
  std::vector<const ManifestFile*> unversioned;
  for (const ManifestFile* row : candidates) {
    (row->version ? versioned : unversioned).push_back(row);
  }
  const std::string no_match = "version " + line_text(line) + " matches no row of this article";
  if (versioned.empty()) {
    if (manifest.min_build && manifest.min_build_line && *manifest.min_build_line != line) {
      choice.review = no_match + " (its build floor is for " + line_text(*manifest.min_build_line) + ")";
      return choice;
    }
    choice.rows = candidates;
    choice.note = most_favourable_note("no row of this file gives a version", candidates);
    return choice;
  }
  // Of the rows of the file's line, the nearest: the same build first, then
  // the nearest revision (5.0.2195.3000 is judged against Windows 2000's
  // 5.0.2195.3645, not NT 4.0's 5.0.1782.4; a TSE 4.0.1381.33000 against the
  // TSE row 4.0.1381.33478, not the NT 4.0 row 4.0.1381.7086).
  std::optional<std::pair<int, int>> nearest;
  for (const ManifestFile* row : versioned) {
    if (version_line(*row->version) != line) {
      continue;
    }
    const std::pair<int, int> distance = distance_between(*version, *row->version);
    if (!nearest || distance < *nearest) {
      nearest = distance;
      choice.rows.clear();
    }
    if (distance == *nearest) {
      choice.rows.push_back(row);
    }
  }
  if (!choice.rows.empty()) {
    choice.note = most_favourable_note("several rows have version line " + line_text(line), choice.rows);
    return choice;
  }
  if (!unversioned.empty()) {
    choice.rows = unversioned;
    choice.note =
      "version " + line_text(line) + " matches no versioned row of this article; judged by the rows without a version";
    return choice;
  }
  choice.review = no_match + " (its rows are " + lines_of(versioned) + ")";
  return choice;
}

} // namespace smsscan::verdict
