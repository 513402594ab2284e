#include "smsscan/transport/curl/curl_transport.hpp"

#include "smsscan/transport/curl/curl_session.hpp"

#include <curl/curl.h>

#include <cstdlib>
#include <mutex>
#include <string_view>

namespace smsscan::transport {

namespace {

void global_init()
{
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

// SMSSCAN_CURL_BUSY_POLL=1 turns the poll mitigation off (for measurements).
bool busy_poll_requested()
{
  const char* value = std::getenv("SMSSCAN_CURL_BUSY_POLL");
  return value != nullptr && *value != '\0' && std::string_view(value) != "0";
}

class CurlTransport final : public Transport
{
public:
  explicit CurlTransport(const RemoteOptions& options)
      : m_resolver(options.resolver), m_mitigate(!busy_poll_requested())
  {
    global_init();
  }

  std::string_view name() const override { return "curl"; }

  std::unique_ptr<MachineSession> start(const target::Target& target, const SessionSettings& settings) override
  {
    return curl::make_curl_session(target, settings, m_resolver, m_mitigate);
  }

private:
  NameResolver m_resolver;
  bool m_mitigate;
};

} // namespace

std::unique_ptr<Transport> make_curl_transport(const RemoteOptions& options)
{
  return std::make_unique<CurlTransport>(options);
}

} // namespace smsscan::transport
