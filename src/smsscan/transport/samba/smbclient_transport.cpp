#include "smsscan/transport/samba/smbclient_transport.hpp"

#include "smsscan/transport/samba/smbclient_handler.hpp"
#include "smsscan/transport/samba/smbclient_session.hpp"
#include "smsscan/worker/pool.hpp"

namespace smsscan::transport {

namespace {

samba::SmbclientOptions handler_options(const RemoteOptions& options)
{
  samba::SmbclientOptions handler;
  handler.ntlmv1 = options.ntlmv1;
  handler.inspector = options.inspector;
  return handler;
}

class SmbclientTransport : public Transport
{
public:
  // The pool forks its helper here: the handler options (and the inspector
  // in them) are what every worker gets, copied by the fork.
  explicit SmbclientTransport(const RemoteOptions& options)
      : m_resolver(options.resolver), m_inspecting(options.inspector != nullptr),
        m_pool(
          {"libsmbclient", [handler = handler_options(options)] { return samba::make_smbclient_handler(handler); }})
  {
  }

  std::string_view name() const override { return "smbclient"; }

  std::unique_ptr<MachineSession> start(const target::Target& target, const SessionSettings& settings) override
  {
    return samba::make_smbclient_session(m_pool, m_resolver, target, settings, m_inspecting);
  }

private:
  NameResolver m_resolver;
  bool m_inspecting;
  worker::WorkerPool m_pool;
};

} // namespace

std::unique_ptr<Transport> make_smbclient_transport(const RemoteOptions& options)
{
  return std::make_unique<SmbclientTransport>(options);
}

} // namespace smsscan::transport
