// Tests for transport/samba/smbclient_session.cpp: the scanner side of the
// libsmbclient transport, a MachineSession that forwards every call to a real
// forked worker running the real libsmbclient handler, without a server:
// where connection() says the worker went (an address, a NetBIOS name found
// in the lmhosts file, IPv6), the machine's deadline and Ctrl-C stopping a
// session already under way, and a worker that dies mid-session. Every
// connection goes to a loopback port with nothing listening; what needs a
// server is in tests/smb.
#ifdef SMSSCAN_TEST_HAVE_SMBCLIENT

#include "smsscan/transport/samba/smbclient_session.hpp"

#include "smsscan/evidence/inspector.hpp"
#include "smsscan/target/lmhosts.hpp"
#include "smsscan/transport/samba/smbclient_handler.hpp"
#include "smsscan/worker/pool.hpp"
#include "transport/transport_support.hpp"
#include "worker/worker_support.hpp"

#include <doctest/doctest.h>

#include <signal.h>

#include <atomic>
#include <chrono>
#include <optional>
#include <string>
#include <thread>
#include <vector>

using namespace smsscan;
using namespace smsscan::transport;
using namespace smsscan::transport::samba;
using namespace std::chrono_literals;

namespace {

// A pool of real libsmbclient workers with the evidence inspector, so that
// inspect_files on no names starts the worker's session without opening
// anything.
worker::PoolSettings inspecting_pool()
{
  SmbclientOptions options;
  options.inspector = evidence::make_evidence_inspector(false);
  return {"libsmbclient", [options] { return make_smbclient_handler(options); }};
}

// Makes the session take its worker and send BEGIN, connecting nowhere.
void begin_without_connecting(MachineSession& session)
{
  const auto none = session.inspect_files("ADMIN$", "", {});
  REQUIRE(none.has_value());
  REQUIRE(none->empty());
}

} // namespace

TEST_CASE("smbclient session: connection() says where the worker went and how the name was found")
{
  worker::WorkerPool pool(inspecting_pool());
  const target::Credentials credentials = test::test_credentials();

  SUBCASE("an address")
  {
    const NameResolver resolver;
    const std::uint16_t port = test::closed_loopback_port();
    const target::Target target = test::loopback_target(port);
    auto session = make_smbclient_session(pool, resolver, target, test::settings_for(10s, &credentials), false);
    CHECK(session->connection().empty()); // nowhere yet
    const OpenResult opened = session->open("ADMIN$", "", "win.ini");
    CHECK(opened.status == OpenStatus::unreachable);
    CHECK(session->connection() == "127.0.0.1:" + std::to_string(port));
  }
  SUBCASE("a NetBIOS name found in the lmhosts file")
  {
    ResolverSettings settings;
    settings.lmhosts = target::parse_lmhosts("127.0.0.1 PCLOOPBACK\n", "lmhosts");
    const NameResolver resolver(settings);
    const std::uint16_t port = test::closed_loopback_port();
    target::Target target = test::loopback_target(port);
    target.host = "pcloopback";
    auto session = make_smbclient_session(pool, resolver, target, test::settings_for(10s, &credentials), false);
    const OpenResult opened = session->open("ADMIN$", "MS\\SMS\\CORE\\BIN", "CliCore.exe");
    CHECK(opened.status == OpenStatus::unreachable);
    // Refused: the lookup's address was reached, under the target's name.
    CHECK(opened.detail.rfind("\\\\pcloopback: Connection refused", 0) == 0);
    CHECK(opened.detail.find(credentials.password) == std::string::npos);
    CHECK(session->connection() == "127.0.0.1:" + std::to_string(port) + " (PCLOOPBACK via lmhosts)");
  }
  SUBCASE("an IPv6 address, in brackets")
  {
    const std::optional<std::uint16_t> port = test::closed_ipv6_loopback_port();
    if (!port) {
      MESSAGE("no IPv6 loopback on this machine: the IPv6 case is skipped");
      return;
    }
    const NameResolver resolver;
    target::Target target = test::loopback_target(*port);
    target.host = "::1";
    auto session = make_smbclient_session(pool, resolver, target, test::settings_for(10s), true);
    begin_without_connecting(*session);
    CHECK(session->connection() == "[::1]:" + std::to_string(*port));
  }
}

