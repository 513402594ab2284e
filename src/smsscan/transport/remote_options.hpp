// What the remote transports are made with, from the command line: how names
// are resolved (name_resolver.hpp) and whether NTLMv1 logons are allowed.
#pragma once

#include "smsscan/transport/name_resolver.hpp"

namespace smsscan::transport {

struct RemoteOptions
{
  ResolverSettings resolver;
  // --ntlmv1: let libsmbclient answer with NTLMv1 (NT 4.0 before Service
  // Pack 4 accepts no NTLMv2). Off by default: NTLMv1 responses can be
  // cracked from a capture. libcurl sends NTLMv1 whatever this says.
  bool ntlmv1 = false;
};

} // namespace smsscan::transport
