// Where the account query gets a machine's answers: an AccountSource queries
// one machine per call (thread-safe), so the engine has one code path. The
// libnetapi source (netapi_source.hpp) is the one real source; the engine's
// unit tests give it others.
#pragma once

#include "smsscan/accounts/protocol.hpp"
#include "smsscan/target/credentials.hpp"
#include "smsscan/target/target.hpp"
#include "smsscan/transport/remote_options.hpp"
#include "smsscan/util/expected.hpp"

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace smsscan::accounts {

struct QuerySettings
{
  const target::Credentials* credentials = nullptr; // null: anonymous
  std::chrono::milliseconds timeout{30000};         // the whole machine
  std::chrono::steady_clock::time_point deadline;   // the machine must be done by then
  const std::atomic<bool>* cancelled = nullptr;     // set on Ctrl-C
};

class AccountSource
{
public:
  virtual ~AccountSource() = default;
  // The machine's answers, with how its logon went; never throws.
  virtual QueryReply query(const target::Target& target, const std::vector<std::string>& accounts,
                           const QuerySettings& settings) = 0;
};

// The libnetapi source, or why this build has none, resolving names and
// choosing NTLM as reach says (the same --wins, --lmhosts and --ntlmv1 as
// `scan`). Create it before any thread starts: it forks the worker spawner.
util::Expected<std::unique_ptr<AccountSource>> make_account_source(const transport::RemoteOptions& reach);

} // namespace smsscan::accounts
