#include "smsscan/scan/results.hpp"

namespace smsscan::scan {

std::size_t ScanSummary::unscanned() const
{
  std::size_t total = 0;
  for (const verdict::MachineStatus status : verdict::k_machine_statuses) {
    if (verdict::is_unscanned(status)) {
      total += count(status);
    }
  }
  return total;
}

} // namespace smsscan::scan
