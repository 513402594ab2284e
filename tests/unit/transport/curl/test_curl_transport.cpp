// Tests for transport/curl/curl_transport.cpp: what the libcurl transport
// adds to its sessions, with real libcurl and no server: its name, the
// transport's own name resolver (a NetBIOS name from its lmhosts file, never
// looked up by libcurl), SMSSCAN_CURL_BUSY_POLL, independent sessions on
// several threads, and the targets refused or unresolvable before any
// connection. Every connection goes to a loopback port with nothing
// listening; what needs a server is in tests/smb.
#include "smsscan/transport/curl/curl_transport.hpp"

#include "smsscan/target/lmhosts.hpp"
#include "test_support.hpp"
#include "transport/transport_support.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

using namespace smsscan;
using namespace smsscan::transport;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

// What libcurl says of a closed port: refused at once.
void check_refused(const OpenResult& opened)
{
  CHECK(opened.status == OpenStatus::unreachable);
  CHECK(opened.detail.find("(libcurl error 7)") != std::string::npos);
  CHECK(opened.file == nullptr);
}

} // namespace

TEST_CASE("curl transport: a NetBIOS name is found in the transport's lmhosts file, not by libcurl")
{
  RemoteOptions options;
  options.resolver.lmhosts = target::parse_lmhosts("127.0.0.1 PCLOOPBACK\n", "lmhosts");
  auto transport = make_curl_transport(options);
  CHECK(transport->name() == "curl");
  const std::uint16_t port = test::closed_loopback_port();
  target::Target target = test::loopback_target(port);
  target.host = "pcloopback";
  const target::Credentials credentials = test::test_credentials();
  auto session = transport->start(target, test::settings_for(5s, &credentials));
  const auto started = Clock::now();
  // Refused (error 7) at the lmhosts address; libcurl resolving the name
  // itself would have failed to resolve it (error 6).
  const OpenResult opened = session->open("ADMIN$", "MS\\SMS\\CORE\\BIN", "CliCore.exe");
  check_refused(opened);
  CHECK(opened.detail.find("cannot resolve") == std::string::npos);
  CHECK(opened.detail.find(credentials.password) == std::string::npos);
  CHECK(Clock::now() - started < 3s);
  // A port was given: no advice about port 139.
  CHECK(opened.detail.find("port 139") == std::string::npos);
  CHECK(session->connection().empty()); // nothing connected
}

TEST_CASE("curl transport: a host the system resolver refuses is unreachable, saying it cannot be resolved")
{
  auto transport = make_curl_transport();
  target::Target target = test::loopback_target(test::closed_loopback_port());
  target.host = "no-such..host"; // an empty label: refused without a DNS query
  auto session = transport->start(target, test::settings_for(5s));
  const OpenResult opened = session->open("ADMIN$", "", "win.ini");
  CHECK(opened.status == OpenStatus::unreachable);
  CHECK(opened.detail.rfind("cannot resolve no-such..host: ", 0) == 0);
  CHECK(opened.detail.find("(libcurl error 6)") != std::string::npos);
}

TEST_CASE("curl transport: port 139 is refused before any connection, naming the transport that can")
{
  auto transport = make_curl_transport();
  // Even if something tried, the host cannot be resolved: nothing is sent.
  target::Target target = test::loopback_target(139);
  target.host = "no-such..host";
  auto session = transport->start(target, test::settings_for(5s));
  const OpenResult opened = session->open("ADMIN$", "", "win.ini");
  CHECK(opened.status == OpenStatus::unreachable);
  CHECK(opened.detail == "port 139 (the NetBIOS session service) needs a NetBIOS session request first, which "
                         "libcurl cannot send: use --transport smbclient for this machine");
  CHECK(opened.file == nullptr);
}

TEST_CASE("curl transport: SMSSCAN_CURL_BUSY_POLL=1 polls as libcurl asks, with the same outcomes")
{
  for (const char* value : {"1", "0"}) {
    CAPTURE(value);
    const test::ScopedEnvironment busy("SMSSCAN_CURL_BUSY_POLL", std::string(value));
    auto transport = make_curl_transport(); // reads the variable now
    const target::Target target = test::loopback_target(test::closed_loopback_port());
    auto session = transport->start(target, test::settings_for(5s));
    const auto started = Clock::now();
    check_refused(session->open("ADMIN$", "", "win.ini"));
    CHECK(Clock::now() - started < 3s);
  }
}

TEST_CASE("curl transport: sessions of one transport run on several threads at once, each with its own outcome")
{
  auto transport = make_curl_transport();
  constexpr int k_threads = 4;
  std::vector<std::uint16_t> ports;
  std::vector<target::Target> targets;
  for (int i = 0; i < k_threads; ++i) {
    ports.push_back(test::closed_loopback_port());
  }
  for (int i = 0; i < k_threads; ++i) {
    targets.push_back(test::loopback_target(ports[static_cast<std::size_t>(i)]));
  }
  // Thread 0's machine is out of time before it starts: its outcome must
  // not leak into the others'.
  std::vector<OpenResult> results(k_threads);
  std::vector<std::thread> threads;
  for (int i = 0; i < k_threads; ++i) {
    threads.emplace_back([&, i] {
      SessionSettings settings = test::settings_for(5s);
      if (i == 0) {
        settings.deadline = Clock::now() - 1s;
      }
      auto session = transport->start(targets[static_cast<std::size_t>(i)], settings);
      results[static_cast<std::size_t>(i)] = session->open("ADMIN$", "", "win.ini");
    });
  }
  for (std::thread& thread : threads) {
    thread.join();
  }
  CHECK(results[0].status == OpenStatus::unreachable);
  CHECK(results[0].detail == timed_out_message(5s));
  for (std::size_t i = 1; i < results.size(); ++i) {
    CAPTURE(i);
    check_refused(results[i]);
  }
}
