#include "smsscan/transport/samba/smbclient_transport.hpp"

#include "smsscan/transport/samba/smbclient_handler.hpp"
#include "smsscan/transport/samba/smbclient_session.hpp"
#include "smsscan/worker/pool.hpp"

namespace smsscan::transport {

namespace {

class SmbclientTransport : public Transport
{
public:
  explicit SmbclientTransport(const RemoteOptions& options)
      : m_resolver(options.resolver), m_pool({"libsmbclient", [handler = samba::SmbclientOptions{options.ntlmv1}] {
                                                return samba::make_smbclient_handler(handler);
                                              }})
  {
  }

  std::string_view name() const override { return "smbclient"; }

  std::unique_ptr<MachineSession> start(const target::Target& target, const SessionSettings& settings) override
  {
    return samba::make_smbclient_session(m_pool, m_resolver, target, settings);
  }

private:
  NameResolver m_resolver;
  worker::WorkerPool m_pool;
};

} // namespace

std::unique_ptr<Transport> make_smbclient_transport(const RemoteOptions& options)
{
  return std::make_unique<SmbclientTransport>(options);
}

} // namespace smsscan::transport
