// What the remote transports are made with: how names are resolved
// (name_resolver.hpp), whether NTLMv1 logons are allowed, and the evidence
// stage's inspector.
#pragma once

#include "smsscan/transport/name_resolver.hpp"
#include "smsscan/transport/transport.hpp"

#include <memory>

namespace smsscan::transport {

struct RemoteOptions
{
  ResolverSettings resolver;
  // --ntlmv1: let libsmbclient answer with NTLMv1 (NT 4.0 before Service
  // Pack 4 accepts no NTLMv2). Off by default: NTLMv1 responses can be
  // cracked from a capture. libcurl sends NTLMv1 whatever this says.
  bool ntlmv1 = false;
  // Run where the files are, when the transport can (see FileInspector).
  std::shared_ptr<const FileInspector> inspector;
};

} // namespace smsscan::transport
