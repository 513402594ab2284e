#include "smsscan/transport/samba/smbclient_transport.hpp"

#include "smsscan/transport/samba/smbclient_handler.hpp"
#include "smsscan/transport/samba/smbclient_session.hpp"
#include "smsscan/worker/pool.hpp"

namespace smsscan::transport {

namespace {

class SmbclientTransport : public Transport
{
public:
  SmbclientTransport() : m_pool({"libsmbclient", samba::make_smbclient_handler}) {}

  std::string_view name() const override { return "smbclient"; }

  std::unique_ptr<MachineSession> start(const target::Target& target, const SessionSettings& settings) override
  {
    return samba::make_smbclient_session(m_pool, target, settings);
  }

private:
  worker::WorkerPool m_pool;
};

} // namespace

std::unique_ptr<Transport> make_smbclient_transport()
{
  return std::make_unique<SmbclientTransport>();
}

} // namespace smsscan::transport
