// Tests for accounts/summary.cpp: the tally behind the summary sentence and
// the exit status.
#include "smsscan/accounts/summary.hpp"

#include "accounts_support.hpp"

#include <doctest/doctest.h>

using namespace smsscan::accounts;
using smsscan::test::failed_machine;
using smsscan::test::host_target;
using smsscan::test::queried_machine;

TEST_CASE("account summary: where each account is locked and where lockout is enabled")
{
  const auto a = host_target("a");
  const auto b = host_target("b");
  const auto c = host_target("c");
  const auto d = host_target("d");
  QuerySummary summary({"SMSCliToknAcct&", "SMSCliSvcAcct&"});
  summary.add(queried_machine(a, 5, {AccountState::locked, AccountState::active}));
  summary.add(queried_machine(b, 0, {AccountState::locked, AccountState::locked}));
  summary.add(queried_machine(c, 3, {AccountState::disabled, AccountState::missing}));
  summary.add(failed_machine(d, MachineStatus::unreachable, "no connection"));
  CHECK(summary.machines == 4);
  CHECK(summary.answered == 3);
  CHECK(summary.locked_on == std::vector<std::size_t>{2, 1});
  CHECK(summary.policy_known == 3);
  CHECK(summary.lockout_enabled == 2);
  CHECK(summary.count(MachineStatus::queried) == 3);
  CHECK(summary.count(MachineStatus::unreachable) == 1);
  CHECK(summary.unqueried() == 1);
  CHECK(summary.any_locked());
}

TEST_CASE("account summary: nothing locked")
{
  const auto a = host_target("a");
  QuerySummary summary({"SMSCliToknAcct&", "SMSCliSvcAcct&"});
  summary.add(queried_machine(a, 0, {AccountState::active, AccountState::disabled}));
  CHECK_FALSE(summary.any_locked());
  CHECK(summary.unqueried() == 0);
  CHECK(summary.lockout_enabled == 0);
}
