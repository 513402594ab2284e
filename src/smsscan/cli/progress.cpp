#include "smsscan/cli/progress.hpp"

#include <cstdio>

namespace smsscan::cli {

void TerminalProgress::progress(std::size_t done, std::size_t total)
{
  const auto now = std::chrono::steady_clock::now();
  if (done < total && now - m_last < std::chrono::milliseconds(100)) {
    return;
  }
  m_last = now;
  const double seconds = std::chrono::duration<double>(now - m_start).count();
  const double rate = seconds > 0 ? static_cast<double>(done) / seconds : 0;
  const double eta = rate > 0 ? static_cast<double>(total - done) / rate : 0;
  std::fprintf(stderr, "\r\033[K[%zu/%zu] %3.0f%%  %.1f machines/s  ETA %d:%02d", done, total,
               100.0 * static_cast<double>(done) / static_cast<double>(total), rate, static_cast<int>(eta) / 60,
               static_cast<int>(eta) % 60);
  if (done == total) {
    std::fputs("\r\033[K", stderr);
  }
  std::fflush(stderr);
}

} // namespace smsscan::cli
