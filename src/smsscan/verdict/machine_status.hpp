// The machine status: how a machine's file verdicts (or the reason it could
// not be scanned) add up to one answer.
#pragma once

#include "smsscan/verdict/file_verdict.hpp"

#include <array>
#include <cstddef>
#include <string_view>
#include <vector>

namespace smsscan::verdict {

enum class MachineStatus {
  compliant,
  needs_fix,
  review,
  not_installed,
  unreachable,
  auth_failed,
  access_denied,
  skipped,
  error,
};
std::string_view status_name(MachineStatus status);

// True for the statuses that mean the machine could not be scanned.
bool is_unscanned(MachineStatus status);

// How many statuses there are, and every one in the order above.
inline constexpr std::size_t k_machine_status_count = 9;
extern const std::array<MachineStatus, k_machine_status_count> k_machine_statuses;

// Status from file verdicts alone: needs-fix if any is outdated, review if
// any is review or corrupt, compliant if any file was found, else not-installed.
MachineStatus status_from_verdicts(const std::vector<FileVerdict>& verdicts);

} // namespace smsscan::verdict
