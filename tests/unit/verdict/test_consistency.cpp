// Tests for verdict/consistency.cpp: file times reset by a copy, and PE
// platforms that disagree within one folder.
#include "smsscan/verdict/consistency.hpp"

#include <doctest/doctest.h>

#include <vector>

using smsscan::manifest::Platform;
using smsscan::verdict::file_times_look_reset;
using smsscan::verdict::FileVerdict;
using smsscan::verdict::flag_platform_outliers;
using smsscan::verdict::Judgement;

namespace {

constexpr std::int64_t k_now = 1704067200; // 2024-01-01
constexpr std::int64_t k_day = 86400;
const std::vector<std::int64_t> k_rows = {923443860, 927144180, 928890720}; // April, May and June 1999

Judgement image(Platform platform, FileVerdict verdict = FileVerdict::current)
{
  Judgement judgement;
  judgement.platform = platform;
  judgement.verdict = verdict;
  return judgement;
}

} // namespace

TEST_CASE("file_times_look_reset: one recent moment for files the article dates months apart")
{
  CHECK(file_times_look_reset({k_now - 60, k_now - 30, k_now}, k_rows, k_now));
  // Ten minutes apart at most.
  CHECK_FALSE(file_times_look_reset({k_now - 3600, k_now}, k_rows, k_now));
  // One file says nothing; nor do rows of one day (files of one build).
  CHECK_FALSE(file_times_look_reset({k_now}, k_rows, k_now));
  CHECK_FALSE(file_times_look_reset({k_now, k_now}, {928890720, 928891080}, k_now));
  // Files of one service pack built at one moment long ago are not a copy.
  CHECK_FALSE(file_times_look_reset({944093820, 944093820, 944093880}, k_rows, k_now));
  CHECK_FALSE(file_times_look_reset({k_now - 40 * k_day, k_now - 40 * k_day}, k_rows, k_now));
  CHECK_FALSE(file_times_look_reset({}, k_rows, k_now));
}

TEST_CASE("flag_platform_outliers: the minority platform of a folder is review")
{
  Judgement a = image(Platform::intel);
  Judgement b = image(Platform::intel);
  Judgement c = image(Platform::alpha);
  Judgement d = image(Platform::alpha, FileVerdict::outdated);
  Judgement plain; // not a PE image: no platform
  plain.verdict = FileVerdict::current;
  flag_platform_outliers({&a, &b, &c, &plain});
  CHECK(a.verdict == FileVerdict::current);
  CHECK(c.verdict == FileVerdict::review);
  CHECK(c.reason == "an Alpha image among Intel images in one folder");
  CHECK(plain.verdict == FileVerdict::current);
  // A tie leaves no majority: every current image is review; outdated stays outdated.
  Judgement e = image(Platform::intel);
  flag_platform_outliers({&e, &d});
  CHECK(e.verdict == FileVerdict::review);
  CHECK(e.reason == "images of several platforms (Intel, Alpha) in one folder, as many of each; which platform the "
                    "machine runs is unclear");
  CHECK(d.verdict == FileVerdict::outdated);
  // One platform: nothing to flag.
  Judgement f = image(Platform::alpha);
  Judgement g = image(Platform::alpha);
  flag_platform_outliers({&f, &g});
  CHECK(f.verdict == FileVerdict::current);
}
