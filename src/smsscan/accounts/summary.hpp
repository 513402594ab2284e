// The tally of an account query: how many machines were queried and how,
// where each account is locked out, and where account lockout is enabled.
// The summary sentence and the exit status are made from it.
#pragma once

#include "smsscan/accounts/model.hpp"

#include <array>
#include <cstddef>
#include <string>
#include <vector>

namespace smsscan::accounts {

struct QuerySummary
{
  std::vector<std::string> accounts;                        // asked for, in order
  std::size_t machines = 0;                                 // results handed to the sink
  std::size_t answered = 0;                                 // machines that gave a policy or an account state
  std::array<std::size_t, k_machine_status_count> counts{}; // by MachineStatus
  std::vector<std::size_t> locked_on;                       // per account: machines where it is locked
  std::size_t policy_known = 0;                             // machines whose lockout policy was read
  std::size_t lockout_enabled = 0;                          // of those, threshold above 0
  bool interrupted = false;
  bool credentials_retired = false;
  int auth_failures = 0;

  explicit QuerySummary(std::vector<std::string> names = {});
  // Counts one machine's result.
  void add(const MachineAccounts& machine);
  std::size_t count(MachineStatus status) const { return counts[static_cast<std::size_t>(status)]; }
  // Machines not (wholly) queried: every status but queried.
  std::size_t unqueried() const { return machines - count(MachineStatus::queried); }
  bool any_locked() const;
};

} // namespace smsscan::accounts
