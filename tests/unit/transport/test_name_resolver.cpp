// The NetBIOS lookup without a WINS server to talk to: which names it takes,
// the lmhosts file, a WINS address where nothing listens (answered at once
// by the kernel), and the machine's deadline. Real WINS answers are tested
// against nmbd in tests/smb.
#include "smsscan/transport/name_resolver.hpp"
#include "transport/transport_support.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <chrono>

using namespace smsscan;
using namespace smsscan::transport;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

TEST_CASE("name resolver: which host names are NetBIOS names")
{
  CHECK(host_kind("10.1.2.3") == HostKind::address);
  CHECK(host_kind("::1") == HostKind::address);
  CHECK(host_kind("PC042") == HostKind::netbios);
  CHECK(host_kind("pc-042_a") == HostKind::netbios);
  CHECK(host_kind("ABCDEFGHIJKLMNO") == HostKind::netbios); // 15 characters
  CHECK(host_kind("ABCDEFGHIJKLMNOP") == HostKind::dns);    // 16
  CHECK(host_kind("pc042.lab.example") == HostKind::dns);
}

TEST_CASE("name resolver: lmhosts answers before WINS, without the network")
{
  ResolverSettings settings;
  settings.lmhosts = target::parse_lmhosts("10.1.2.3 PC042\n", "lmhosts");
  const NameResolver resolver(settings);
  CHECK(resolver.netbios_enabled());
  const NetbiosLookup found = resolver.lookup_netbios("pc042", Clock::now() + 5s, nullptr);
  REQUIRE(found.found.has_value());
  CHECK(found.found->name == "PC042");
  CHECK(found.found->address == "10.1.2.3");
  CHECK(found.found->source == "lmhosts");
  const NetbiosLookup missing = resolver.lookup_netbios("PC043", Clock::now() + 5s, nullptr);
  CHECK_FALSE(missing.found.has_value());
  CHECK(missing.tried == "not in the lmhosts file");
  CHECK_FALSE(NameResolver().netbios_enabled());
}

TEST_CASE("name resolver: a WINS address where nothing listens is passed over at once")
{
  ResolverSettings settings;
  settings.wins = {{"127.0.0.1", test::closed_loopback_port()}, {"127.0.0.1", test::closed_loopback_port()}};
  const NameResolver resolver(settings);
  const auto started = Clock::now();
  const NetbiosLookup lookup = resolver.lookup_netbios("PC042", Clock::now() + 10s, nullptr);
  CHECK(Clock::now() - started < 1s); // refused (ICMP), not waited for
  CHECK_FALSE(lookup.found.has_value());
  CHECK_FALSE(lookup.timed_out);
  CHECK(lookup.tried.find("WINS 127.0.0.1: Connection refused") == 0);
  CHECK(lookup.tried.find("; WINS 127.0.0.1: Connection refused") != std::string::npos); // both asked
}

TEST_CASE("name resolver: the machine's deadline and Ctrl-C bound the lookup")
{
  ResolverSettings settings;
  // A documentation address no query can reach from here is not needed: the
  // deadline has passed before the first query.
  settings.wins = {{"127.0.0.1", test::closed_loopback_port()}};
  const NameResolver resolver(settings);
  const NetbiosLookup late = resolver.lookup_netbios("PC042", Clock::now() - 1s, nullptr);
  CHECK(late.timed_out);
  CHECK(late.tried == "no time left for WINS 127.0.0.1");

  const std::atomic<bool> cancelled{true};
  const NetbiosLookup interrupted = resolver.lookup_netbios("PC042", Clock::now() + 5s, &cancelled);
  CHECK_FALSE(interrupted.found.has_value());
  CHECK(interrupted.tried == "interrupted");
}
