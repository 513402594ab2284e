// Chooses the SMB transport: --transport auto|smbclient|curl.
#pragma once

#include "smsscan/transport/remote_options.hpp"
#include "smsscan/transport/transport.hpp"
#include "smsscan/util/expected.hpp"

#include <memory>
#include <string_view>
#include <vector>

namespace smsscan::transport {

// "auto" picks libsmbclient when this build has it, else libcurl. Refuses a
// transport this build lacks, saying what to do instead.
util::Expected<std::unique_ptr<Transport>> make_remote_transport(std::string_view name,
                                                                 const RemoteOptions& options = {});

// The SMB transports this build has, in the order "auto" prefers them
// ("smbclient" only when built with libsmbclient, then "curl").
std::vector<std::string_view> built_in_remote_transports();

} // namespace smsscan::transport
