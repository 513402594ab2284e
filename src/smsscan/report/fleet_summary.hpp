// How a fleet's machines add up, for every report that summarises: counts by
// status, overall and per site; the five groups a reader acts on; the order
// that puts the machines needing attention first; and the headline sentence
// ("12 of 40 machines still need SMS 2.0 Service Pack 1; 3 could not be
// scanned") that never hides unscanned machines behind "0 of 1 still need".
#pragma once

#include "smsscan/manifest/model.hpp"
#include "smsscan/scan/results.hpp"

#include <array>
#include <cstddef>
#include <map>
#include <string>
#include <string_view>

namespace smsscan::report {

// What a reader does about a machine, worst first.
enum class StatusGroup { needs_fix, review, unscanned, not_installed, compliant };
inline constexpr std::size_t k_status_group_count = 5;
extern const std::array<StatusGroup, k_status_group_count> k_status_groups;

StatusGroup group_of(verdict::MachineStatus status);
// "need the fix", "need a review", "could not be scanned", "not installed", "compliant"
std::string_view group_label(StatusGroup group);
// A CSS class and legend key: "needs-fix", "review", "unscanned", "not-installed", "compliant".
std::string_view group_key(StatusGroup group);

// Sort key, lower first: needs-fix, review, the statuses that could not be
// scanned (error, access-denied, auth-failed, unreachable, skipped),
// not-installed, compliant.
int severity(verdict::MachineStatus status);

struct StatusCounts
{
  std::array<std::size_t, verdict::k_machine_status_count> by_status{};
  std::size_t total = 0;

  void add(verdict::MachineStatus status);
  std::size_t count(verdict::MachineStatus status) const { return by_status[static_cast<std::size_t>(status)]; }
  std::size_t group(StatusGroup wanted) const;
};

// The counts of the machines reported so far, overall and by site code.
class FleetTally
{
public:
  void add(const scan::MachineResult& result);
  const StatusCounts& all() const { return m_all; }
  // By site code; "" holds the machines scanned without one.
  const std::map<std::string, StatusCounts>& sites() const { return m_sites; }

private:
  StatusCounts m_all;
  std::map<std::string, StatusCounts> m_sites;
};

// The fix as a sentence names it: the manifest's fix, else "the fix of <KB>".
std::string fix_name(const manifest::Manifest& manifest);

// The headline: what needs attention first, then the rest.
std::string headline(const std::string& fix, const StatusCounts& counts);

// "12 needs-fix, 3 unreachable, 25 compliant": the statuses with machines,
// most urgent first.
std::string status_breakdown(const StatusCounts& counts);

// A site's line: "2 of 15 need the fix, 2 need a review, 1 could not be scanned".
std::string site_summary(const StatusCounts& counts);

// How a site is named in summaries: "site ABC", or "no site code".
std::string site_label(const std::string& site);

} // namespace smsscan::report
