#include "transport_factory.hpp"

#include "curl_transport.hpp"
#ifdef SMSSCAN_HAVE_SMBCLIENT
#include "smbclient_transport.hpp"
#endif

namespace smsscan {

std::unique_ptr<Transport> make_remote_transport(std::string_view name, std::string& error)
{
#ifdef SMSSCAN_HAVE_SMBCLIENT
  if (name == "auto" || name == "smbclient") {
    return make_smbclient_transport();
  }
#else
  if (name == "smbclient") {
    error = "this build has no libsmbclient transport (rebuild with libsmbclient-dev installed); use --transport curl";
    return nullptr;
  }
#endif
  if (name == "auto" || name == "curl") {
    return make_curl_transport();
  }
  error = "unknown transport \"" + std::string(name) + "\" (auto, smbclient or curl)";
  return nullptr;
}

} // namespace smsscan
