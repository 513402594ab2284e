// Helpers shared by the account query's unit tests: a machine's result as
// the engine would hand it on.
#pragma once

#include "smsscan/accounts/model.hpp"
#include "smsscan/target/target.hpp"

#include <optional>
#include <string>
#include <vector>

namespace smsscan::test {

inline target::Target host_target(const std::string& host)
{
  target::Target target;
  target.text = host;
  target.kind = target::Target::Kind::smb;
  target.host = host;
  return target;
}

// A queried machine with a policy (threshold; none = unknown) and accounts
// in the given states.
inline accounts::MachineAccounts queried_machine(const target::Target& target, std::optional<std::uint32_t> threshold,
                                                 const std::vector<accounts::AccountState>& states)
{
  accounts::MachineAccounts machine;
  machine.target = &target;
  machine.status = accounts::MachineStatus::queried;
  if (threshold) {
    machine.policy = accounts::LockoutPolicy{*threshold, 1800, 1800};
  }
  const std::vector<std::string> names = {"SMSCliToknAcct&", "SMSCliSvcAcct&", "SMS&_SITE"};
  for (std::size_t i = 0; i < states.size(); ++i) {
    accounts::AccountInfo account;
    account.name = names.at(i);
    account.state = states[i];
    if (states[i] != accounts::AccountState::missing && states[i] != accounts::AccountState::unknown) {
      account.bad_password_count = states[i] == accounts::AccountState::locked ? 3u : 0u;
    }
    machine.accounts.push_back(account);
  }
  machine.queried_at = 946684800;
  return machine;
}

inline accounts::MachineAccounts failed_machine(const target::Target& target, accounts::MachineStatus status,
                                                const std::string& why, std::size_t account_count = 2)
{
  accounts::MachineAccounts machine = queried_machine(
    target, std::nullopt, std::vector<accounts::AccountState>(account_count, accounts::AccountState::unknown));
  machine.status = status;
  machine.errors.push_back(why);
  return machine;
}

} // namespace smsscan::test
