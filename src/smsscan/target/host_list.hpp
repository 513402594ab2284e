// Host-list files: one target per line, '#' comments, blank lines ignored,
// and optional comma-separated columns: target, roles (separated by ';' or
// '+'), site code ("cap01, client;cap, ABC").
#pragma once

#include "smsscan/target/address_range.hpp"
#include "smsscan/target/target.hpp"
#include "smsscan/util/error.hpp"

#include <string_view>
#include <vector>

namespace smsscan::target {

struct HostList
{
  std::vector<Target> targets;     // in file order, duplicates removed
  std::vector<util::Error> errors; // bad lines (source, line, message quoting the line), skipped
  int duplicates = 0;
};

// source names the list in errors ("fleet.txt", "standard input"). A line's
// target may be an address range (address_range.hpp) of at most max_targets
// addresses: it gives one target per address, with the line's roles and site.
HostList parse_host_list(std::string_view content, std::string_view source,
                         std::size_t max_targets = k_default_max_targets);

} // namespace smsscan::target
