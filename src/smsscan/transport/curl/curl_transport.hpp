// The libcurl transport: SMB1 (NT LM 0.12) with LM/NTLMv1 logons, as
// NT4/Windows 2000 machines speak it, through libcurl's smb:// scheme.
//
// What libcurl's SMB support can and cannot do (measured with libcurl 7.88.1
// against Samba 4.17), and what follows here:
//  - every transfer opens its own connection and logon; nothing is reused, so
//    a session is only the host, port and credentials, and open() connects;
//  - no directory listing: actual_name() is the requested name. Lookup is
//    case-insensitive anyway, because Windows servers (and Samba, whose
//    default honours the caseless flag libcurl sets) are;
//  - no ranges: a file streams from offset 0 (curl_session.hpp);
//  - the only time is the SMB ChangeTime (TimeSource::smb_change_time);
//  - names go out in the OEM code page, not Unicode: non-ASCII names are
//    not found;
//  - its SMB code busy-polls and misses a closed connection: our own poll
//    loop drives it (curl_pump.hpp; SMSSCAN_CURL_BUSY_POLL=1 turns the
//    mitigation off for measurements);
//  - results: see classify() in curl_session.cpp.
// Operations wait at most the session's timeout without a byte arriving, and
// never past its deadline (a default-constructed deadline means none).
// The password goes to libcurl only (never into a URL, a log or a detail).
#pragma once

#include "smsscan/transport/remote_options.hpp"
#include "smsscan/transport/transport.hpp"

#include <memory>

namespace smsscan::transport {

std::unique_ptr<Transport> make_curl_transport(const RemoteOptions& options = {});

} // namespace smsscan::transport
