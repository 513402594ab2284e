// The progress line on a terminal: "[151/323]  47%  74.6 machines/s  ETA 0:02",
// redrawn at most every 100 ms on standard error. clear() erases it before
// anything else is printed (a table row, the summary, a message), and the
// next progress() draws it again at once below what was printed.
#pragma once

#include "smsscan/scan/results.hpp"

#include <chrono>
#include <cstddef>
#include <mutex>

namespace smsscan::cli {

class TerminalProgress : public scan::ProgressObserver
{
public:
  void progress(std::size_t done, std::size_t total) override;
  // Erases the line if it is shown.
  void clear();
  // Erases the line for good: machines still finishing (after Ctrl-C) draw nothing.
  void stop();

private:
  void erase(); // with m_mutex held

  std::mutex m_mutex;
  std::chrono::steady_clock::time_point m_start = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point m_last{};
  bool m_shown = false;
  bool m_stopped = false;
};

} // namespace smsscan::cli
