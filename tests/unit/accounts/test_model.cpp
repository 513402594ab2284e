// Tests for accounts/model.cpp: the state from usri3_flags, the names of
// states and statuses, the account list and the account-name rules.
#include "smsscan/accounts/model.hpp"

#include <doctest/doctest.h>

using namespace smsscan::accounts;

TEST_CASE("accounts: the state comes from UF_LOCKOUT and UF_ACCOUNTDISABLE")
{
  CHECK(state_from_flags(0x0201) == AccountState::active);   // UF_NORMAL_ACCOUNT | UF_SCRIPT
  CHECK(state_from_flags(0x0211) == AccountState::locked);   // + UF_LOCKOUT
  CHECK(state_from_flags(0x0203) == AccountState::disabled); // + UF_ACCOUNTDISABLE
  // A disabled account that is also locked out shows the article's symptom.
  CHECK(state_from_flags(0x0213) == AccountState::locked);
  CHECK(state_from_flags(0) == AccountState::active);
  CHECK(state_from_flags(0xffffffef) == AccountState::disabled); // every bit but UF_LOCKOUT
}

TEST_CASE("accounts: names of states and machine statuses")
{
  CHECK(state_name(AccountState::locked) == "locked");
  CHECK(state_name(AccountState::active) == "active");
  CHECK(state_name(AccountState::disabled) == "disabled");
  CHECK(state_name(AccountState::missing) == "missing");
  CHECK(state_name(AccountState::unknown) == "");
  CHECK(status_name(MachineStatus::queried) == "queried");
  CHECK(status_name(MachineStatus::auth_failed) == "auth-failed");
  CHECK(status_name(MachineStatus::access_denied) == "access-denied");
  CHECK(status_name(MachineStatus::unreachable) == "unreachable");
  CHECK(status_name(MachineStatus::skipped) == "skipped");
  CHECK(status_name(MachineStatus::error) == "error");
}

TEST_CASE("accounts: what could not be read outranks what could")
{
  CHECK(worse(MachineStatus::queried, MachineStatus::access_denied) == MachineStatus::access_denied);
  CHECK(worse(MachineStatus::access_denied, MachineStatus::queried) == MachineStatus::access_denied);
  CHECK(worse(MachineStatus::access_denied, MachineStatus::error) == MachineStatus::error);
  CHECK(worse(MachineStatus::error, MachineStatus::unreachable) == MachineStatus::unreachable);
  CHECK(worse(MachineStatus::auth_failed, MachineStatus::error) == MachineStatus::auth_failed);
}

TEST_CASE("accounts: the manifest's accounts, then --account's, each once")
{
  const auto names = accounts_to_query({"SMSCliToknAcct&", "SMSCliSvcAcct&"}, {"smsclitoknacct&", "SMS&_SITE1", ""});
  CHECK(names == std::vector<std::string>{"SMSCliToknAcct&", "SMSCliSvcAcct&", "SMS&_SITE1"});
  CHECK(accounts_to_query({}, {}).empty());
}

TEST_CASE("accounts: Windows account-name rules")
{
  CHECK(account_name_problem("SMSCliToknAcct&").empty());
  CHECK(account_name_problem("SMS&_SERVER01").empty());
  CHECK(account_name_problem("Zoë").empty());
  CHECK(account_name_problem("12345678901234567890").empty());
  CHECK_FALSE(account_name_problem("123456789012345678901").empty());
  CHECK_FALSE(account_name_problem("").empty());
  CHECK_FALSE(account_name_problem("CORP\\user").empty());
  CHECK_FALSE(account_name_problem("a,b").empty());
  CHECK_FALSE(account_name_problem("tab\there").empty());
  CHECK_FALSE(account_name_problem("bad\xff").empty());
}
