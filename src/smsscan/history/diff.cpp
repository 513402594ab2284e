#include "smsscan/history/diff.hpp"

#include "smsscan/verdict/machine_status.hpp"

#include <array>
#include <map>

namespace smsscan::history {

namespace {

using verdict::MachineStatus;

std::optional<MachineStatus> status_named(std::string_view name)
{
  for (const MachineStatus status : verdict::k_machine_statuses) {
    if (verdict::status_name(status) == name) {
      return status;
    }
  }
  return std::nullopt; // written by a newer smsscan
}

} // namespace

std::string_view change_name(Change change)
{
  switch (change) {
  case Change::fixed:
    return "fixed";
  case Change::regressed:
    return "regressed";
  case Change::changed:
    return "changed";
  case Change::added:
    return "new";
  case Change::gone:
    return "gone";
  }
  return "changed";
}

std::optional<Change> classify(std::string_view before, std::string_view after)
{
  if (before == after) {
    return std::nullopt;
  }
  const std::optional<MachineStatus> old_status = status_named(before);
  const std::optional<MachineStatus> new_status = status_named(after);
  if (new_status == MachineStatus::compliant) {
    return Change::fixed;
  }
  if (old_status == MachineStatus::compliant && new_status && *new_status != MachineStatus::not_installed) {
    return Change::regressed;
  }
  return Change::changed;
}

std::vector<MachineChange> diff_machines(const std::vector<MachineRecord>& older, bool older_complete,
                                         const std::vector<MachineRecord>& newer, bool newer_complete)
{
  std::map<std::string, const MachineRecord*> old_by_identity;
  for (const MachineRecord& record : older) {
    old_by_identity.emplace(record.identity, &record);
  }
  std::map<std::string, bool> in_newer;
  std::array<std::vector<MachineChange>, 5> groups; // by Change
  const auto add = [&](MachineChange change) {
    groups[static_cast<std::size_t>(change.change)].push_back(std::move(change));
  };
  for (const MachineRecord& record : newer) {
    in_newer[record.identity] = true;
    const auto found = old_by_identity.find(record.identity);
    if (found == old_by_identity.end()) {
      if (older_complete) {
        add({record.target, "", record.status, Change::added});
      }
      continue;
    }
    if (const std::optional<Change> change = classify(found->second->status, record.status)) {
      add({record.target, found->second->status, record.status, *change});
    }
  }
  if (newer_complete) {
    for (const MachineRecord& record : older) {
      if (in_newer.count(record.identity) == 0) {
        add({record.target, record.status, "", Change::gone});
      }
    }
  }
  std::vector<MachineChange> changes;
  for (std::vector<MachineChange>& group : groups) {
    for (MachineChange& change : group) {
      changes.push_back(std::move(change));
    }
  }
  return changes;
}

} // namespace smsscan::history
