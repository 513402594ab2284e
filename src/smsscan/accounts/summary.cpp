#include "smsscan/accounts/summary.hpp"

#include <algorithm>

namespace smsscan::accounts {

QuerySummary::QuerySummary(std::vector<std::string> names) : accounts(std::move(names)), locked_on(accounts.size(), 0)
{
}

void QuerySummary::add(const MachineAccounts& machine)
{
  ++machines;
  ++counts[static_cast<std::size_t>(machine.status)];
  const bool any_state = std::any_of(machine.accounts.begin(), machine.accounts.end(),
                                     [](const AccountInfo& account) { return account.state != AccountState::unknown; });
  if (machine.policy || any_state) {
    ++answered;
  }
  if (machine.policy) {
    ++policy_known;
    if (machine.policy->threshold > 0) {
      ++lockout_enabled;
    }
  }
  // Accounts are reported in the order asked for; match by position, and
  // by name should a result ever carry fewer.
  for (std::size_t i = 0; i < machine.accounts.size(); ++i) {
    if (machine.accounts[i].state != AccountState::locked) {
      continue;
    }
    std::size_t slot = i;
    if (slot >= accounts.size() || accounts[slot] != machine.accounts[i].name) {
      slot = static_cast<std::size_t>(std::find(accounts.begin(), accounts.end(), machine.accounts[i].name) -
                                      accounts.begin());
    }
    if (slot < locked_on.size()) {
      ++locked_on[slot];
    }
  }
}

bool QuerySummary::any_locked() const
{
  return std::any_of(locked_on.begin(), locked_on.end(), [](std::size_t n) { return n > 0; });
}

} // namespace smsscan::accounts
