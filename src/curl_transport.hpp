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
//  - no ranges: a file streams from offset 0. open() starts the transfer and
//    waits for the first bytes (by then the size and SMB ChangeTime are
//    known); read() waits until the range has arrived and keeps the received
//    prefix in memory, so reading earlier ranges again is free. Destroying
//    the file aborts the transfer (and drops its connection);
//  - the only time is the SMB ChangeTime (TimeSource::smb_change_time);
//  - results: 67 login denied -> auth_failed; 9 access denied (tree connect)
//    -> access_denied; 78 file not found (any failure to open the file, or a
//    missing share) -> not_found; 6/7/28 (resolve, connect, timeout) ->
//    unreachable; anything else -> error with libcurl's text.
//
// The transfers of a session share one multi handle driven by our own poll()
// loop (curl_multi_socket_action). libcurl's SMB code asks for writability
// all the time, which makes poll() return at once while the server thinks;
// the loop therefore asks for POLLOUT only while the socket's send queue is
// not empty (or while connecting), and otherwise waits for POLLIN with a
// short timeout after which libcurl may write anyway. SMSSCAN_CURL_BUSY_POLL=1
// in the environment turns this off (for measurements).
//
// A session must be used by one thread at a time; sessions are independent.
// The password goes to libcurl only (never into a URL, a log or a detail).
#pragma once

#include "transport.hpp"

#include <memory>

namespace smsscan {

std::unique_ptr<Transport> make_curl_transport();

} // namespace smsscan
