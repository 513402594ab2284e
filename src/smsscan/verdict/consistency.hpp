// What only a machine's files together show: file times that were all reset
// by a copy, and PE platforms that contradict each other in one folder.
#pragma once

#include "smsscan/manifest/platform.hpp"
#include "smsscan/verdict/file_verdict.hpp"

#include <cstdint>
#include <vector>

namespace smsscan::verdict {

// True when the machine's file times look reset by a recent copy: at least
// two files found, every file time within ten minutes of the others and in
// the last month before now, while the manifest rows of those files are
// dated more than a day apart. (Real installs keep the distribution's
// times; files of one service pack may share a build time, but not last
// month's. A copy that does not keep times stamps them all with its moment.)
bool file_times_look_reset(const std::vector<std::int64_t>& file_times, const std::vector<std::int64_t>& row_times,
                           std::int64_t now);

// Within one folder whose platform the manifest leaves open, the PE images
// must agree: a current or newer file whose platform differs from the
// folder's majority (or any, when there is no majority) becomes review.
void flag_platform_outliers(const std::vector<Judgement*>& folder);

} // namespace smsscan::verdict
