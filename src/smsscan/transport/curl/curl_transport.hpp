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
//  - names go out in the OEM code page, not Unicode: non-ASCII names are
//    not found;
//  - a connection the server closes looks like "nothing yet" to libcurl's
//    SMB code (it would spin until a timeout): the poll loop notices the end
//    of the stream and fails the transfer ("the server closed the connection");
//  - results: 67 login denied -> auth_failed; 9 access denied (tree connect)
//    -> access_denied; 78 file not found (any failure to open the file, or a
//    missing share) -> not_found; 6/7/28 (resolve, connect, timeout) ->
//    unreachable; anything else -> error with libcurl's text.
//
// The transfers of a session share one multi handle driven by our own poll()
// loop (curl_multi_socket_action). libcurl's SMB code asks for writability
// all the time, which makes poll() return at once while the server thinks
// (a scan of 20 machines burnt ~3 s of CPU that way instead of ~0.15 s).
// The loop therefore asks for POLLOUT only while connecting or while the
// kernel holds unsent bytes (SIOCOUTQNSD, i.e. libcurl may hold more), calls
// libcurl once more as if writable right after each event it handled (it
// often changes state without sending and waits to be called again), and
// wakes at least every 100 ms (Ctrl-C, timers, a write libcurl may still
// hold). SMSSCAN_CURL_BUSY_POLL=1 in the environment turns this off (for
// measurements).
//
// Every transfer of a session moves whenever the session waits for one of
// them, so files kept open together stream on in the background. A session
// and its files must be used by one thread at a time; sessions are
// independent. Operations wait at most the session's timeout without a byte
// arriving, and never past its deadline (a default-constructed deadline
// means none).
// The password goes to libcurl only (never into a URL, a log or a detail).
#pragma once

#include "smsscan/transport/transport.hpp"

#include <memory>

namespace smsscan::transport {

std::unique_ptr<Transport> make_curl_transport();

} // namespace smsscan::transport
