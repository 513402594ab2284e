// How a target's host name becomes an address, before the transport
// connects. The order (stated in --help and the README):
//   1. an IPv4 or IPv6 address is used as it is;
//   2. a name without a dot that can be a NetBIOS name (at most 15
//      characters) is looked up as a NetBIOS name: in the --lmhosts file,
//      then with each --wins server in the order given (a server that does
//      not answer passes to the next; one that says the name does not exist
//      ends the NetBIOS lookup);
//   3. otherwise, or when that finds nothing, the system resolver (DNS,
//      /etc/hosts, whatever nsswitch.conf names), which the transport runs:
//      the libsmbclient worker or libcurl.
// No NetBIOS broadcasts are sent. The NetBIOS lookup has the machine's
// deadline; the system resolver is bounded by it as well (the worker is
// killed, libcurl's connect time-out).
#pragma once

#include "smsscan/target/lmhosts.hpp"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace smsscan::transport {

struct WinsServer
{
  std::string address; // dotted IPv4
  std::uint16_t port = 137;
};

struct ResolverSettings
{
  std::vector<WinsServer> wins; // --wins, in order
  target::Lmhosts lmhosts;      // --lmhosts
  // How long one WINS server gets to answer before the next is asked (three
  // queries at a third of this apart), within the machine's deadline.
  std::chrono::milliseconds wins_wait{1500};
};

enum class HostKind {
  address, // an IPv4 or IPv6 literal
  netbios, // no dot, at most 15 characters: a NetBIOS name first
  dns,     // anything else
};

HostKind host_kind(std::string_view host);

// A name found by the NetBIOS lookup.
struct NetbiosAddress
{
  std::string name;    // the NetBIOS name, upper case
  std::string address; // dotted IPv4
  std::string source;  // "lmhosts" or "WINS 10.0.0.2"
};

struct NetbiosLookup
{
  std::optional<NetbiosAddress> found;
  // What was tried and why it found nothing ("not in the lmhosts file; WINS
  // 10.0.0.2: the name does not exist"), for the message when the system
  // resolver fails too.
  std::string tried;
  bool timed_out = false; // the deadline came first
};

class NameResolver
{
public:
  NameResolver() = default;
  explicit NameResolver(ResolverSettings settings) : m_settings(std::move(settings)) {}

  // True when a NetBIOS lookup has anything to ask (--lmhosts or --wins).
  bool netbios_enabled() const { return !m_settings.wins.empty() || !m_settings.lmhosts.entries.empty(); }

  // The NetBIOS lookup of step 2 (for a HostKind::netbios name). Thread-safe.
  NetbiosLookup lookup_netbios(std::string_view name, std::chrono::steady_clock::time_point deadline,
                               const std::atomic<bool>* cancelled) const;

private:
  ResolverSettings m_settings;
};

} // namespace smsscan::transport
