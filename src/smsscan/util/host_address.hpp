// A host's numeric address from the system resolver (DNS, /etc/hosts).
#pragma once

#include "smsscan/util/expected.hpp"

#include <string>

namespace smsscan::util {

// host itself when it is an IPv4 or IPv6 address; else its address from
// getaddrinfo, IPv4 first (NT 4.0 and Windows 2000 speak nothing else); or
// the resolver's reason.
Expected<std::string> numeric_address(const std::string& host);

} // namespace smsscan::util
