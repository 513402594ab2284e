// A libcurl session: the machine's host, port and credentials, and the pump
// that drives its transfers (curl_pump.hpp). Every open() is one transfer
// with its own connection and logon (libcurl reuses nothing for SMB); it
// waits for the first bytes, by when the size and SMB ChangeTime are known.
// A file keeps the received prefix in memory, so reading earlier ranges
// again is free; destroying it aborts its transfer. Every transfer of a
// session moves whenever the session waits for one of them, so files kept
// open together stream on in the background. A session and its files are
// used by one thread at a time; sessions are independent.
//
// Port 139 (the NetBIOS session service, all NT 4.0 answers on) is out of
// reach: libcurl sends its SMB negotiation at once, without the NetBIOS
// session request (RFC 1002) that NT 4.0 requires first. A target with port
// 139 is refused with a message saying so, and a target without a port is
// tried on 445 only; when 445 refuses, the message says that port 139 needs
// --transport smbclient. NetBIOS names are resolved first (name_resolver.hpp),
// other names by libcurl.
#pragma once

#include "smsscan/transport/name_resolver.hpp"
#include "smsscan/transport/transport.hpp"

#include <memory>

namespace smsscan::transport::curl {

// mitigate_busy_poll: see curl_pump.hpp. resolver must outlive the session.
std::unique_ptr<MachineSession> make_curl_session(const target::Target& target, const SessionSettings& settings,
                                                  const NameResolver& resolver, bool mitigate_busy_poll);

} // namespace smsscan::transport::curl
