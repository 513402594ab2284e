#include "smsscan/cli/progress.hpp"

#include <cstdio>

namespace smsscan::cli {

void TerminalProgress::progress(std::size_t done, std::size_t total)
{
  std::lock_guard<std::mutex> lock(m_mutex);
  if (m_stopped) {
    return;
  }
  const auto now = std::chrono::steady_clock::now();
  // A line erased for a row is drawn again at once; otherwise at most every 100 ms.
  if (m_shown && done < total && now - m_last < std::chrono::milliseconds(100)) {
    return;
  }
  m_last = now;
  if (done >= total) {
    erase();
    return;
  }
  const double seconds = std::chrono::duration<double>(now - m_start).count();
  const double rate = seconds > 0 ? static_cast<double>(done) / seconds : 0;
  const double percent = 100.0 * static_cast<double>(done) / static_cast<double>(total);
  if (done == 0) {
    std::fprintf(stderr, "\r\033[K[0/%zu]   0%%  scanning", total);
  } else {
    const int eta = rate > 0 ? static_cast<int>(static_cast<double>(total - done) / rate) : 0;
    std::fprintf(stderr, "\r\033[K[%zu/%zu] %3.0f%%  %.1f machines/s  ETA %d:%02d", done, total, percent, rate,
                 eta / 60, eta % 60);
  }
  std::fflush(stderr);
  m_shown = true;
}

void TerminalProgress::clear()
{
  std::lock_guard<std::mutex> lock(m_mutex);
  erase();
}

void TerminalProgress::erase()
{
  if (m_shown) {
    std::fputs("\r\033[K", stderr);
    std::fflush(stderr);
    m_shown = false;
  }
}

void TerminalProgress::stop()
{
  std::lock_guard<std::mutex> lock(m_mutex);
  erase();
  m_stopped = true;
}

} // namespace smsscan::cli
