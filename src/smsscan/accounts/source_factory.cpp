#include "smsscan/accounts/source.hpp"

#ifdef SMSSCAN_HAVE_NETAPI
#include "smsscan/accounts/netapi_source.hpp"
#endif

namespace smsscan::accounts {

util::Expected<std::unique_ptr<AccountSource>> make_account_source(const transport::RemoteOptions& reach)
{
#ifdef SMSSCAN_HAVE_NETAPI
  return make_netapi_source(reach);
#else
  (void)reach;
  return util::unexpected(util::Error("this build has no libnetapi, which `smsscan accounts` needs (rebuild with "
                                      "samba-dev installed: pkg-config netapi)"));
#endif
}

} // namespace smsscan::accounts
