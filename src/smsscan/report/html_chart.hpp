// The HTML report's charts, as inline SVG (no script, no external file): a
// ring of the fleet's machines by status group with the headline number in
// its middle, and a stacked bar per site. The colours of the groups are
// defined here once; the page's styles use the same ones.
#pragma once

#include "smsscan/report/fleet_summary.hpp"

#include <map>
#include <string>
#include <string_view>

namespace smsscan::report {

// "#c0392b" and so on: one colour per status group.
std::string_view group_colour(StatusGroup group);

// The ring chart of counts, with big (a number) and small (its label) in the
// middle. label is the chart's accessible description.
std::string status_ring(const StatusCounts& counts, const std::string& big, const std::string& small,
                        const std::string& label);

// A bar per site ("" = no site code), each split by status group and
// labelled with the site and its machine count. Site codes are escaped.
std::string site_bars(const std::map<std::string, StatusCounts>& sites);

} // namespace smsscan::report
