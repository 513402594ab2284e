// The row formats of the streamed reports: the compliance CSV (a row per
// machine), the details CSV (a row per file per location per machine) and
// JSON Lines (an object per machine). Each is a pure function of a result.
// (The terminal table: terminal_table.hpp; the HTML report: html.hpp.)
#pragma once

#include "smsscan/manifest/model.hpp"
#include "smsscan/scan/results.hpp"

#include <string>
#include <vector>

namespace smsscan::report {

// The compliance report's columns, in order.
extern const char* const k_csv_header;
extern const char* const k_details_header;

// The main CSV row of a machine (without the line break). site and roles
// come last, so that readers of the first eight columns keep working.
std::string csv_row(const scan::MachineResult& result);

// The details rows of a machine, one per lookup (without line breaks).
std::vector<std::string> details_rows(const manifest::Manifest& manifest, const scan::MachineResult& result, bool deep);

// The JSON Lines object of a machine (without the line break).
std::string json_line(const scan::MachineResult& result, bool deep);

} // namespace smsscan::report
