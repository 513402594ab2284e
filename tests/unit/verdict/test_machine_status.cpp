// Tests for verdict/machine_status.cpp: status_from_verdicts, is_unscanned,
// the status list and the names in the reports.
#include "smsscan/verdict/machine_status.hpp"

#include <doctest/doctest.h>

#include <set>
#include <vector>

using smsscan::verdict::FileVerdict;
using smsscan::verdict::is_unscanned;
using smsscan::verdict::k_machine_statuses;
using smsscan::verdict::MachineStatus;
using smsscan::verdict::status_from_verdicts;

TEST_CASE("status_from_verdicts: every combination of found verdicts")
{
  const std::vector<FileVerdict> kinds = {FileVerdict::current, FileVerdict::newer, FileVerdict::outdated,
                                          FileVerdict::review, FileVerdict::corrupt};
  for (unsigned mask = 0; mask < (1u << kinds.size()); ++mask) {
    std::vector<FileVerdict> verdicts;
    bool outdated = false;
    bool review = false;
    for (std::size_t i = 0; i < kinds.size(); ++i) {
      if ((mask & (1u << i)) != 0) {
        verdicts.push_back(kinds[i]);
        outdated = outdated || kinds[i] == FileVerdict::outdated;
        review = review || kinds[i] == FileVerdict::review || kinds[i] == FileVerdict::corrupt;
      }
    }
    const MachineStatus expected = verdicts.empty() ? MachineStatus::not_installed
                                   : outdated       ? MachineStatus::needs_fix
                                   : review         ? MachineStatus::review
                                                    : MachineStatus::compliant;
    CAPTURE(mask);
    CHECK(status_from_verdicts(verdicts) == expected);
    // Order and repetition do not matter.
    std::vector<FileVerdict> reversed(verdicts.rbegin(), verdicts.rend());
    reversed.insert(reversed.end(), verdicts.begin(), verdicts.end());
    CHECK(status_from_verdicts(reversed) == expected);
  }
}

TEST_CASE("status_from_verdicts: missing files are not found files")
{
  // "compliant if any file was found, else not-installed": a list of only
  // missing verdicts found nothing.
  CHECK(status_from_verdicts({FileVerdict::missing}) == MachineStatus::not_installed);
  CHECK(status_from_verdicts({FileVerdict::missing, FileVerdict::missing}) == MachineStatus::not_installed);
  CHECK(status_from_verdicts({FileVerdict::missing, FileVerdict::current}) == MachineStatus::compliant);
  CHECK(status_from_verdicts({FileVerdict::missing, FileVerdict::outdated}) == MachineStatus::needs_fix);
}

TEST_CASE("is_unscanned: the statuses that mean the machine was not scanned")
{
  CHECK_FALSE(is_unscanned(MachineStatus::compliant));
  CHECK_FALSE(is_unscanned(MachineStatus::needs_fix));
  CHECK_FALSE(is_unscanned(MachineStatus::review));
  CHECK_FALSE(is_unscanned(MachineStatus::not_installed));
  CHECK(is_unscanned(MachineStatus::unreachable));
  CHECK(is_unscanned(MachineStatus::auth_failed));
  CHECK(is_unscanned(MachineStatus::access_denied));
  CHECK(is_unscanned(MachineStatus::skipped));
  CHECK(is_unscanned(MachineStatus::error));
}

TEST_CASE("status_name and verdict_name: the words in the reports")
{
  CHECK(smsscan::verdict::status_name(MachineStatus::compliant) == "compliant");
  CHECK(smsscan::verdict::status_name(MachineStatus::needs_fix) == "needs-fix");
  CHECK(smsscan::verdict::status_name(MachineStatus::review) == "review");
  CHECK(smsscan::verdict::status_name(MachineStatus::not_installed) == "not-installed");
  CHECK(smsscan::verdict::status_name(MachineStatus::unreachable) == "unreachable");
  CHECK(smsscan::verdict::status_name(MachineStatus::auth_failed) == "auth-failed");
  CHECK(smsscan::verdict::status_name(MachineStatus::access_denied) == "access-denied");
  CHECK(smsscan::verdict::status_name(MachineStatus::skipped) == "skipped");
  CHECK(smsscan::verdict::status_name(MachineStatus::error) == "error");
  CHECK(smsscan::verdict::verdict_name(FileVerdict::current) == "current");
  CHECK(smsscan::verdict::verdict_name(FileVerdict::newer) == "newer");
  CHECK(smsscan::verdict::verdict_name(FileVerdict::outdated) == "outdated");
  CHECK(smsscan::verdict::verdict_name(FileVerdict::review) == "review");
  CHECK(smsscan::verdict::verdict_name(FileVerdict::corrupt) == "corrupt");
  CHECK(smsscan::verdict::verdict_name(FileVerdict::missing) == "missing");
}

TEST_CASE("k_machine_statuses: every status once, in enum order")
{
  std::set<std::string_view> names;
  for (std::size_t i = 0; i < k_machine_statuses.size(); ++i) {
    CHECK(static_cast<std::size_t>(k_machine_statuses[i]) == i);
    names.insert(smsscan::verdict::status_name(k_machine_statuses[i]));
  }
  CHECK(names.size() == k_machine_statuses.size());
  CHECK(k_machine_statuses.back() == MachineStatus::error);
}
