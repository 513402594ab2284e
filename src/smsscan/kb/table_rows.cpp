#include "smsscan/kb/table_rows.hpp"

#include "smsscan/kb/column_inference.hpp"
#include "smsscan/kb/platform_cell.hpp"
#include "smsscan/kb/row_matcher.hpp"
#include "smsscan/util/text.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace smsscan::kb {

using manifest::ManifestFile;
using manifest::Platform;
using util::to_lower;
using util::trim;

namespace {

// A row whose words do not fit the header's order, read by the type of
// each word instead ("4.10.1660  1/07/99 06:04pm  43,520 bytes  Rnr20.dll"
// under "Version  Date  Size  File name"): only when every word has one.
RowParse parse_by_values(std::string_view text, DateOrder order)
{
  const auto columns = infer_columns(text);
  if (!columns) {
    return RowParse{};
  }
  Header header;
  header.columns = *columns;
  return parse_row(text, row_columns(header), false, order);
}

ManifestFile file_of(const RowValue& value, const TableRow& row, const Line& line)
{
  ManifestFile file;
  file.name = value.name;
  file.size = value.size;
  file.size_tolerance = value.size_tolerance;
  file.date = value.date;
  file.minutes = value.date ? value.minutes : std::nullopt;
  file.platform = value.platform;
  file.version = value.version;
  file.version_text = value.version_text;
  file.note = value.note;
  file.caption = row.caption;
  file.variant = value.label;
  file.article_line = line.number;
  file.line = line.number; // messages about the row point into the article
  // An operating system in a label column names the platform too ("Windows 98": Intel).
  if (file.platform == Platform::any && !file.variant.empty()) {
    const PlatformFit os = read_platform(words_of(file.variant));
    if (os.fit == Fit::ok && os.unsupported.empty() && !os.label.empty()) {
      file.platform = os.platform;
    }
  }
  return file;
}

// Joins a line that reads as no row to the row above when together they
// read ("... Vip.386  4.10.1999  Windows 98" / "Second Edition"); true when
// it did, with the row above replaced.
bool join_continuation(const Table& table, const std::vector<Line>& lines, const TableRow& row, DateOrder order,
                       std::string& previous, TableFiles& out)
{
  const Line& line = lines[row.line];
  if (previous.empty() || table.header.boxed || out.files.empty() || has_date_word(line.text)) {
    return false; // a line with a date is a row of its own, read or refused
  }
  const std::string joined = previous + "  " + std::string(trim(line.text));
  const RowParse continued = parse_row(joined, table.columns, false, order);
  if (!continued.matched || !continued.error.empty() || !continued.value.unsupported.empty() ||
      (!continued.value.version && !continued.value.date)) {
    return false;
  }
  ManifestFile& above = out.files.back();
  const std::string caption = above.caption;
  above = file_of(continued.value, row, lines[static_cast<std::size_t>(above.line - 1)]);
  above.caption = caption;
  previous = joined;
  out.notes.push_back({line.number, "line continues the row above"});
  return true;
}

// Reads every row of one table with one date order.
TableFiles read_rows(const Table& table, const std::vector<Line>& lines, DateOrder order)
{
  TableFiles out;
  std::string previous; // the text of the last row read, for continuation lines
  for (const TableRow& row : table.rows) {
    const Line& line = lines[row.line];
    if (const std::string filler = filler_line(line.text); !filler.empty()) {
      out.notes.push_back({line.number, "line skipped: " + filler});
      continue;
    }
    RowParse parse = parse_row(line.text, table.columns, table.header.boxed, order);
    // A line that reads as no row, or as a row without a version or date
    // ("network types supported in" under a wrapped description), may
    // continue the row above.
    const bool weak = !parse.matched || (!parse.value.version && !parse.value.date);
    if (weak && join_continuation(table, lines, row, order, previous, out)) {
      continue;
    }
    previous.clear();
    if (!parse.matched && !table.header.boxed) {
      parse = parse_by_values(line.text, order);
      if (parse.matched && parse.error.empty()) {
        out.notes.push_back({line.number, "row read by the type of its values, not the header's column order"});
      }
    }
    const std::string quoted = quote(trim(line.text));
    if (!parse.matched) {
      out.problems.push_back({line.number, "row does not parse: " + quoted});
    } else if (!parse.error.empty()) {
      out.problems.push_back({line.number, parse.error + " in row " + quoted});
    } else if (!parse.value.unsupported.empty()) {
      out.skipped.push_back({line.number, "skipped " + quoted + ": " + parse.value.unsupported});
    } else if (!parse.value.version && !parse.value.date) {
      out.skipped.push_back({line.number, "skipped " + quoted + ": the row gives neither a version nor a date"});
    } else {
      previous = line.text;
      out.files.push_back(file_of(parse.value, row, line));
    }
  }
  return out;
}

// A table without a Platform column under a caption naming one platform
// ("Alpha:") holds that platform's files.
void platform_from_caption(const Table& table, const Line& header_line, TableFiles& out)
{
  bool inferred = false;
  for (ManifestFile& file : out.files) {
    if (has_kind(table.header.columns, Kind::platform) || file.platform != Platform::any) {
      continue;
    }
    if (const auto platform = caption_platform(file.caption)) {
      file.platform = *platform;
      inferred = true;
    }
  }
  if (inferred) {
    out.notes.push_back({header_line.number, "platform taken from the table's caption"});
  }
}

// A caption that says its table lists the files behind the problem, not
// the fixed ones ("... was observed when the following MSVCRT40.DLL was
// installed on the system by a third party application"): importing those
// rows would make the faulty files look current.
bool lists_problem_files(const std::string& caption)
{
  const std::string lowered = to_lower(caption);
  static const std::array<const char*, 7> k_cues = {"observed when",      "third party",         "third-party",
                                                    "cause this problem", "causes this problem", "problem occurs when",
                                                    "incorrect version"};
  return std::any_of(k_cues.begin(), k_cues.end(),
                     [&lowered](const char* cue) { return lowered.find(cue) != std::string::npos; });
}

} // namespace

