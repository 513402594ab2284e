#include "smsscan/accounts/protocol.hpp"

namespace smsscan::accounts {

namespace {

// Bounds a decoder checks before it trusts a count from the message.
constexpr std::uint32_t k_max_accounts = 4096;

template <typename T>
void optional_u32(worker::Writer& out, const std::optional<T>& value)
{
  out.boolean(value.has_value());
  out.u32(value ? static_cast<std::uint32_t>(*value) : 0);
}

} // namespace

worker::Writer encode(const QueryRequest& request)
{
  worker::Writer out;
  out.u8(k_query_op);
  out.str(request.host);
  out.str(request.address);
  out.str(request.tried);
  out.u32(request.port);
  out.boolean(request.ntlmv1);
  out.boolean(request.has_credentials);
  out.str(request.domain);
  out.str(request.user);
  out.str(request.password);
  out.u32(static_cast<std::uint32_t>(request.accounts.size()));
  for (const std::string& name : request.accounts) {
    out.str(name);
  }
  return out;
}

bool decode(worker::Reader& in, QueryRequest& request)
{
  request.host = in.str();
  request.address = in.str();
  request.tried = in.str();
  const std::uint32_t port = in.u32();
  request.port = static_cast<std::uint16_t>(port);
  request.ntlmv1 = in.boolean();
  request.has_credentials = in.boolean();
  request.domain = in.str();
  request.user = in.str();
  request.password = in.str();
  const std::uint32_t count = in.u32();
  if (!in.ok() || port > 0xffff || count > k_max_accounts) {
    return false;
  }
  request.accounts.clear();
  for (std::uint32_t i = 0; i < count && in.ok(); ++i) {
    request.accounts.push_back(in.str());
  }
  return in.done();
}

void encode(worker::Writer& out, const QueryReply& reply)
{
  out.u8(static_cast<std::uint8_t>(reply.status));
  out.u8(static_cast<std::uint8_t>(reply.logon));
  out.str(reply.detail);
  out.boolean(reply.policy.has_value());
  const LockoutPolicy policy = reply.policy.value_or(LockoutPolicy{});
  out.u32(policy.threshold);
  out.u32(policy.duration_seconds);
  out.u32(policy.window_seconds);
  out.str(reply.policy_error);
  out.u32(static_cast<std::uint32_t>(reply.accounts.size()));
  for (const AccountInfo& account : reply.accounts) {
    out.str(account.name);
    out.u8(static_cast<std::uint8_t>(account.state));
    optional_u32(out, account.bad_password_count);
    out.boolean(account.last_logon.has_value());
    out.i64(account.last_logon.value_or(0));
    out.str(account.error);
  }
}

bool decode(worker::Reader& in, QueryReply& reply)
{
  const std::uint8_t status = in.u8();
  const std::uint8_t logon = in.u8();
  reply.detail = in.str();
  const bool has_policy = in.boolean();
  LockoutPolicy policy;
  policy.threshold = in.u32();
  policy.duration_seconds = in.u32();
  policy.window_seconds = in.u32();
  reply.policy = has_policy ? std::optional<LockoutPolicy>(policy) : std::nullopt;
  reply.policy_error = in.str();
  const std::uint32_t count = in.u32();
  if (!in.ok() || status >= k_machine_status_count || logon > static_cast<std::uint8_t>(LogonResult::not_attempted) ||
      count > k_max_accounts) {
    return false;
  }
  reply.status = static_cast<MachineStatus>(status);
  reply.logon = static_cast<LogonResult>(logon);
  reply.accounts.clear();
  for (std::uint32_t i = 0; i < count && in.ok(); ++i) {
    AccountInfo account;
    account.name = in.str();
    const std::uint8_t state = in.u8();
    const bool has_bad = in.boolean();
    const std::uint32_t bad = in.u32();
    const bool has_logon = in.boolean();
    const std::int64_t last = in.i64();
    account.error = in.str();
    if (state > static_cast<std::uint8_t>(AccountState::unknown)) {
      return false;
    }
    account.state = static_cast<AccountState>(state);
    account.bad_password_count = has_bad ? std::optional<std::uint32_t>(bad) : std::nullopt;
    account.last_logon = has_logon ? std::optional<std::int64_t>(last) : std::nullopt;
    reply.accounts.push_back(std::move(account));
  }
  return in.done();
}

} // namespace smsscan::accounts