TEST_CASE("smbclient session: the machine's deadline and Ctrl-C stop a session already under way")
{
  worker::WorkerPool pool(inspecting_pool());
  const NameResolver resolver;
  const target::Target target = test::loopback_target(test::closed_loopback_port());

  SUBCASE("the deadline passes between two requests")
  {
    const SessionSettings settings = test::settings_for(700ms);
    auto session = make_smbclient_session(pool, resolver, target, settings, true);
    begin_without_connecting(*session);
    std::this_thread::sleep_until(settings.deadline + 50ms);
    const auto asked = std::chrono::steady_clock::now();
    // Timed out, not refused by the closed port: nothing was tried.
    const OpenResult opened = session->open("ADMIN$", "", "win.ini");
    CHECK(opened.status == OpenStatus::unreachable);
    CHECK(opened.detail == timed_out_message(700ms));
    CHECK(opened.file == nullptr);
    const auto inspected = session->inspect_files("ADMIN$", "", {"a.dll", "b.dll"});
    REQUIRE(inspected.has_value());
    REQUIRE(inspected->size() == 2);
    for (const InspectResult& result : *inspected) {
      CHECK(result.status == OpenStatus::unreachable);
      CHECK(result.detail == timed_out_message(700ms));
    }
    CHECK(std::chrono::steady_clock::now() - asked < 1s);
  }
  SUBCASE("Ctrl-C after the session began")
  {
    std::atomic<bool> cancelled{false};
    auto session = make_smbclient_session(pool, resolver, target, test::settings_for(10s, nullptr, &cancelled), true);
    begin_without_connecting(*session);
    cancelled = true;
    const OpenResult opened = session->open("ADMIN$", "", "win.ini");
    CHECK(opened.status == OpenStatus::error);
    CHECK(opened.detail == "interrupted");
    const auto inspected = session->inspect_files("ADMIN$", "", {"a.dll", "b.dll", "c.dll"});
    REQUIRE(inspected.has_value());
    REQUIRE(inspected->size() == 3);
    for (const InspectResult& result : *inspected) {
      CHECK(result.status == OpenStatus::error);
      CHECK(result.detail == "interrupted");
    }
  }
}

TEST_CASE("smbclient session: a worker that dies is an error for its machine only, and the next gets a new worker")
{
  worker::WorkerPool pool(inspecting_pool());
  const NameResolver resolver;
  const target::Target target = test::loopback_target(test::closed_loopback_port());
  {
    auto warm = make_smbclient_session(pool, resolver, target, test::settings_for(10s), true);
    begin_without_connecting(*warm);
  } // its worker is reset and back in the pool, the only one there
  REQUIRE(pool.idle() == 1);
  util::Expected<worker::Worker> idle = pool.acquire();
  REQUIRE(idle.has_value());
  const pid_t pid = idle->pid;
  pool.release(*idle);

  auto session = make_smbclient_session(pool, resolver, target, test::settings_for(10s), true);
  begin_without_connecting(*session); // on that worker
  REQUIRE(::kill(pid, SIGKILL) == 0);
  REQUIRE(test::process_gone(pid));
  const auto asked = std::chrono::steady_clock::now();
  const OpenResult opened = session->open("ADMIN$", "", "win.ini");
  CHECK(opened.status == OpenStatus::error);
  CHECK(opened.detail == "the libsmbclient worker process ended unexpectedly");
  CHECK(std::chrono::steady_clock::now() - asked < 2s); // not a wait for the deadline
  const OpenResult again = session->open("ADMIN$", "", "system.ini");
  CHECK(again.status == OpenStatus::error);
  CHECK(again.detail == opened.detail);

  auto next = make_smbclient_session(pool, resolver, target, test::settings_for(10s), true);
  const OpenResult fresh = next->open("ADMIN$", "", "win.ini");
  CHECK(fresh.status == OpenStatus::unreachable);
  CHECK(fresh.detail.rfind("\\\\127.0.0.1: Connection refused", 0) == 0);
}

#endif
