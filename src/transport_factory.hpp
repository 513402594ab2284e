// Chooses the SMB transport: --transport auto|smbclient|curl.
#pragma once

#include "transport.hpp"

#include <memory>
#include <string>
#include <string_view>

namespace smsscan {

// "auto" picks libsmbclient when this build has it, else libcurl. Returns
// null and sets error for a transport this build lacks.
std::unique_ptr<Transport> make_remote_transport(std::string_view name, std::string& error);

} // namespace smsscan
