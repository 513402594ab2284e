// Keeps a set of credentials from locking out the account they belong to.
#pragma once

#include <condition_variable>
#include <mutex>

namespace smsscan::scan {

// A machine asks before its first logon and reports how the logon went.
// After max_failures refused logons the credentials are retired: acquire()
// answers false. Until the credentials have worked once, no more logons are
// in flight than the failures still affordable, so parallelism cannot
// overshoot the limit.
class LogonGuard
{
public:
  enum class Outcome { accepted, refused, not_attempted };

  explicit LogonGuard(int max_failures);
  // Blocks while too many unproven logons are in flight; false = retired.
  bool acquire();
  void release(Outcome outcome);
  int failures() const;
  bool retired() const;

private:
  mutable std::mutex m_mutex;
  std::condition_variable m_changed;
  int m_max_failures;
  int m_failures = 0;
  int m_in_flight = 0;
  bool m_proven = false;
};

} // namespace smsscan::scan
