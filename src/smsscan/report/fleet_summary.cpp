#include "smsscan/report/fleet_summary.hpp"

#include "smsscan/util/text.hpp"

#include <algorithm>
#include <vector>

namespace smsscan::report {

using verdict::MachineStatus;

const std::array<StatusGroup, k_status_group_count> k_status_groups = {
  StatusGroup::needs_fix, StatusGroup::review, StatusGroup::unscanned, StatusGroup::not_installed,
  StatusGroup::compliant};

StatusGroup group_of(MachineStatus status)
{
  switch (status) {
  case MachineStatus::needs_fix:
    return StatusGroup::needs_fix;
  case MachineStatus::review:
    return StatusGroup::review;
  case MachineStatus::not_installed:
    return StatusGroup::not_installed;
  case MachineStatus::compliant:
    return StatusGroup::compliant;
  default:
    return StatusGroup::unscanned;
  }
}

std::string_view group_label(StatusGroup group)
{
  switch (group) {
  case StatusGroup::needs_fix:
    return "need the fix";
  case StatusGroup::review:
    return "need a review";
  case StatusGroup::unscanned:
    return "could not be scanned";
  case StatusGroup::not_installed:
    return "not installed";
  case StatusGroup::compliant:
    return "compliant";
  }
  return "";
}

std::string_view group_key(StatusGroup group)
{
  switch (group) {
  case StatusGroup::needs_fix:
    return "needs-fix";
  case StatusGroup::review:
    return "review";
  case StatusGroup::unscanned:
    return "unscanned";
  case StatusGroup::not_installed:
    return "not-installed";
  case StatusGroup::compliant:
    return "compliant";
  }
  return "";
}

int severity(MachineStatus status)
{
  switch (status) {
  case MachineStatus::needs_fix:
    return 0;
  case MachineStatus::review:
    return 1;
  case MachineStatus::error:
    return 2;
  case MachineStatus::access_denied:
    return 3;
  case MachineStatus::auth_failed:
    return 4;
  case MachineStatus::unreachable:
    return 5;
  case MachineStatus::skipped:
    return 6;
  case MachineStatus::not_installed:
    return 7;
  case MachineStatus::compliant:
    return 8;
  }
  return 2;
}

void StatusCounts::add(MachineStatus status)
{
  ++by_status[static_cast<std::size_t>(status)];
  ++total;
}

std::size_t StatusCounts::group(StatusGroup wanted) const
{
  std::size_t sum = 0;
  for (const MachineStatus status : verdict::k_machine_statuses) {
    if (group_of(status) == wanted) {
      sum += count(status);
    }
  }
  return sum;
}

void FleetTally::add(const scan::MachineResult& result)
{
  m_all.add(result.status);
  m_sites[result.site].add(result.status);
}

std::string fix_name(const manifest::Manifest& manifest)
{
  if (!manifest.fix.empty()) {
    return manifest.fix;
  }
  return manifest.kb.empty() ? "the fix" : "the fix of " + manifest.kb;
}

namespace {

std::string machines(std::size_t count)
{
  return std::to_string(count) + (count == 1 ? " machine" : " machines");
}

// "need" or "needs" after a count.
std::string verb(std::size_t count, const char* plural, const char* singular)
{
  return count == 1 ? singular : plural;
}

} // namespace

std::string headline(const std::string& fix, const StatusCounts& counts)
{
  const std::size_t total = counts.total;
  const std::size_t needs_fix = counts.group(StatusGroup::needs_fix);
  const std::size_t unscanned = counts.group(StatusGroup::unscanned);
  const std::size_t review = counts.group(StatusGroup::review);
  if (total == 0) {
    return "No machine was scanned";
  }
  const std::string of_total = " of " + machines(total);
  std::vector<std::string> parts;
  if (needs_fix > 0) {
    parts.push_back(std::to_string(needs_fix) + of_total + verb(needs_fix, " still need ", " still needs ") + fix);
    if (unscanned > 0) {
      parts.push_back(std::to_string(unscanned) + " could not be scanned");
    }
    if (review > 0) {
      parts.push_back(std::to_string(review) + verb(review, " need", " needs") + " a review");
    }
    return util::join(parts, "; ");
  }
  if (unscanned == total) {
    return total == 1 ? "The machine could not be scanned" : "None of the " + machines(total) + " could be scanned";
  }
  if (unscanned == 0 && review == 0) {
    return "0" + of_total + " still need " + fix;
  }
  // Nothing proven to need the fix, but some machines are not known to be fine.
  if (unscanned > 0) {
    parts.push_back(std::to_string(unscanned) + of_total + " could not be scanned");
  }
  if (review > 0) {
    parts.push_back(std::to_string(review) + (parts.empty() ? of_total : "") + verb(review, " need", " needs") +
                    " a review");
  }
  const std::size_t others = total - unscanned - review;
  if (others > 0) {
    parts.push_back("the other " + std::to_string(others) + verb(others, " do not need ", " does not need ") + fix);
  }
  return util::join(parts, "; ");
}

std::string status_breakdown(const StatusCounts& counts)
{
  std::vector<MachineStatus> order(verdict::k_machine_statuses.begin(), verdict::k_machine_statuses.end());
  std::sort(order.begin(), order.end(), [](MachineStatus a, MachineStatus b) { return severity(a) < severity(b); });
  std::vector<std::string> parts;
  for (const MachineStatus status : order) {
    if (counts.count(status) > 0) {
      parts.push_back(std::to_string(counts.count(status)) + " " + std::string(verdict::status_name(status)));
    }
  }
  return parts.empty() ? "no machines" : util::join(parts, ", ");
}

std::string site_summary(const StatusCounts& counts)
{
  const std::size_t needs_fix = counts.group(StatusGroup::needs_fix);
  const std::size_t review = counts.group(StatusGroup::review);
  const std::size_t unscanned = counts.group(StatusGroup::unscanned);
  std::string text =
    std::to_string(needs_fix) + " of " + machines(counts.total) + verb(needs_fix, " need", " needs") + " the fix";
  if (review > 0) {
    text += ", " + std::to_string(review) + verb(review, " need", " needs") + " a review";
  }
  if (unscanned > 0) {
    text += ", " + std::to_string(unscanned) + " could not be scanned";
  }
  return text;
}

std::string site_label(const std::string& site)
{
  return site.empty() ? "no site code" : "site " + site;
}

} // namespace smsscan::report
