// Tests for report/fleet_summary.cpp: status groups, the urgency order, the
// counts per site and the headline that leads with what needs attention.
#include "smsscan/report/fleet_summary.hpp"

#include "fleet_support.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

using smsscan::report::FleetTally;
using smsscan::report::group_of;
using smsscan::report::headline;
using smsscan::report::severity;
using smsscan::report::site_label;
using smsscan::report::site_summary;
using smsscan::report::status_breakdown;
using smsscan::report::StatusCounts;
using smsscan::report::StatusGroup;
using smsscan::verdict::MachineStatus;

namespace {

StatusCounts counts(std::size_t needs_fix, std::size_t review, std::size_t unreachable, std::size_t not_installed,
                    std::size_t compliant)
{
  StatusCounts c;
  const auto add = [&](MachineStatus status, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) {
      c.add(status);
    }
  };
  add(MachineStatus::needs_fix, needs_fix);
  add(MachineStatus::review, review);
  add(MachineStatus::unreachable, unreachable);
  add(MachineStatus::not_installed, not_installed);
  add(MachineStatus::compliant, compliant);
  return c;
}

const std::string k_fix = "SMS 2.0 Service Pack 1";

} // namespace

TEST_CASE("group_of and severity: every status in one group, the urgent ones first")
{
  CHECK(group_of(MachineStatus::needs_fix) == StatusGroup::needs_fix);
  CHECK(group_of(MachineStatus::review) == StatusGroup::review);
  for (const MachineStatus status : {MachineStatus::unreachable, MachineStatus::auth_failed,
                                     MachineStatus::access_denied, MachineStatus::skipped, MachineStatus::error}) {
    CHECK(group_of(status) == StatusGroup::unscanned);
    CHECK(severity(status) > severity(MachineStatus::review));
    CHECK(severity(status) < severity(MachineStatus::not_installed));
  }
  CHECK(group_of(MachineStatus::not_installed) == StatusGroup::not_installed);
  CHECK(group_of(MachineStatus::compliant) == StatusGroup::compliant);
  CHECK(severity(MachineStatus::needs_fix) < severity(MachineStatus::review));
  CHECK(severity(MachineStatus::not_installed) < severity(MachineStatus::compliant));
}

TEST_CASE("headline: the machines that need the fix, then those that could not be scanned and need a review")
{
  CHECK(headline(k_fix, counts(12, 0, 3, 5, 20)) ==
        "12 of 40 machines still need SMS 2.0 Service Pack 1; 3 could not be scanned");
  CHECK(headline(k_fix, counts(1, 2, 0, 0, 0)) ==
        "1 of 3 machines still needs SMS 2.0 Service Pack 1; 2 need a review");
  CHECK(headline(k_fix, counts(1, 0, 0, 0, 0)) == "1 of 1 machine still needs SMS 2.0 Service Pack 1");
  CHECK(headline(k_fix, counts(2, 1, 1, 0, 0)) ==
        "2 of 4 machines still need SMS 2.0 Service Pack 1; 1 could not be scanned; 1 needs a review");
}

TEST_CASE("headline: machines that could not be scanned are never hidden behind \"0 of N still need\"")
{
  // The case the issue quotes: one machine, unreachable.
  CHECK(headline(k_fix, counts(0, 0, 1, 0, 0)) == "The machine could not be scanned");
  CHECK(headline(k_fix, counts(0, 0, 3, 0, 0)) == "None of the 3 machines could be scanned");
  CHECK(headline(k_fix, counts(0, 0, 3, 2, 35)) ==
        "3 of 40 machines could not be scanned; the other 37 do not need SMS 2.0 Service Pack 1");
  CHECK(headline(k_fix, counts(0, 2, 0, 0, 38)) ==
        "2 of 40 machines need a review; the other 38 do not need SMS 2.0 Service Pack 1");
  CHECK(headline(k_fix, counts(0, 1, 1, 0, 1)) ==
        "1 of 3 machines could not be scanned; 1 needs a review; the other 1 does not need SMS 2.0 Service Pack 1");
  CHECK(headline(k_fix, counts(0, 1, 1, 0, 0)) == "1 of 2 machines could not be scanned; 1 needs a review");
  for (const StatusCounts& c : {counts(0, 0, 1, 0, 0), counts(0, 0, 3, 2, 35), counts(0, 1, 0, 0, 0)}) {
    CHECK(headline(k_fix, c).find("0 of") == std::string::npos);
  }
}

TEST_CASE("headline: nothing needs attention")
{
  CHECK(headline(k_fix, counts(0, 0, 0, 1, 3)) == "0 of 4 machines still need SMS 2.0 Service Pack 1");
  CHECK(headline(k_fix, counts(0, 0, 0, 0, 0)) == "No machine was scanned");
}

TEST_CASE("status_breakdown and site_summary")
{
  CHECK(status_breakdown(counts(2, 0, 1, 0, 5)) == "2 needs-fix, 1 unreachable, 5 compliant");
  CHECK(status_breakdown(counts(0, 0, 0, 0, 0)) == "no machines");
  CHECK(site_summary(counts(2, 2, 1, 0, 10)) ==
        "2 of 15 machines need the fix, 2 need a review, 1 could not be scanned");
  CHECK(site_summary(counts(1, 0, 0, 0, 0)) == "1 of 1 machine needs the fix");
  CHECK(site_label("ABC") == "site ABC");
  CHECK(site_label("") == "no site code");
}

TEST_CASE("FleetTally: counts overall and per site code")
{
  smsscan::test::Fleet fleet;
  fleet.add("pc1", MachineStatus::needs_fix, "ABC");
  fleet.add("pc2", MachineStatus::compliant, "ABC");
  fleet.add("pc3", MachineStatus::unreachable, "XYZ");
  fleet.add("pc4", MachineStatus::compliant, "");
  FleetTally tally;
  for (const auto& result : fleet.results) {
    tally.add(result);
  }
  CHECK(tally.all().total == 4);
  CHECK(tally.all().group(StatusGroup::compliant) == 2);
  REQUIRE(tally.sites().size() == 3);
  CHECK(tally.sites().at("ABC").total == 2);
  CHECK(tally.sites().at("ABC").count(MachineStatus::needs_fix) == 1);
  CHECK(tally.sites().at("XYZ").group(StatusGroup::unscanned) == 1);
  CHECK(tally.sites().at("").total == 1);
}