TableFiles table_files(const Table& table, const std::vector<Line>& lines)
{
  const auto& columns = table.header.columns;
  const Line& header_line = lines[table.header.first];
  if (lists_problem_files(table.caption)) {
    TableFiles set_aside;
    set_aside.skipped.push_back({header_line.number, "skipped the table: its caption says it lists the files "
                                                     "behind the problem, not fixed files: " +
                                                       quote(table.caption)});
    set_aside.notes.push_back(set_aside.skipped.back());
    return set_aside;
  }
  if (!has_kind(columns, Kind::date) && !has_kind(columns, Kind::version)) {
    TableFiles set_aside;
    set_aside.skipped.push_back({header_line.number, "skipped the table: it has neither a Date nor a Version "
                                                     "column, and a manifest row is judged by one of them"});
    set_aside.notes.push_back(set_aside.skipped.back());
    return set_aside;
  }
  // Month first; a table whose dates only make sense day first (13/06/99)
  // is read day first.
  TableFiles out = read_rows(table, lines, DateOrder::mdy);
  const bool dates_only = std::all_of(out.problems.begin(), out.problems.end(),
                                      [](const Problem& p) { return p.message.compare(0, 5, "date ") == 0; });
  if (!out.problems.empty() && dates_only) {
    TableFiles day_first = read_rows(table, lines, DateOrder::dmy);
    if (day_first.problems.empty()) {
      out = std::move(day_first);
      out.notes.push_back({header_line.number, "the dates of this table only make sense day first; read as dd/mm/yy"});
    }
  }
  if (!out.problems.empty()) {
    out.files.clear();
    return out;
  }
  platform_from_caption(table, header_line, out);
  const std::string caption = to_lower(table.caption);
  if (caption.find("64-bit") != std::string::npos || caption.find("itanium") != std::string::npos ||
      caption.find("ia-64") != std::string::npos) {
    out.notes.push_back(
      {header_line.number, "the table's caption names a 64-bit platform, which manifests cannot express"});
  }
  return out;
}

} // namespace smsscan::kb
