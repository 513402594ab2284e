// Tests for util/ordered_jobs.hpp: results are handed on in item order
// whatever order the jobs finish in, at most the thread count run at once,
// and nothing is handed on after a cancellation.
#include "smsscan/util/ordered_jobs.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

using smsscan::util::run_ordered_jobs;

TEST_CASE("ordered jobs: results in item order, every item once")
{
  std::vector<std::size_t> delivered;
  std::vector<std::size_t> progress;
  std::atomic<int> running{0};
  std::atomic<int> most{0};
  run_ordered_jobs(
    {40, 4, nullptr},
    [&](std::size_t index) {
      const int now = ++running;
      int seen = most.load();
      while (now > seen && !most.compare_exchange_weak(seen, now)) {
      }
      // Later items finish first.
      std::this_thread::sleep_for(std::chrono::milliseconds(index % 4 == 0 ? 6 : 1));
      --running;
      return index * 10;
    },
    [&](std::size_t result) { delivered.push_back(result); },
    [&](std::size_t done, std::size_t total) {
      CHECK(total == 40);
      progress.push_back(done);
    });
  REQUIRE(delivered.size() == 40);
  for (std::size_t i = 0; i < delivered.size(); ++i) {
    CHECK(delivered[i] == i * 10);
  }
  CHECK(progress.size() == 40);
  CHECK(progress.back() == 40);
  CHECK(most.load() <= 4);
  CHECK(most.load() >= 2);
}

TEST_CASE("ordered jobs: no items, and more threads than items")
{
  int calls = 0;
  run_ordered_jobs(
    {0, 8, nullptr}, [&](std::size_t) { return ++calls; }, [&](int) {}, [](std::size_t, std::size_t) {});
  CHECK(calls == 0);
  std::vector<int> delivered;
  run_ordered_jobs(
    {2, 16, nullptr}, [](std::size_t index) { return static_cast<int>(index); },
    [&](int value) { delivered.push_back(value); }, [](std::size_t, std::size_t) {});
  CHECK(delivered == std::vector<int>{0, 1});
}

TEST_CASE("ordered jobs: a cancellation stops new jobs and further results")
{
  std::atomic<bool> cancelled{false};
  std::vector<std::size_t> delivered;
  std::atomic<std::size_t> started{0};
  run_ordered_jobs(
    {1000, 2, &cancelled},
    [&](std::size_t index) {
      ++started;
      if (index == 5) {
        cancelled.store(true);
      }
      return index;
    },
    [&](std::size_t value) { delivered.push_back(value); }, [](std::size_t, std::size_t) {});
  CHECK(started.load() < 20);
  CHECK(delivered.size() <= 5);
  for (std::size_t i = 0; i < delivered.size(); ++i) {
    CHECK(delivered[i] == i);
  }
}
