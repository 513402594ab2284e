// The progress line on a terminal: "[151/323]  47%  74.6 machines/s  ETA 0:02",
// redrawn at most every 100 ms on standard error.
#pragma once

#include "smsscan/scan/results.hpp"

#include <chrono>
#include <cstddef>

namespace smsscan::cli {

class TerminalProgress : public scan::ProgressObserver
{
public:
  void progress(std::size_t done, std::size_t total) override;

private:
  std::chrono::steady_clock::time_point m_start = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point m_last{};
};

} // namespace smsscan::cli
