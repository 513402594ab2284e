// The row formats of the streamed reports: the compliance CSV (a row per
// machine), the details CSV (a row per file per location per machine), JSON
// Lines (an object per machine) and the terminal table (a line per machine),
// plus the closing summary sentence. Each is a pure function of a result.
#pragma once

#include "smsscan/manifest/model.hpp"
#include "smsscan/scan/results.hpp"

#include <string>
#include <vector>

namespace smsscan::report {

// The compliance report's columns, in order.
extern const char* const k_csv_header;
extern const char* const k_details_header;

// The main CSV row of a machine (without the line break).
std::string csv_row(const scan::MachineResult& result);

// The details rows of a machine, one per lookup (without line breaks).
std::vector<std::string> details_rows(const manifest::Manifest& manifest, const scan::MachineResult& result, bool deep);

// The JSON Lines object of a machine (without the line break).
std::string json_line(const scan::MachineResult& result, bool deep);

// The terminal line of a machine: target, status, platform and what needs
// attention (the files; the reports carry the reasons).
std::string table_line(const scan::MachineResult& result);

// The summary sentence: "12 of 40 machines still need SMS 2.0 Service Pack 1".
std::string summary_line(const manifest::Manifest& manifest, const scan::ScanSummary& summary);

} // namespace smsscan::report
