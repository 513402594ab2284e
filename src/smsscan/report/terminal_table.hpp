// The terminal table and the closing summary. Each row stays on one line of
// the terminal: columns are sized once from the targets and the width, and a
// text longer than its column is shortened with "…" (a target in the middle,
// so that both ends stay readable; a reason at its end). The reports keep
// every text whole. The summary leads with the headline, then the statuses,
// a line per site when there are several, and the manifest's remediation
// when machines need the fix.
#pragma once

#include "smsscan/manifest/model.hpp"
#include "smsscan/report/fleet_summary.hpp"
#include "smsscan/scan/results.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace smsscan::report {

struct TableLayout
{
  std::size_t width = 80;  // the terminal's columns
  std::size_t target = 6;  // column widths; the details take the rest
  std::size_t site = 0;    // 0 = no site column (no machine has a site code)
  std::size_t details = 0; // what is left for the details
};

// Sizes the columns for these targets (their texts as given) and site codes
// within width columns (at least 40 are assumed).
TableLayout table_layout(const std::vector<std::string>& targets, const std::vector<std::string>& sites,
                         std::size_t width);

std::string table_header(const TableLayout& layout);
std::string table_row(const scan::MachineResult& result, const TableLayout& layout);

// The summary lines after the table (or on standard error), each at most
// width columns (the remediation is wrapped to it).
std::vector<std::string> summary_lines(const manifest::Manifest& manifest, const FleetTally& tally, std::size_t width);

// Columns text takes on a terminal: one per character, two for East Asian
// wide ones, none for combining marks. Control characters and invalid bytes
// count as one (util::printable makes them '?').
std::size_t display_width(std::string_view text);
// text cut to at most width columns, ending in "…" when it was cut.
std::string fit_end(std::string_view text, std::size_t width);
// text cut to at most width columns by dropping its middle for "…".
std::string fit_middle(std::string_view text, std::size_t width);
// text broken at spaces into lines of at most width columns, the first
// starting with first_indent and the others with indent (a word longer than
// a line is cut with "…").
std::vector<std::string> wrap(std::string_view text, std::size_t width, std::string_view first_indent,
                              std::string_view indent);

} // namespace smsscan::report
