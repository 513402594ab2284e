// The import's pipeline: normalise the text into lines, read the header
// fields, find every file table and the section headings above them, read
// each table's rows, give every row its variant, drop exact repeats, build
// the remediation, then check that the manifest survives the trip through
// XML.
#include "smsscan/kb/import.hpp"

#include "smsscan/kb/article_header.hpp"
#include "smsscan/kb/article_text.hpp"
#include "smsscan/kb/remediation.hpp"
#include "smsscan/kb/sections.hpp"
#include "smsscan/kb/table_finder.hpp"
#include "smsscan/kb/table_rows.hpp"
#include "smsscan/kb/variants.hpp"
#include "smsscan/manifest/xml_reader.hpp"
#include "smsscan/manifest/xml_writer.hpp"
#include "smsscan/util/text.hpp"

#include <algorithm>
#include <iterator>
#include <optional>
#include <utility>

namespace smsscan::kb {

using manifest::Manifest;
using manifest::ManifestFile;
using manifest::ManifestTimes;
using util::to_lower;
using util::trim;

namespace {

void sort_by_line(std::vector<Problem>& problems)
{
  std::stable_sort(problems.begin(), problems.end(),
                   [](const Problem& a, const Problem& b) { return a.line < b.line; });
}

// The first problem, with the number of others.
Problem first_problem(std::vector<Problem> problems)
{
  sort_by_line(problems);
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

// Every table's rows, with their section variants; problems, notes and
// skipped rows into scan.
std::vector<ManifestFile> read_tables(const std::vector<Line>& lines, TableScan& scan, std::vector<Problem>& skipped,
                                      ImportReport& report)
{
  std::vector<std::size_t> starts;
  for (const Table& table : scan.tables) {
    starts.push_back(table.header.first);
  }
  std::sort(starts.begin(), starts.end());
  const std::vector<Heading> headings = find_headings(lines, scan.used, starts);
  std::vector<ManifestFile> files;
  for (const Table& table : scan.tables) {
    TableFiles read = table_files(table, lines);
    scan.problems.insert(scan.problems.end(), read.problems.begin(), read.problems.end());
    scan.notes.insert(scan.notes.end(), read.notes.begin(), read.notes.end());
    skipped.insert(skipped.end(), read.skipped.begin(), read.skipped.end());
    const std::string section = section_variant(headings, table.header.first);
    for (ManifestFile& file : read.files) {
      file.variant = join_variant(section, file.variant);
    }
    report.tables += read.files.empty() ? 0 : 1;
    files.insert(files.end(), std::make_move_iterator(read.files.begin()), std::make_move_iterator(read.files.end()));
  }
  return files;
}

// Manifest text must be well-formed UTF-8 without control characters.
void clean_rows(std::vector<ManifestFile>& files)
{
  for (ManifestFile& file : files) {
    file.name = clean_text(file.name);
    file.version_text = clean_text(file.version_text);
    file.note = clean_text(file.note);
    file.caption = clean_text(file.caption);
    file.variant = clean_text(file.variant);
  }
}

void fill_report(const Manifest& manifest, std::vector<Problem> skipped, ImportReport& report)
{
  report.rows = static_cast<int>(manifest.files.size());
  for (const ManifestFile& file : manifest.files) {
    if (!file.variant.empty() &&
        std::find(report.variants.begin(), report.variants.end(), file.variant) == report.variants.end()) {
      report.variants.push_back(file.variant);
    }
  }
  sort_by_line(skipped);
  for (const Problem& line : skipped) {
    report.skipped.push_back({line.line, line.message});
  }
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
  std::vector<Problem> skipped;
  manifest.files = read_tables(lines, scan, skipped, result.report);
  if (!scan.problems.empty()) {
    return fail(first_problem(scan.problems));
  }
  const std::vector<std::size_t> orphans = orphan_rows(lines, scan.used);
  if (manifest.files.empty()) {
    if (!skipped.empty()) {
      sort_by_line(skipped);
      return fail({skipped.front().line, "no file row a manifest can hold: " + skipped.front().message});
    }
    if (!orphans.empty()) {
      return fail({lines[orphans.front()].number,
                   "no file table found: this line looks like a file row but has no column header "
                   "(Date, Time, Version, Size, File name, Platform) above it"});
    }
    return fail({0, "no file table found (a header line naming a File name column and Date or Version "
                    "columns, a dashed rule, then the rows)"});
  }
  for (const std::size_t orphan : orphans) {
    const std::string message = "line looks like a file row but is in no table: " + quote(trim(lines[orphan].text));
    scan.notes.push_back({lines[orphan].number, message});
    skipped.push_back({lines[orphan].number, message});
  }
  resolve_repeats(manifest.files, scan.notes, skipped);
  clean_rows(manifest.files);
  bool utc_header = false;
  for (const Table& table : scan.tables) {
    utc_header = utc_header || table.header.utc;
  }
  manifest.times = (utc_header || says_utc(to_lower(flat))) ? ManifestTimes::utc : ManifestTimes::local;
  manifest.remediation = article_remediation(lines, manifest);
  if (const auto problem = check_round_trip(manifest)) {
    return fail(*problem);
  }
  sort_by_line(scan.notes);
  for (const Problem& note : scan.notes) {
    result.warnings.push_back(source + ":" + std::to_string(note.line) + ": " + note.message);
  }
  fill_report(manifest, std::move(skipped), result.report);
  return result;
}

} // namespace smsscan::kb
