// The worker component: runs a library that is not thread-safe (libsmbclient,
// libnetapi) in single-threaded worker processes, one session at a time per
// worker, while the scanner's threads each talk to their own worker.
//
// Why: Samba's client libraries keep process-wide state (talloc stack,
// loadparm globals, debug settings) unguarded for threads; two threads with
// two separate contexts corrupt each other within seconds. So the library is
// called only in workers, never in the scanner.
//
// How it fits together:
//   WorkerPool   made once, while the scanner is still single-threaded: it
//                forks the spawner, a helper process that forks the workers
//                later on request (so no worker is ever forked from a process
//                with threads) and hands the scanner each new worker's end of
//                a SOCK_SEQPACKET socket pair (socket_io.hpp).
//   Handler      (handler.hpp) the user's library code, made in each worker by
//                the factory given to the pool, answering the user's requests.
//   Channel      (channel.hpp) one session's line to one worker, with the
//                session's deadline: a worker that does not answer in time
//                is killed, and a finished session resets its worker and
//                gives it back to the pool for the next session.
//   Writer/Reader (codec.hpp) the requests and replies, defined by the user.
//
// A second user writes its Handler (decode request, call the library, encode
// the reply), creates a WorkerPool with a factory for it before starting
// threads, and opens a Channel per session:
//
//   WorkerPool pool({"libnetapi", [] { return std::make_unique<NetapiHandler>(); }});
//   ...
//   Channel channel(pool, {deadline, std::chrono::seconds(5), &cancelled});
//   Writer request; request.u8(my_op); request.str(host);
//   std::vector<std::uint8_t> reply;
//   if (channel.call(request, reply) == Channel::Wait::ok) { Reader in(reply); ... }
//
// Workers start on demand and are reused; the pool never holds more workers
// than sessions ran at once. Workers and the spawner die with the scanner
// (PR_SET_PDEATHSIG) and are reaped by the spawner.
#pragma once

#include "smsscan/util/expected.hpp"
#include "smsscan/worker/handler.hpp"

#include <sys/types.h>

#include <cstddef>
#include <mutex>
#include <string>
#include <vector>

namespace smsscan::worker {

struct PoolSettings
{
  std::string name;            // the library, for messages: "the libsmbclient helper is gone"
  HandlerFactory make_handler; // called in each new worker process
};

// A worker process and the scanner's end of its socket pair.
struct Worker
{
  pid_t pid = -1;
  int fd = -1;
};

class WorkerPool
{
public:
  // Forks the spawner now: create the pool before the scanner starts threads.
  // A failure to fork is reported by every acquire().
  explicit WorkerPool(PoolSettings settings);
  // Closes the idle workers and the spawner, which kills whatever is left.
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // An idle worker, or a new one. Thread-safe.
  util::Expected<Worker> acquire();
  // A worker whose session ended cleanly (it was reset) goes back for reuse.
  void release(const Worker& worker);
  // A worker in an unknown state (busy past its deadline, garbled): its
  // socket is closed and the spawner kills it.
  void discard(const Worker& worker);

  const std::string& name() const { return m_settings.name; }
  std::size_t idle() const;

private:
  PoolSettings m_settings;
  mutable std::mutex m_mutex;
  pid_t m_spawner = -1;
  int m_control = -1;
  std::string m_problem; // why there is no spawner
  std::vector<Worker> m_idle;
};

} // namespace smsscan::worker
