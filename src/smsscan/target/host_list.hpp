// Host-list files: one target per line, '#' comments, blank lines ignored,
// and optional comma-separated columns: target, roles (separated by ';' or
// '+'), site code ("cap01, client;cap, ABC"). UTF-8 (a byte-order mark is
// skipped) or UTF-16 with its byte-order mark.
#pragma once

#include "smsscan/target/address_range.hpp"
#include "smsscan/target/target.hpp"
#include "smsscan/util/error.hpp"

#include <string_view>
#include <vector>

namespace smsscan::target {

struct HostList
{
  std::vector<Target> targets;     // in file order, each with its origin ("fleet.txt:4")
  std::vector<util::Error> errors; // bad lines (source, line, message quoting the line), skipped
};

// Lines longer than this are refused (a host list is not a data dump).
inline constexpr std::size_t k_max_host_line = 4096;

// source names the list in errors ("fleet.txt", "standard input"). A line's
// target may be an address range (address_range.hpp) of at most max_targets
// addresses: it gives one target per address, with the line's roles and
// site. A list that is not text (NUL bytes without a UTF-16 byte-order mark)
// gives one error and no targets.
HostList parse_host_list(std::string_view content, std::string_view source,
                         std::size_t max_targets = k_default_max_targets);

// UTF-16 (little or big endian, by its byte-order mark) as UTF-8; nullopt
// when the text is not valid UTF-16.
std::optional<std::string> utf16_to_utf8(std::string_view bytes, bool big_endian);

} // namespace smsscan::target
