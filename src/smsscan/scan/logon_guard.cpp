#include "smsscan/scan/logon_guard.hpp"

namespace smsscan::scan {

LogonGuard::LogonGuard(int max_failures) : m_max_failures(max_failures) {}

bool LogonGuard::acquire()
{
  std::unique_lock<std::mutex> lock(m_mutex);
  m_changed.wait(lock,
                 [&] { return m_failures >= m_max_failures || m_proven || m_in_flight < m_max_failures - m_failures; });
  if (m_failures >= m_max_failures) {
    return false;
  }
  ++m_in_flight;
  return true;
}

void LogonGuard::release(Outcome outcome)
{
  {
    std::lock_guard<std::mutex> lock(m_mutex);
    --m_in_flight;
    if (outcome == Outcome::accepted) {
      m_proven = true;
    } else if (outcome == Outcome::refused) {
      ++m_failures;
    }
  }
  m_changed.notify_all();
}

int LogonGuard::failures() const
{
  std::lock_guard<std::mutex> lock(m_mutex);
  return m_failures;
}

bool LogonGuard::retired() const
{
  std::lock_guard<std::mutex> lock(m_mutex);
  return m_failures >= m_max_failures;
}

} // namespace smsscan::scan
