// Runs one job per item on a few threads and hands the results on in item
// order, each as soon as it and every item before it are done. Threads run
// at most a bounded window ahead of the oldest result not yet handed on, so
// memory stays flat for any number of items. The scan engine and the
// account query both use it: their reports are streamed in target order.
#pragma once

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <map>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

namespace smsscan::util {

struct OrderedJobsSettings
{
  std::size_t total = 0;                        // items 0 .. total-1
  unsigned threads = 1;                         // at most this many jobs at once (at least one)
  const std::atomic<bool>* cancelled = nullptr; // once set, no job starts and no result is handed on
};

// run(index) -> Result is called on a worker thread, once per item.
// deliver(Result&) is called in item order, one call at a time, under the
// runner's lock; so is done(finished, total) after every job (progress),
// whether or not its result could be handed on yet.
template <typename Run, typename Deliver, typename Done>
void run_ordered_jobs(const OrderedJobsSettings& settings, Run run, Deliver deliver, Done done)
{
  using Result = decltype(run(std::size_t{}));
  const auto cancelled = [&] { return settings.cancelled != nullptr && settings.cancelled->load(); };
  const std::size_t total = settings.total;
  const std::size_t window = std::max<std::size_t>(64, 4 * static_cast<std::size_t>(settings.threads));
  std::mutex mutex;
  std::condition_variable changed;
  std::size_t next_to_start = 0;
  std::size_t next_to_deliver = 0;
  std::size_t finished = 0;
  std::map<std::size_t, Result> waiting;

  const auto worker = [&] {
    while (true) {
      std::size_t index = 0;
      {
        std::unique_lock<std::mutex> lock(mutex);
        changed.wait(lock,
                     [&] { return next_to_start >= total || next_to_start < next_to_deliver + window || cancelled(); });
        if (next_to_start >= total || cancelled()) {
          return;
        }
        index = next_to_start++;
      }
      Result result = run(index);
      {
        std::lock_guard<std::mutex> lock(mutex);
        waiting.emplace(index, std::move(result));
        ++finished;
        // Results finished after an interruption are dropped: the reports
        // hold only what was complete before it.
        while (!waiting.empty() && waiting.begin()->first == next_to_deliver) {
          if (!cancelled()) {
            deliver(waiting.begin()->second);
          }
          waiting.erase(waiting.begin());
          ++next_to_deliver;
        }
        done(finished, total);
      }
      changed.notify_all();
    }
  };

  const unsigned count =
    static_cast<unsigned>(std::max<std::size_t>(1, std::min<std::size_t>(std::max(1u, settings.threads), total)));
  std::vector<std::thread> threads;
  threads.reserve(count);
  for (unsigned i = 0; i < count; ++i) {
    threads.emplace_back(worker);
  }
  for (std::thread& thread : threads) {
    thread.join();
  }
}

} // namespace smsscan::util
