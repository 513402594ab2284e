// The request the account query's scanner side sends its libnetapi worker
// (netapi_handler runs it) and the reply, over the worker component's codec.
// One request per machine: the worker connects, reads the lockout policy
// and every account, and answers once; the component's reset ends the
// session (libnetapi forgets the connection and the credentials).
#pragma once

#include "smsscan/accounts/model.hpp"
#include "smsscan/worker/codec.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace smsscan::accounts {

inline constexpr std::uint8_t k_query_op = 1;

struct QueryRequest
{
  std::string host;             // as the target gave it
  std::string address;          // found by the NetBIOS lookup; "" = resolve host in the worker
  std::string tried;            // what the NetBIOS lookup tried, when it found nothing
  std::uint16_t port = 0;       // 0 = the default
  bool ntlmv1 = false;          // --ntlmv1: NTLMv1 allowed
  bool has_credentials = false; // false: anonymous
  std::string domain;
  std::string user;
  std::string password;
  std::vector<std::string> accounts;
};

// How the machine's first logon went, for the logon guard.
enum class LogonResult : std::uint8_t { accepted, refused, not_attempted };

struct QueryReply
{
  MachineStatus status = MachineStatus::error;
  LogonResult logon = LogonResult::not_attempted;
  std::string detail; // machine-level problem, when status is not queried
  std::optional<LockoutPolicy> policy;
  std::string policy_error;
  std::vector<AccountInfo> accounts;
};

// The request with its op byte; decode reads what follows the op byte.
worker::Writer encode(const QueryRequest& request);
bool decode(worker::Reader& in, QueryRequest& request);
// Replies carry no op byte. decode is false for a short or garbled reply,
// or one holding values no worker writes.
void encode(worker::Writer& out, const QueryReply& reply);
bool decode(worker::Reader& in, QueryReply& reply);

} // namespace smsscan::accounts
