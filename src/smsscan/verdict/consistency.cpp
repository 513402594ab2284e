#include "smsscan/verdict/consistency.hpp"

#include "smsscan/util/text.hpp"

#include <algorithm>
#include <map>
#include <string>

namespace smsscan::verdict {

namespace {

constexpr std::int64_t k_same_moment = 10 * 60;
constexpr std::int64_t k_day = 24 * 3600;
constexpr std::int64_t k_recent = 31 * k_day;

std::int64_t spread(const std::vector<std::int64_t>& times)
{
  const auto [low, high] = std::minmax_element(times.begin(), times.end());
  return *high - *low;
}

} // namespace

bool file_times_look_reset(const std::vector<std::int64_t>& file_times, const std::vector<std::int64_t>& row_times,
                           std::int64_t now)
{
  if (file_times.size() < 2 || row_times.empty()) {
    return false;
  }
  const std::int64_t latest = *std::max_element(file_times.begin(), file_times.end());
  return spread(file_times) <= k_same_moment && spread(row_times) > k_day && latest > now - k_recent;
}

void flag_platform_outliers(const std::vector<Judgement*>& folder)
{
  std::map<manifest::Platform, std::size_t> counts;
  for (const Judgement* judgement : folder) {
    if (judgement->platform) {
      ++counts[*judgement->platform];
    }
  }
  if (counts.size() < 2) {
    return;
  }
  const auto most =
    std::max_element(counts.begin(), counts.end(), [](const auto& a, const auto& b) { return a.second < b.second; });
  const bool tie =
    std::count_if(counts.begin(), counts.end(), [&](const auto& entry) { return entry.second == most->second; }) > 1;
  for (Judgement* judgement : folder) {
    if (!judgement->platform ||
        (judgement->verdict != FileVerdict::current && judgement->verdict != FileVerdict::newer)) {
      continue;
    }
    if (tie) {
      std::vector<std::string> names;
      for (const auto& entry : counts) {
        names.emplace_back(manifest::platform_name(entry.first));
      }
      judgement->verdict = FileVerdict::review;
      judgement->reason = "images of several platforms (" + util::join(names, ", ") +
                          ") in one folder, as many of each; which platform the machine runs is unclear";
    } else if (*judgement->platform != most->first) {
      judgement->verdict = FileVerdict::review;
      judgement->reason = "an " + std::string(manifest::platform_name(*judgement->platform)) + " image among " +
                          std::string(manifest::platform_name(most->first)) + " images in one folder";
    }
  }
}

} // namespace smsscan::verdict
