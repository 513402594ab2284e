// The import's pipeline: normalise the text into lines, read the header
// fields, find every file table, read each table's rows (month first, or day
// first when only that reading makes sense), drop exact repeats, then check
// that the manifest survives the trip through XML.
#include "smsscan/kb/import.hpp"

#include "smsscan/kb/article_header.hpp"
#include "smsscan/kb/article_text.hpp"
#include "smsscan/kb/platform_cell.hpp"
#include "smsscan/kb/row_matcher.hpp"
#include "smsscan/kb/table_finder.hpp"
#include "smsscan/manifest/xml_reader.hpp"
#include "smsscan/manifest/xml_writer.hpp"
#include "smsscan/util/text.hpp"

#include <algorithm>
#include <iterator>
#include <map>
#include <optional>
#include <utility>

namespace smsscan::kb {

using manifest::Manifest;
using manifest::ManifestFile;
using manifest::ManifestTimes;
using manifest::Platform;
using util::CivilDate;
using util::to_lower;
using util::trim;

namespace {

// Reads every row of one table with one date order; problems for the rows
// that do not read.
std::vector<ManifestFile> read_rows(const Table& table, const std::vector<Line>& lines, DateOrder order,
                                    std::vector<Problem>& problems)
{
  std::vector<ManifestFile> files;
  for (const TableRow& row : table.rows) {
    const Line& line = lines[row.line];
    const RowParse parse = parse_row(line.text, table.columns, table.header.boxed, order);
    if (!parse.matched) {
      problems.push_back({line.number, "row does not parse: " + quote(trim(line.text))});
      continue;
    }
    if (!parse.error.empty()) {
      problems.push_back({line.number, parse.error + " in row " + quote(trim(line.text))});
      continue;
    }
    ManifestFile file;
    file.name = parse.value.name;
    file.size = parse.value.size.value_or(0);
    file.date = parse.value.date.value_or(CivilDate{});
    file.minutes = parse.value.minutes;
    file.platform = parse.value.platform;
    file.version = parse.value.version;
    file.version_text = parse.value.version_text;
    file.note = parse.value.note;
    file.caption = row.caption;
    file.line = line.number;
    files.push_back(std::move(file));
  }
  return files;
}

// The files of one table; its problems go to scan.problems, its notes to
// scan.notes.
std::vector<ManifestFile> table_files(const Table& table, const std::vector<Line>& lines, TableScan& scan)
{
  const auto& columns = table.header.columns;
  const int header_line = lines[table.header.first].number;
  if (!has_kind(columns, Kind::date) || !has_kind(columns, Kind::size)) {
    const char* missing = has_kind(columns, Kind::date) ? "Size" : "Date";
    scan.problems.push_back({header_line, std::string("file table has no ") + missing +
                                            " column; a manifest needs each file's date and size"});
    return {};
  }
  // Month first; a table whose dates only make sense day first (13/06/99)
  // is read day first.
  std::vector<Problem> problems;
  std::vector<ManifestFile> files = read_rows(table, lines, DateOrder::mdy, problems);
  const bool dates_only = std::all_of(problems.begin(), problems.end(),
                                      [](const Problem& p) { return p.message.compare(0, 5, "date ") == 0; });
  if (!problems.empty() && dates_only) {
    std::vector<Problem> day_first_problems;
    std::vector<ManifestFile> day_first = read_rows(table, lines, DateOrder::dmy, day_first_problems);
    if (day_first_problems.empty()) {
      scan.notes.push_back({header_line, "the dates of this table only make sense day first; read as dd/mm/yy"});
      files = std::move(day_first);
      problems.clear();
    }
  }
  if (!problems.empty()) {
    scan.problems.insert(scan.problems.end(), problems.begin(), problems.end());
    return {};
  }
  // A table without a Platform column under a caption naming one platform
  // ("Alpha:") holds that platform's files.
  bool inferred = false;
  for (ManifestFile& file : files) {
    if (has_kind(columns, Kind::platform) || file.platform != Platform::any) {
      continue;
    }
    if (const auto platform = caption_platform(file.caption)) {
      file.platform = *platform;
      inferred = true;
    }
  }
  if (inferred) {
    scan.notes.push_back({header_line, "platform taken from the table's caption"});
  }
  const std::string caption = to_lower(table.caption);
  if (caption.find("64-bit") != std::string::npos || caption.find("itanium") != std::string::npos ||
      caption.find("ia-64") != std::string::npos) {
    scan.notes.push_back({header_line, "the table's caption names a 64-bit platform, which manifests cannot express"});
  }
  return files;
}

// The same file twice (the same name, platform and caption, which a
// manifest refuses): an exact repeat is dropped with a note; a conflicting
// one is a problem.
std::optional<Problem> drop_repeats(std::vector<ManifestFile>& files, std::vector<Problem>& notes)
{
  std::vector<ManifestFile> unique;
  std::map<std::string, std::size_t> seen; // name, platform and caption -> index in unique
  for (ManifestFile& file : files) {
    const std::string key =
      to_lower(file.name) + '\n' + std::string(platform_name(file.platform)) + '\n' + file.caption;
    const auto found = seen.find(key);
    if (found == seen.end()) {
      seen.emplace(key, unique.size());
      unique.push_back(std::move(file));
      continue;
    }
    const ManifestFile& twin = unique[found->second];
    const bool same = twin.size == file.size && format_iso_date(twin.date) == format_iso_date(file.date) &&
                      twin.minutes == file.minutes && twin.version == file.version && twin.note == file.note;
    if (!same) {
      return Problem{file.line, "file " + quote(file.name) +
                                  " is listed again for the same platform with other "
                                  "attributes (first at line " +
                                  std::to_string(twin.line) + "); a manifest cannot hold both"};
    }
    notes.push_back({file.line, "file " + quote(file.name) + " repeats line " + std::to_string(twin.line) +
                                  " exactly; the repeat is dropped"});
  }
  files = std::move(unique);
  return std::nullopt;
}

// The first problem, with the number of others.
Problem first_problem(std::vector<Problem> problems)
{
  std::stable_sort(problems.begin(), problems.end(),
                   [](const Problem& a, const Problem& b) { return a.line < b.line; });
  Problem first = problems.front();
  if (problems.size() > 1) {
    first.message +=
      " (and " + std::to_string(problems.size() - 1) + " more problem" + (problems.size() > 2 ? "s" : "") + ")";
  }
  return first;
}

// The promise to the caller: what write_manifest_xml makes of this
// manifest, parse_manifest accepts. A problem (at the row it names, if one)
// otherwise.
std::optional<Problem> check_round_trip(const Manifest& manifest)
{
  const util::Expected<Manifest> check =
    manifest::parse_manifest(manifest::write_manifest_xml(manifest), manifest.source);
  if (check) {
    return std::nullopt;
  }
  int line = 0;
  for (const ManifestFile& file : manifest.files) {
    if (check.error().message.find("'" + file.name + "'") != std::string::npos) {
      line = file.line;
      break;
    }
  }
  return Problem{line, "the imported manifest would not be valid: " + check.error().message};
}

} // namespace

util::Expected<ImportedArticle> import_kb_article(std::string_view text, std::string_view source_name)
{
  const std::string source(source_name);
  const auto fail = [&source](const Problem& problem) {
    return util::unexpected(util::Error(source, problem.line, problem.message));
  };
  constexpr std::size_t k_max_article = 16U * 1024U * 1024U;
  if (text.size() > k_max_article) {
    return fail({0, "article is larger than 16 MiB; refusing to read it"});
  }
  const std::vector<Line> lines = split_lines(text);
  std::string flat; // the whole text on one line, single spaces
  for (const Line& line : lines) {
    flat += line.text;
    flat.push_back(' ');
  }
  flat = collapse_spaces(flat);

  ImportedArticle result;
  const ArticleFields fields = read_fields(lines);
  Manifest& manifest = result.manifest;
  manifest.source = source;
  if (const auto problem = fill_header(manifest, fields, lines, flat, source, result.warnings)) {
    return fail(*problem);
  }

  TableScan scan = find_tables(lines, fields.end);
  bool utc_header = false;
  for (const Table& table : scan.tables) {
    utc_header = utc_header || table.header.utc;
    std::vector<ManifestFile> files = table_files(table, lines, scan);
    manifest.files.insert(manifest.files.end(), std::make_move_iterator(files.begin()),
                          std::make_move_iterator(files.end()));
  }
  if (!scan.problems.empty()) {
    return fail(first_problem(scan.problems));
  }
  const std::vector<std::size_t> orphans = orphan_rows(lines, scan.used);
  if (manifest.files.empty()) {
    if (!orphans.empty()) {
      return fail({lines[orphans.front()].number,
                   "no file table found: this line looks like a file row but has no column header "
                   "(Date, Time, Version, Size, File name, Platform) above it"});
    }
    return fail({0, "no file table found (a header line naming Date, Size and File name columns, "
                    "a dashed rule, then the rows)"});
  }
  for (const std::size_t orphan : orphans) {
    scan.notes.push_back(
      {lines[orphan].number, "line looks like a file row but is in no table: " + quote(trim(lines[orphan].text))});
  }
  if (const auto problem = drop_repeats(manifest.files, scan.notes)) {
    return fail(*problem);
  }
  for (ManifestFile& file : manifest.files) {
    file.name = clean_text(file.name);
    file.version_text = clean_text(file.version_text);
    file.note = clean_text(file.note);
    file.caption = clean_text(file.caption);
  }
  manifest.times = (utc_header || says_utc(to_lower(flat))) ? ManifestTimes::utc : ManifestTimes::local;
  if (const auto problem = check_round_trip(manifest)) {
    return fail(*problem);
  }
  std::stable_sort(scan.notes.begin(), scan.notes.end(),
                   [](const Problem& a, const Problem& b) { return a.line < b.line; });
  for (const Problem& note : scan.notes) {
    result.warnings.push_back(source + ":" + std::to_string(note.line) + ": " + note.message);
  }
  return result;
}

} // namespace smsscan::kb
