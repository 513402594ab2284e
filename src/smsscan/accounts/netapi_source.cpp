#include "smsscan/accounts/netapi_source.hpp"

#include "smsscan/accounts/netapi_handler.hpp"
#include "smsscan/util/text.hpp"
#include "smsscan/worker/channel.hpp"
#include "smsscan/worker/pool.hpp"

namespace smsscan::accounts {

namespace {

using worker::Channel;

// Past the machine's deadline, before a busy worker is killed.
constexpr auto k_worker_grace = std::chrono::seconds(2);

QueryReply failed(const std::vector<std::string>& accounts, MachineStatus status, std::string detail)
{
  QueryReply reply;
  reply.status = status;
  reply.detail = std::move(detail);
  for (const std::string& name : accounts) {
    reply.accounts.push_back(AccountInfo{name, AccountState::unknown, {}, {}, {}});
  }
  return reply;
}

class NetapiSource : public AccountSource
{
public:
  explicit NetapiSource(const transport::RemoteOptions& reach)
      : m_pool({"libnetapi", make_netapi_handler}), m_resolver(reach.resolver), m_ntlmv1(reach.ntlmv1)
  {
  }

  QueryReply query(const target::Target& target, const std::vector<std::string>& accounts,
                   const QuerySettings& settings) override
  {
    worker::ChannelLimits limits;
    limits.hard_deadline = settings.deadline + k_worker_grace;
    limits.release_wait = std::min<std::chrono::milliseconds>(settings.timeout, std::chrono::seconds(5));
    limits.cancelled = settings.cancelled;
    Channel channel(m_pool, limits);
    std::string problem;
    if (!channel.open(problem)) {
      return failed(accounts, MachineStatus::error, problem);
    }
    QueryRequest request;
    request.host = target.host;
    request.port = target.port;
    request.ntlmv1 = m_ntlmv1;
    request.accounts = accounts;
    // NetBIOS names are looked up here, as the scan's transport does; the
    // worker asks the system resolver for anything else.
    if (m_resolver.netbios_enabled() && transport::host_kind(target.host) == transport::HostKind::netbios) {
      const transport::NetbiosLookup lookup =
        m_resolver.lookup_netbios(target.host, settings.deadline, settings.cancelled);
      if (lookup.found) {
        request.address = lookup.found->address;
      } else {
        request.tried = lookup.tried;
      }
    }
    // The NetBIOS lookup may have used up the machine's time: no logon is
    // begun after Ctrl-C or the deadline.
    if (settings.cancelled && settings.cancelled->load()) {
      return failed(accounts, MachineStatus::error, "interrupted");
    }
    if (std::chrono::steady_clock::now() >= settings.deadline) {
      return failed(accounts, MachineStatus::unreachable, util::timed_out_message(settings.timeout));
    }
    if (const target::Credentials* credentials = settings.credentials) {
      request.has_credentials = true;
      request.domain = credentials->domain;
      request.user = credentials->user;
      request.password = credentials->password;
    }
    worker::Writer message = encode(request);
    worker::wipe(request.password);
    std::vector<std::uint8_t> answer;
    const Channel::Wait waited = channel.call(message, answer);
    message.wipe();
    switch (waited) {
    case Channel::Wait::ok:
      break;
    case Channel::Wait::cancelled:
      return failed(accounts, MachineStatus::error, "interrupted");
    case Channel::Wait::timed_out:
      return failed(accounts, MachineStatus::unreachable, util::timed_out_message(settings.timeout));
    case Channel::Wait::broken:
      return failed(accounts, MachineStatus::error, "the libnetapi worker process ended unexpectedly");
    }
    worker::Reader in(answer);
    QueryReply reply;
    if (!decode(in, reply) || reply.accounts.size() != accounts.size()) {
      return failed(accounts, MachineStatus::error, "garbled answer from the libnetapi worker");
    }
    return reply;
  }

private:
  worker::WorkerPool m_pool;
  transport::NameResolver m_resolver;
  bool m_ntlmv1;
};

} // namespace

std::unique_ptr<AccountSource> make_netapi_source(const transport::RemoteOptions& reach)
{
  return std::make_unique<NetapiSource>(reach);
}

} // namespace smsscan::accounts
