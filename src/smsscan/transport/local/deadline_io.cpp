#include "smsscan/transport/local/deadline_io.hpp"

#include <condition_variable>
#include <mutex>
#include <thread>

namespace smsscan::transport {

struct DeadlineIo::State
{
  std::mutex mutex;
  std::condition_variable changed;
  std::function<void()> task; // set: a task waits to run
  std::uint64_t finished = 0; // tasks finished so far
  bool stop = false;
};

DeadlineIo::DeadlineIo() : m_state(std::make_shared<State>()) {}

DeadlineIo::~DeadlineIo()
{
  if (!m_started) {
    return;
  }
  {
    std::lock_guard<std::mutex> lock(m_state->mutex);
    m_state->stop = true;
  }
  m_state->changed.notify_all();
}

bool DeadlineIo::run(std::function<void()> task, std::chrono::steady_clock::time_point deadline)
{
  if (m_hung) {
    return false;
  }
  if (!m_started) {
    // Detached: it owns its state and ends when told to stop, or, stuck in
    // a call, whenever that call returns.
    std::thread([state = m_state] { serve(state); }).detach();
    m_started = true;
  }
  std::unique_lock<std::mutex> lock(m_state->mutex);
  const std::uint64_t target = m_state->finished + 1;
  m_state->task = std::move(task);
  m_state->changed.notify_all();
  if (!m_state->changed.wait_until(lock, deadline, [&] { return m_state->finished >= target; })) {
    m_hung = true;
    return false;
  }
  return true;
}

void DeadlineIo::serve(const std::shared_ptr<State>& state)
{
  std::unique_lock<std::mutex> lock(state->mutex);
  while (true) {
    state->changed.wait(lock, [&] { return state->stop || state->task; });
    if (!state->task) {
      return; // stopped with nothing left to do
    }
    std::function<void()> task = std::move(state->task);
    state->task = nullptr;
    lock.unlock();
    task();
    lock.lock();
    ++state->finished;
    state->changed.notify_all();
  }
}

} // namespace smsscan::transport
