// One session's line to one worker (see pool.hpp): requests go out and
// replies come back in turn, each wait bounded by the session's hard
// deadline and watching its cancel flag. A worker that does not answer in
// time, or whose socket breaks, is killed and the channel becomes unusable:
// a stuck library call can never hold a scanner thread past the deadline.
// A channel is used by one thread at a time.
#pragma once

#include "smsscan/worker/codec.hpp"
#include "smsscan/worker/pool.hpp"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace smsscan::worker {

struct ChannelLimits
{
  // No wait for the worker goes past this; a worker still busy then is killed.
  std::chrono::steady_clock::time_point hard_deadline;
  // How long resetting the worker at the end may take before it is killed
  // instead of reused (never past hard_deadline).
  std::chrono::milliseconds release_wait{5000};
  const std::atomic<bool>* cancelled = nullptr; // set on Ctrl-C; may be null
};

class Channel
{
public:
  Channel(WorkerPool& pool, ChannelLimits limits) : m_pool(pool), m_limits(limits) {}
  // Resets the worker and gives it back to the pool, or kills it when it
  // does not confirm the reset in time.
  ~Channel();
  Channel(const Channel&) = delete;
  Channel& operator=(const Channel&) = delete;

  enum class Wait { ok, cancelled, timed_out, broken };

  // Takes a worker from the pool on first use. False with problem set when
  // none can be had, or when the worker of this channel was lost earlier.
  bool open(std::string& problem);
  bool usable() const { return m_worker.has_value(); }
  bool cancelled() const { return m_limits.cancelled != nullptr && m_limits.cancelled->load(); }
  const ChannelLimits& limits() const { return m_limits; }
  // The worker's process id, while there is one (for tests and debugging).
  std::optional<pid_t> worker_pid() const;

  // Sends a request and waits for the handler's reply until the hard deadline.
  Wait call(const Writer& request, std::vector<std::uint8_t>& reply);
  // Sends a request the handler does not answer.
  Wait post(const Writer& request);

private:
  Wait send(const std::vector<std::uint8_t>& frame, const std::vector<std::uint8_t>& body);
  Wait await(std::vector<std::uint8_t>& reply, std::chrono::steady_clock::time_point until);
  void drop();

  WorkerPool& m_pool;
  ChannelLimits m_limits;
  std::optional<Worker> m_worker;
  bool m_opened = false;
};

} // namespace smsscan::worker
