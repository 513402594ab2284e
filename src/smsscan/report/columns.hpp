// The texts every report shares for a machine: how a file is named, and the
// outdated / review / error summaries.
#pragma once

#include "smsscan/scan/results.hpp"

#include <cstddef>
#include <string>

namespace smsscan::report {

// The file name for the client folder, share\folder\name elsewhere.
std::string finding_label(const scan::FileFinding& finding);
// share\folder of a finding.
std::string finding_location(const scan::FileFinding& finding);

std::size_t files_found(const scan::MachineResult& result);

// "CliCore.exe (version ... is older than ...); ..."
std::string outdated_text(const scan::MachineResult& result);
// "Compver.ini (review: ...); ..."
std::string review_text(const scan::MachineResult& result);
// The machine-level errors joined with "; ".
std::string error_text(const scan::MachineResult& result);

// The builds of the file versions read on the machine, lowest first
// ("1380", "1239, 1380"); "" when no version was read.
std::string installed_builds(const scan::MachineResult& result);

// One line on what is wrong with a machine, for tables: the outdated file
// with its reason (or the names when several are), the files to review with
// theirs, and the machine's errors.
std::string machine_reason(const scan::MachineResult& result);

// An optional Unix time as ISO 8601 UTC, or "".
std::string optional_time(const std::optional<std::int64_t>& time);

} // namespace smsscan::report
