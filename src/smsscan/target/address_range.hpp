// Address ranges as administrators write them for a subnet: a CIDR block
// ("10.0.0.0/28") or a last-octet range ("10.0.0.1-20"), on the command line
// and in host lists. Each expands to one SMB target per address, in
// ascending order, the target column holding the address. In blocks of /30
// and larger the network and broadcast addresses are left out (no machine
// can have them); /31 and /32 give every address. IPv4 only: NT 4.0 and
// Windows 2000 speak nothing else.
#pragma once

#include "smsscan/target/target.hpp"
#include "smsscan/util/expected.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace smsscan::target {

// The largest block a range may expand to unless --max-targets says otherwise
// (a /16).
constexpr std::size_t k_default_max_targets = 65536;

// True when text is written as a range (has a '/' or a '-' after an IPv4
// address), whether or not it is a valid one.
bool looks_like_address_range(std::string_view text);

// The addresses of a range, or why it is not one: a malformed block or
// range, or one larger than max_addresses ("10.0.0.0/8 has 16777216
// addresses, more than --max-targets 65536").
util::Expected<std::vector<std::string>> expand_address_range(std::string_view text, std::size_t max_addresses);

// One argument or host-list column as targets: a range expands to one target
// per address, anything else is parse_target's single target.
util::Expected<std::vector<Target>> parse_targets(std::string_view text, std::size_t max_addresses);

} // namespace smsscan::target
