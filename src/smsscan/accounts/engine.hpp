// The account query engine: asks every target's machine about the accounts
// with --jobs threads, shares one LogonGuard between them exactly as the
// scan does (each machine holds it until its logon is answered; after
// --max-auth-failures refused logons the remaining machines are skipped),
// and hands each machine's result to an AccountSink in target order
// (util/ordered_jobs.hpp).
#pragma once

#include "smsscan/accounts/model.hpp"
#include "smsscan/accounts/source.hpp"
#include "smsscan/accounts/summary.hpp"
#include "smsscan/scan/logon_guard.hpp"
#include "smsscan/target/credentials.hpp"
#include "smsscan/target/target.hpp"

#include <atomic>
#include <chrono>
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace smsscan::accounts {

struct QueryOptions
{
  std::vector<std::string> accounts;        // asked of every machine
  unsigned jobs = 16;                       // machines queried at once
  std::chrono::milliseconds timeout{30000}; // per machine
  int max_auth_failures = 3;
  const target::Credentials* credentials = nullptr; // null: anonymous (no guard)
  const std::atomic<bool>* cancelled = nullptr;
};

// Receives results in target order, one call at a time.
class AccountSink
{
public:
  virtual ~AccountSink() = default;
  virtual void machine_done(const MachineAccounts& machine) = 0;
};

// Called under the engine's lock after each machine: (finished, total).
using QueryProgress = std::function<void(std::size_t, std::size_t)>;

// Queries one machine: a target that is no SMB host is an error; with a
// guard, the machine waits for it and is skipped once it is retired.
MachineAccounts query_machine(const target::Target& target, AccountSource& source, const QueryOptions& options,
                              scan::LogonGuard* guard);

QuerySummary run_account_query(const std::vector<target::Target>& targets, AccountSource& source,
                               const QueryOptions& options, AccountSink& sink, const QueryProgress& progress);

} // namespace smsscan::accounts
