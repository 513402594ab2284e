#include "smsscan/scan/engine.hpp"

#include <algorithm>
#include <condition_variable>
#include <ctime>
#include <map>
#include <memory>
#include <mutex>
#include <thread>

namespace smsscan::scan {

namespace {

std::int64_t unix_now()
{
  return static_cast<std::int64_t>(std::time(nullptr));
}

} // namespace

ScanSummary run_scan(const manifest::Manifest& manifest, const std::vector<target::Target>& targets,
                     const Transports& transports, const ScanOptions& options, ResultSink& sink,
                     ProgressObserver* observer)
{
  ScanSummary summary;
  const std::size_t total = targets.size();
  std::unique_ptr<LogonGuard> guard;
  if (options.credentials) {
    guard = std::make_unique<LogonGuard>(options.max_auth_failures);
  }

  std::mutex mutex;
  std::condition_variable changed;
  std::size_t next_to_start = 0;
  std::size_t next_to_write = 0;
  std::size_t finished = 0;
  std::map<std::size_t, MachineResult> waiting;
  // Results wait in memory only until every earlier one is written; bounding
  // how far ahead workers may run keeps memory flat for any fleet size.
  const std::size_t window = std::max<std::size_t>(64, 4 * static_cast<std::size_t>(options.jobs));

  const auto worker = [&] {
    while (true) {
      std::size_t index = 0;
      {
        std::unique_lock<std::mutex> lock(mutex);
        changed.wait(lock, [&] {
          return next_to_start >= total || next_to_start < next_to_write + window ||
                 (options.cancelled && options.cancelled->load());
        });
        if (next_to_start >= total || (options.cancelled && options.cancelled->load())) {
          return;
        }
        index = next_to_start++;
      }
      const target::Target& target = targets[index];
      transport::Transport* transport =
        target.kind == target::Target::Kind::local ? transports.local : transports.remote;
      MachineResult result;
      if (!transport) {
        result.target = &target;
        result.site = site_for(target, options);
        result.roles = roles_for(target, options);
        result.status = verdict::MachineStatus::error;
        result.errors.push_back("this build has no SMB transport");
        result.scanned_at = unix_now();
      } else {
        LogonGuard* machine_guard = target.kind == target::Target::Kind::local ? nullptr : guard.get();
        result = scan_machine(manifest, target, *transport, options, machine_guard);
      }
      result.index = index;
      {
        std::lock_guard<std::mutex> lock(mutex);
        waiting.emplace(index, std::move(result));
        ++finished;
        // Interrupted machines are not written: the report holds only finished ones.
        while (!waiting.empty() && waiting.begin()->first == next_to_write) {
          MachineResult& ready = waiting.begin()->second;
          const bool interrupted = options.cancelled && options.cancelled->load();
          if (!interrupted) {
            sink.machine_done(ready);
            ++summary.scanned;
            ++summary.counts[static_cast<std::size_t>(ready.status)];
          }
          waiting.erase(waiting.begin());
          ++next_to_write;
        }
        if (observer) {
          observer->progress(finished, total);
        }
      }
      changed.notify_all();
    }
  };

  const unsigned thread_count =
    static_cast<unsigned>(std::max<std::size_t>(1, std::min<std::size_t>(options.jobs, total)));
  std::vector<std::thread> threads;
  threads.reserve(thread_count);
  for (unsigned i = 0; i < thread_count; ++i) {
    threads.emplace_back(worker);
  }
  for (std::thread& thread : threads) {
    thread.join();
  }
  summary.interrupted = options.cancelled && options.cancelled->load();
  if (guard) {
    summary.auth_failures = guard->failures();
    summary.credentials_retired = guard->retired();
  }
  return summary;
}

} // namespace smsscan::scan
