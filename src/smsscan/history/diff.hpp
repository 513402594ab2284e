// What changed between two scans of one fleet: an entry per machine whose
// status moved, machines matched by identity (target::target_identity: the
// same host or image however it was spelled). Pure functions of the two
// scans' machine lists, so that `history diff` and the HTML report agree.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace smsscan::history {

// One machine of a recorded scan, as the diff needs it.
struct MachineRecord
{
  std::string identity; // target::target_identity
  std::string target;   // as the user gave it
  std::string site;
  std::string status; // verdict::status_name
};

// fixed: anything not compliant -> compliant; regressed: compliant -> needs
// attention (needs-fix, review, or could not be scanned); changed: any other
// move; added ("new"): only in the newer scan; gone: only in the older.
enum class Change { regressed, changed, added, gone, fixed };
std::string_view change_name(Change change);

struct MachineChange
{
  std::string target; // the newer scan's spelling (the older's for gone)
  std::string before; // "" for new
  std::string after;  // "" for gone
  Change change = Change::changed;
};

// The change between two statuses of one machine; nullopt when equal.
std::optional<Change> classify(std::string_view before, std::string_view after);

// The changes from older to newer, grouped in the order of Change (worst
// news first), each group in scan order. Machines missing from an incomplete
// scan are not known to be new or gone and are left out.
std::vector<MachineChange> diff_machines(const std::vector<MachineRecord>& older, bool older_complete,
                                         const std::vector<MachineRecord>& newer, bool newer_complete);

// Two scans and what changed between them, for the reports.
struct ScanRef
{
  std::int64_t id = 0;
  std::int64_t started_at = 0; // Unix seconds
  bool complete = false;
};

struct ScanDiff
{
  ScanRef older;
  ScanRef newer;
  std::vector<MachineChange> changes;
};

} // namespace smsscan::history
