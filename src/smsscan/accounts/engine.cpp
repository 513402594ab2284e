#include "smsscan/accounts/engine.hpp"

#include "smsscan/util/ordered_jobs.hpp"

#include <ctime>
#include <memory>

namespace smsscan::accounts {

namespace {

using scan::LogonGuard;

std::int64_t unix_now()
{
  return static_cast<std::int64_t>(std::time(nullptr));
}

MachineAccounts unqueried(const target::Target& target, const std::vector<std::string>& accounts, MachineStatus status,
                          std::string reason)
{
  MachineAccounts machine;
  machine.target = &target;
  machine.status = status;
  machine.errors.push_back(std::move(reason));
  for (const std::string& name : accounts) {
    machine.accounts.push_back(AccountInfo{name, AccountState::unknown, {}, {}, {}});
  }
  machine.queried_at = unix_now();
  return machine;
}

LogonGuard::Outcome guard_outcome(LogonResult logon)
{
  switch (logon) {
  case LogonResult::accepted:
    return LogonGuard::Outcome::accepted;
  case LogonResult::refused:
    return LogonGuard::Outcome::refused;
  case LogonResult::not_attempted:
    break;
  }
  return LogonGuard::Outcome::not_attempted;
}

} // namespace

MachineAccounts query_machine(const target::Target& target, AccountSource& source, const QueryOptions& options,
                              LogonGuard* guard)
{
  if (target.kind != target::Target::Kind::smb) {
    return unqueried(target, options.accounts, MachineStatus::error,
                     "a machine image has no account database to query; give the machine's host name or address");
  }
  if (guard != nullptr && !guard->acquire()) {
    return unqueried(target, options.accounts, MachineStatus::skipped,
                     "not queried: the credentials were refused by " + std::to_string(guard->failures()) +
                       " machines; stopped using them to avoid locking the account out");
  }
  // The machine's time starts once it may log on, not while it waits for the guard.
  QuerySettings settings;
  settings.credentials = options.credentials;
  settings.timeout = options.timeout;
  settings.deadline = std::chrono::steady_clock::now() + options.timeout;
  settings.cancelled = options.cancelled;
  QueryReply reply = source.query(target, options.accounts, settings);
  if (guard != nullptr) {
    guard->release(guard_outcome(reply.logon));
  }
  MachineAccounts machine;
  machine.target = &target;
  machine.status = reply.status;
  machine.policy = reply.policy;
  machine.policy_error = std::move(reply.policy_error);
  machine.accounts = std::move(reply.accounts);
  if (!reply.detail.empty()) {
    machine.errors.push_back(std::move(reply.detail));
  }
  machine.queried_at = unix_now();
  return machine;
}

QuerySummary run_account_query(const std::vector<target::Target>& targets, AccountSource& source,
                               const QueryOptions& options, AccountSink& sink, const QueryProgress& progress)
{
  QuerySummary summary(options.accounts);
  std::unique_ptr<LogonGuard> guard;
  if (options.credentials != nullptr) {
    guard = std::make_unique<LogonGuard>(options.max_auth_failures);
  }
  const auto query_one = [&](std::size_t index) {
    MachineAccounts machine = query_machine(targets[index], source, options, guard.get());
    machine.index = index;
    return machine;
  };
  const auto deliver = [&](const MachineAccounts& machine) {
    sink.machine_done(machine);
    summary.add(machine);
  };
  const auto done = [&](std::size_t finished, std::size_t total) {
    if (progress) {
      progress(finished, total);
    }
  };
  util::run_ordered_jobs({targets.size(), options.jobs, options.cancelled}, query_one, deliver, done);
  summary.interrupted = options.cancelled != nullptr && options.cancelled->load();
  if (guard) {
    summary.auth_failures = guard->failures();
    summary.credentials_retired = guard->retired();
  }
  return summary;
}

} // namespace smsscan::accounts
