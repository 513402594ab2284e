// The worker side of the libsmbclient transport: a worker::Handler that runs
// the requests of protocol.hpp with libsmbclient, one session (machine) at a
// time per worker process.
//  - one SMBCCTX per session (created at BEGIN, freed at the reset), one
//    connection and logon per share, reused for all the share's files;
//  - host names are resolved here (DNS/hosts) and libsmbclient gets the
//    address and an explicit port (445 unless the target says otherwise), so
//    it neither tries port 139 nor broadcasts name queries;
//  - a folder is listed once per session (cached per share and folder, a
//    missing folder too); a name is matched case-insensitively in the
//    listing (an exact match wins) and opened as the server spells it. Size
//    and LastWriteTime come from the listing entry;
//  - a failed call is classified by classify_failure (log_markers.hpp);
//    auth_failed and unreachable end the session: later opens answer the
//    same without touching the network; a refused or missing share answers
//    the same for the rest of the session.
#pragma once

#include "smsscan/worker/handler.hpp"

#include <memory>

namespace smsscan::transport::samba {

// Called in the worker process (the pool's handler factory).
std::unique_ptr<worker::Handler> make_smbclient_handler();

} // namespace smsscan::transport::samba
