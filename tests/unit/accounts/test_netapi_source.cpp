// Tests for accounts/netapi_source.cpp: the scanner side of the account
// query, an AccountSource that sends each machine's request to a real forked
// libnetapi worker and waits until the machine's deadline, without a server:
// the request built from the target and the settings (a port libnetapi
// cannot use is refused before any connection, a name that cannot be
// resolved is unreachable), the deadline and Ctrl-C, a source that goes on
// after a worker was given up, and queries from several threads at once.
// Nothing here opens a connection: what needs a server runs in a private
// network namespace in tests/smb/test_accounts.py.
#ifdef SMSSCAN_TEST_HAVE_NETAPI

#include "smsscan/accounts/netapi_source.hpp"

#include "accounts/accounts_support.hpp"
#include "smsscan/util/text.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

using namespace smsscan;
using namespace smsscan::accounts;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

const std::vector<std::string> k_accounts = {"SMSCliToknAcct&", "SMSCliSvcAcct&", "SMS&_SITE"};

target::Credentials test_login()
{
  target::Credentials credentials;
  credentials.domain = "FLEET";
  credentials.user = "smsscan-test";
  credentials.password = "Sekrit-Pass-7731";
  return credentials;
}

QuerySettings settings_for(std::chrono::milliseconds timeout, const target::Credentials* login = nullptr,
                           const std::atomic<bool>* cancelled = nullptr)
{
  QuerySettings settings;
  settings.credentials = login;
  settings.timeout = timeout;
  settings.deadline = Clock::now() + timeout;
  settings.cancelled = cancelled;
  return settings;
}

target::Target target_for(const std::string& host, std::uint16_t port)
{
  target::Target target = test::host_target(host);
  target.port = port;
  target.text = host + ":" + std::to_string(port);
  return target;
}

std::string port_refusal(const std::string& host, std::uint16_t port)
{
  return "\\\\" + host + ": libnetapi connects on ports 445 and 139 only; port " + std::to_string(port) +
         " cannot be queried";
}

// No logon was made, and every account asked for is there, in order, unknown.
void check_nothing_learnt(const QueryReply& reply)
{
  CHECK(reply.logon == LogonResult::not_attempted);
  CHECK_FALSE(reply.policy.has_value());
  REQUIRE(reply.accounts.size() == k_accounts.size());
  for (std::size_t i = 0; i < k_accounts.size(); ++i) {
    CHECK(reply.accounts[i].name == k_accounts[i]);
    CHECK(reply.accounts[i].state == AccountState::unknown);
  }
}

} // namespace

TEST_CASE("netapi source: a port libnetapi cannot use is refused before any connection, with or without a logon")
{
  auto source = make_netapi_source({});
  const target::Credentials login = test_login();
  const auto started = Clock::now();
  QueryReply reply = source->query(target_for("cap01", 8445), k_accounts, settings_for(10s, &login));
  CHECK(reply.status == MachineStatus::error);
  CHECK(reply.detail == port_refusal("cap01", 8445));
  CHECK(reply.detail.find(login.password) == std::string::npos);
  check_nothing_learnt(reply);
  CHECK(Clock::now() - started < 5s);

  reply = source->query(target_for("127.0.0.1", 1), k_accounts, settings_for(10s));
  CHECK(reply.status == MachineStatus::error);
  CHECK(reply.detail == port_refusal("127.0.0.1", 1));
  check_nothing_learnt(reply);
}

TEST_CASE("netapi source: a name that cannot be resolved is unreachable, and no logon is counted")
{
  auto source = make_netapi_source({});
  const target::Credentials login = test_login();
  // An empty label: the system resolver refuses it without a DNS query.
  const QueryReply reply = source->query(test::host_target("no-such..host"), k_accounts, settings_for(10s, &login));
  CHECK(reply.status == MachineStatus::unreachable);
  CHECK(reply.detail.rfind("cannot resolve no-such..host: ", 0) == 0);
  check_nothing_learnt(reply);
}

TEST_CASE("netapi source: the machine's deadline and Ctrl-C end the wait, and the source serves the next machine")
{
  auto source = make_netapi_source({});
  const target::Target target = target_for("cap01", 8445);

  // Past the deadline and its grace: the worker is not waited for.
  QuerySettings late = settings_for(1500ms);
  late.deadline = Clock::now() - 3s;
  auto started = Clock::now();
  QueryReply reply = source->query(target, k_accounts, late);
  CHECK(reply.status == MachineStatus::unreachable);
  CHECK(reply.detail == util::timed_out_message(1500ms));
  check_nothing_learnt(reply);
  CHECK(Clock::now() - started < 1s);

  // Past the deadline but within the grace: no request is sent at all, so
  // the worker's answer (here the port's refusal) never comes back.
  late.deadline = Clock::now() - 1ms;
  reply = source->query(target, k_accounts, late);
  CHECK(reply.status == MachineStatus::unreachable);
  CHECK(reply.detail == util::timed_out_message(1500ms));
  check_nothing_learnt(reply);

  const std::atomic<bool> cancelled{true};
  started = Clock::now();
  reply = source->query(target, k_accounts, settings_for(10s, nullptr, &cancelled));
  CHECK(reply.status == MachineStatus::error);
  CHECK(reply.detail == "interrupted");
  check_nothing_learnt(reply);
  CHECK(Clock::now() - started < 1s);

  // The workers given up are replaced: the next machine gets its answer.
  reply = source->query(target, k_accounts, settings_for(10s));
  CHECK(reply.status == MachineStatus::error);
  CHECK(reply.detail == port_refusal("cap01", 8445));
}

TEST_CASE("netapi source: queries from several threads at once each get their own machine's answer")
{
  auto source = make_netapi_source({});
  constexpr std::size_t k_threads = 4;
  std::vector<target::Target> targets;
  for (std::size_t i = 0; i < k_threads; ++i) {
    targets.push_back(target_for("cap0" + std::to_string(i), static_cast<std::uint16_t>(8440 + i)));
  }
  // Each thread asks three times; every answer must be its own machine's.
  std::vector<std::vector<QueryReply>> replies(k_threads);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < k_threads; ++i) {
    threads.emplace_back([&, i] {
      for (int round = 0; round < 3; ++round) {
        replies[i].push_back(source->query(targets[i], k_accounts, settings_for(10s)));
      }
    });
  }
  for (std::thread& thread : threads) {
    thread.join();
  }
  for (std::size_t i = 0; i < k_threads; ++i) {
    CAPTURE(i);
    REQUIRE(replies[i].size() == 3);
    for (const QueryReply& reply : replies[i]) {
      CHECK(reply.status == MachineStatus::error);
      CHECK(reply.detail == port_refusal(targets[i].host, targets[i].port));
      check_nothing_learnt(reply);
    }
  }
}

#endif
