#include "smsscan/verdict/machine_status.hpp"

#include <algorithm>

namespace smsscan::verdict {

const std::array<MachineStatus, k_machine_status_count> k_machine_statuses = {
  MachineStatus::compliant,     MachineStatus::needs_fix,   MachineStatus::review,
  MachineStatus::not_installed, MachineStatus::unreachable, MachineStatus::auth_failed,
  MachineStatus::access_denied, MachineStatus::skipped,     MachineStatus::error,
};

std::string_view status_name(MachineStatus status)
{
  switch (status) {
  case MachineStatus::compliant:
    return "compliant";
  case MachineStatus::needs_fix:
    return "needs-fix";
  case MachineStatus::review:
    return "review";
  case MachineStatus::not_installed:
    return "not-installed";
  case MachineStatus::unreachable:
    return "unreachable";
  case MachineStatus::auth_failed:
    return "auth-failed";
  case MachineStatus::access_denied:
    return "access-denied";
  case MachineStatus::skipped:
    return "skipped";
  case MachineStatus::error:
    return "error";
  }
  return "error";
}

bool is_unscanned(MachineStatus status)
{
  switch (status) {
  case MachineStatus::unreachable:
  case MachineStatus::auth_failed:
  case MachineStatus::access_denied:
  case MachineStatus::skipped:
  case MachineStatus::error:
    return true;
  default:
    return false;
  }
}

MachineStatus status_from_verdicts(const std::vector<FileVerdict>& verdicts)
{
  const bool any_found =
    std::any_of(verdicts.begin(), verdicts.end(), [](FileVerdict verdict) { return verdict != FileVerdict::missing; });
  if (!any_found) {
    return MachineStatus::not_installed;
  }
  const auto has = [&](FileVerdict wanted) {
    return std::find(verdicts.begin(), verdicts.end(), wanted) != verdicts.end();
  };
  if (has(FileVerdict::outdated)) {
    return MachineStatus::needs_fix;
  }
  if (has(FileVerdict::review) || has(FileVerdict::corrupt)) {
    return MachineStatus::review;
  }
  return MachineStatus::compliant;
}

} // namespace smsscan::verdict
