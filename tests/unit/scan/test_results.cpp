// Tests for scan/results.cpp: the run's counts by status.
#include "smsscan/scan/results.hpp"

#include <doctest/doctest.h>

using smsscan::scan::ScanSummary;
using smsscan::verdict::MachineStatus;

TEST_CASE("ScanSummary: count and unscanned add up the statuses")
{
  ScanSummary summary;
  CHECK(summary.unscanned() == 0);
  summary.counts[static_cast<std::size_t>(MachineStatus::compliant)] = 5;
  summary.counts[static_cast<std::size_t>(MachineStatus::needs_fix)] = 2;
  summary.counts[static_cast<std::size_t>(MachineStatus::unreachable)] = 3;
  summary.counts[static_cast<std::size_t>(MachineStatus::skipped)] = 1;
  summary.counts[static_cast<std::size_t>(MachineStatus::error)] = 1;
  CHECK(summary.count(MachineStatus::needs_fix) == 2);
  CHECK(summary.count(MachineStatus::review) == 0);
  CHECK(summary.unscanned() == 5);
}
