#include "smsscan/transport/factory.hpp"

#include "smsscan/transport/curl/curl_transport.hpp"
#ifdef SMSSCAN_HAVE_SMBCLIENT
#include "smsscan/transport/samba/smbclient_transport.hpp"
#endif

namespace smsscan::transport {

util::Expected<std::unique_ptr<Transport>> make_remote_transport(std::string_view name, const RemoteOptions& options)
{
#ifdef SMSSCAN_HAVE_SMBCLIENT
  if (name == "auto" || name == "smbclient") {
    return make_smbclient_transport(options);
  }
#else
  if (name == "smbclient") {
    return util::unexpected(util::Error(
      "this build has no libsmbclient transport (rebuild with libsmbclient-dev installed); use --transport curl"));
  }
#endif
  if (name == "auto" || name == "curl") {
    return make_curl_transport(options);
  }
  return util::unexpected(util::Error("unknown transport \"" + std::string(name) + "\" (auto, smbclient or curl)"));
}

std::vector<std::string_view> built_in_remote_transports()
{
#ifdef SMSSCAN_HAVE_SMBCLIENT
  return {"smbclient", "curl"};
#else
  return {"curl"};
#endif
}

} // namespace smsscan::transport
