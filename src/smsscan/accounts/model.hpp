// What `smsscan accounts` finds on a machine: the state of each account the
// manifest names (the accounts an SMS 2.0 client before SP1 locks out, see
// KB Q231399), its bad-password count and last logon where the server gives
// them, and the machine's account lockout policy (threshold 0 = lockout
// disabled: the article's workaround). Pure values; no library.
#pragma once

#include "smsscan/target/target.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace smsscan::accounts {

// An account's state. unknown: the machine was not queried, or this
// account's query failed (AccountInfo::error says why).
enum class AccountState { locked, active, disabled, missing, unknown };

std::string_view state_name(AccountState state); // "locked", ..., "" for unknown

// The usri3_flags bits that decide the state (lmaccess.h).
inline constexpr std::uint32_t k_uf_accountdisable = 0x0002;
inline constexpr std::uint32_t k_uf_lockout = 0x0010;

// locked when UF_LOCKOUT is set (even on a disabled account: the lockout is
// the article's symptom), else disabled when UF_ACCOUNTDISABLE is, else active.
AccountState state_from_flags(std::uint32_t flags);

struct AccountInfo
{
  std::string name; // as the manifest or --account spells it
  AccountState state = AccountState::unknown;
  std::optional<std::uint32_t> bad_password_count;
  std::optional<std::int64_t> last_logon; // Unix seconds; none: never, or not given
  std::string error;                      // why the state is unknown
};

// The lockout duration that means "until an administrator unlocks it".
inline constexpr std::uint32_t k_lockout_forever = 0xFFFFFFFF;

struct LockoutPolicy
{
  std::uint32_t threshold = 0;        // bad passwords before lockout; 0 = never locked out
  std::uint32_t duration_seconds = 0; // k_lockout_forever: until unlocked by hand
  std::uint32_t window_seconds = 0;   // observation window for the bad-password count
};

// A machine's outcome, as in `scan`: queried, or why not (wholly or in part).
enum class MachineStatus { queried, unreachable, auth_failed, access_denied, skipped, error };

inline constexpr std::array<MachineStatus, 6> k_machine_statuses = {
  MachineStatus::queried,       MachineStatus::unreachable, MachineStatus::auth_failed,
  MachineStatus::access_denied, MachineStatus::skipped,     MachineStatus::error};
inline constexpr std::size_t k_machine_status_count = k_machine_statuses.size();

std::string_view status_name(MachineStatus status); // "queried", "auth-failed", ...

// The worse of two outcomes for one machine: what could not be read
// outranks what could (queried < access-denied < error < the rest).
MachineStatus worse(MachineStatus a, MachineStatus b);

struct MachineAccounts
{
  std::size_t index = 0;
  const target::Target* target = nullptr;
  MachineStatus status = MachineStatus::error;
  std::optional<LockoutPolicy> policy;
  std::string policy_error;          // why the policy is unknown although the machine answered
  std::vector<AccountInfo> accounts; // one per account asked for, in that order
  std::vector<std::string> errors;   // machine-level problems
  std::int64_t queried_at = 0;       // Unix seconds when the machine finished
};

// The accounts every machine is asked about: the manifest's, then the
// --account names, each once (names compare case-insensitively, as Windows
// compares account names). Empty names are left out.
std::vector<std::string> accounts_to_query(const std::vector<std::string>& from_manifest,
                                           const std::vector<std::string>& from_options);

// Why name cannot be a Windows account name (empty, longer than 20
// characters, control characters or one of " / \ [ ] : ; | = , + * ? < >),
// or "" when it can.
std::string account_name_problem(std::string_view name);

} // namespace smsscan::accounts
