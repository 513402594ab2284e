// Tests for accounts/engine.cpp: results in target order, the logon guard
// shared as in `scan` (a refused logon is tried on --max-auth-failures
// machines, no more, however many run at once), machine images refused,
// and the tally. The sources here answer like libnetapi would, without a
// server (the SMB suite runs the real one: tests/smb/test_accounts.py).
#include "smsscan/accounts/engine.hpp"

#include "accounts_support.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <set>
#include <thread>

using namespace smsscan::accounts;
using smsscan::target::Credentials;
using smsscan::target::Target;
using smsscan::test::host_target;

namespace {

// Answers from a table by host: refused hosts refuse the logon, others
// give their policy and every account active (or locked, for "locked-*").
class TableSource : public AccountSource
{
public:
  QueryReply query(const Target& target, const std::vector<std::string>& accounts,
                   const QuerySettings& settings) override
  {
    {
      std::lock_guard<std::mutex> lock(m_mutex);
      m_asked.insert(target.host);
      CHECK(settings.deadline > std::chrono::steady_clock::now());
      m_with_credentials = settings.credentials != nullptr;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(target.host.size() % 3));
    QueryReply reply;
    if (m_refuse_all || target.host.rfind("refuse", 0) == 0) {
      reply.status = MachineStatus::auth_failed;
      reply.logon = LogonResult::refused;
      reply.detail = "\\\\" + target.host + ": the logon (session setup) was refused: NT_STATUS_LOGON_FAILURE";
      for (const std::string& name : accounts) {
        reply.accounts.push_back(AccountInfo{name, AccountState::unknown, {}, {}, {}});
      }
      return reply;
    }
    reply.status = MachineStatus::queried;
    reply.logon = LogonResult::accepted;
    reply.policy = LockoutPolicy{target.host.rfind("open", 0) == 0 ? 0u : 3u, 1800, 1800};
    const bool locked = target.host.rfind("locked", 0) == 0;
    for (const std::string& name : accounts) {
      reply.accounts.push_back(AccountInfo{name, locked ? AccountState::locked : AccountState::active, 0u, {}, {}});
    }
    return reply;
  }

  std::set<std::string> asked()
  {
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_asked;
  }

  bool m_refuse_all = false;
  bool m_with_credentials = false;

private:
  std::mutex m_mutex;
  std::set<std::string> m_asked;
};

class Collect : public AccountSink
{
public:
  void machine_done(const MachineAccounts& machine) override { machines.push_back(machine); }
  std::vector<MachineAccounts> machines;
};

QueryOptions options_with(const Credentials* credentials, unsigned jobs)
{
  QueryOptions options;
  options.accounts = {"SMSCliToknAcct&", "SMSCliSvcAcct&"};
  options.jobs = jobs;
  options.timeout = std::chrono::seconds(5);
  options.credentials = credentials;
  return options;
}

} // namespace

TEST_CASE("account engine: results in target order and the tally")
{
  std::vector<Target> targets;
  for (const char* host : {"locked-a", "site-b", "open-c", "site-dd", "locked-eee", "site-f"}) {
    targets.push_back(host_target(host));
  }
  const Credentials credentials{"CORP", "admin", "pw"};
  TableSource source;
  Collect sink;
  std::size_t last_done = 0;
  const QuerySummary summary = run_account_query(targets, source, options_with(&credentials, 4), sink,
                                                 [&](std::size_t done, std::size_t) { last_done = done; });
  REQUIRE(sink.machines.size() == targets.size());
  for (std::size_t i = 0; i < targets.size(); ++i) {
    CHECK(sink.machines[i].target == &targets[i]);
    CHECK(sink.machines[i].index == i);
    CHECK(sink.machines[i].queried_at > 0);
  }
  CHECK(last_done == targets.size());
  CHECK(source.m_with_credentials);
  CHECK(summary.locked_on == std::vector<std::size_t>{2, 2});
  CHECK(summary.lockout_enabled == 5);
  CHECK(summary.unqueried() == 0);
  CHECK_FALSE(summary.credentials_retired);
}

TEST_CASE("account engine: refused credentials are tried on three machines, however many run at once")
{
  std::vector<Target> targets;
  for (int i = 0; i < 20; ++i) {
    targets.push_back(host_target("refuse-" + std::to_string(i)));
  }
  const Credentials credentials{"", "admin", "wrong"};
  TableSource source;
  Collect sink;
  QueryOptions options = options_with(&credentials, 16);
  const QuerySummary summary = run_account_query(targets, source, options, sink, {});
  CHECK(source.asked().size() == 3);
  CHECK(summary.count(MachineStatus::auth_failed) == 3);
  CHECK(summary.count(MachineStatus::skipped) == 17);
  CHECK(summary.credentials_retired);
  CHECK(summary.auth_failures == 3);
  for (const MachineAccounts& machine : sink.machines) {
    REQUIRE(machine.accounts.size() == 2);
    CHECK(machine.accounts[0].state == AccountState::unknown);
    if (machine.status == MachineStatus::skipped) {
      CHECK(machine.errors.at(0).find("stopped using them") != std::string::npos);
    }
  }
}

TEST_CASE("account engine: a good logon lets the rest run; anonymous queries have no guard")
{
  std::vector<Target> targets = {host_target("site-a"), host_target("refuse-1"), host_target("refuse-2"),
                                 host_target("site-b"), host_target("refuse-3"), host_target("refuse-4")};
  const Credentials credentials{"", "admin", "pw"};
  TableSource source;
  Collect sink;
  const QuerySummary summary = run_account_query(targets, source, options_with(&credentials, 1), sink, {});
  // One at a time: site-a, then three refusals retire the credentials.
  CHECK(summary.count(MachineStatus::queried) == 2);
  CHECK(summary.count(MachineStatus::auth_failed) == 3);
  CHECK(summary.count(MachineStatus::skipped) == 1);
  CHECK(sink.machines.back().status == MachineStatus::skipped);

  TableSource anonymous;
  anonymous.m_refuse_all = true;
  Collect all;
  const QuerySummary open = run_account_query(targets, anonymous, options_with(nullptr, 4), all, {});
  CHECK(anonymous.asked().size() == targets.size());
  CHECK_FALSE(anonymous.m_with_credentials);
  CHECK(open.count(MachineStatus::auth_failed) == targets.size());
  CHECK_FALSE(open.credentials_retired);
}

TEST_CASE("account engine: a machine image is not queried")
{
  Target image;
  image.text = "./images/pc01";
  image.kind = Target::Kind::local;
  TableSource source;
  const MachineAccounts machine = query_machine(image, source, options_with(nullptr, 1), nullptr);
  CHECK(machine.status == MachineStatus::error);
  CHECK(source.asked().empty());
  CHECK(machine.accounts.size() == 2);
}

TEST_CASE("account engine: Ctrl-C stops handing results on")
{
  std::vector<Target> targets;
  for (int i = 0; i < 200; ++i) {
    targets.push_back(host_target("site-" + std::to_string(i)));
  }
  std::atomic<bool> cancelled{true};
  TableSource source;
  Collect sink;
  QueryOptions options = options_with(nullptr, 4);
  options.cancelled = &cancelled;
  const QuerySummary summary = run_account_query(targets, source, options, sink, {});
  CHECK(summary.interrupted);
  CHECK(sink.machines.empty());
}
