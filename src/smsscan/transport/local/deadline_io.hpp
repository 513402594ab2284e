// Runs a machine image's file system calls on a thread of their own, so that
// a call that never returns (a hung network mount under the image) costs that
// machine its deadline instead of stopping the scan. A task must own what it
// touches (capture shared_ptrs by value): after a time-out it may still run.
#pragma once

#include <chrono>
#include <functional>
#include <memory>

namespace smsscan::transport {

class DeadlineIo
{
public:
  DeadlineIo();
  ~DeadlineIo(); // a thread still stuck in a call is left to finish alone
  DeadlineIo(const DeadlineIo&) = delete;
  DeadlineIo& operator=(const DeadlineIo&) = delete;

  // Runs task and waits for it until deadline. False when the deadline
  // passed first; from then on the runner is hung and every later run()
  // answers false at once.
  bool run(std::function<void()> task, std::chrono::steady_clock::time_point deadline);
  bool hung() const { return m_hung; }

private:
  struct State;
  static void serve(const std::shared_ptr<State>& state);

  std::shared_ptr<State> m_state;
  bool m_started = false;
  bool m_hung = false;
};

} // namespace smsscan::transport
