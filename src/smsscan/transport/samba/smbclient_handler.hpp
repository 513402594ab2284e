// The worker side of the libsmbclient transport: a worker::Handler that runs
// the requests of protocol.hpp with libsmbclient, one session (machine) at a
// time per worker process.
//  - one SMBCCTX per session (created at BEGIN, freed at the reset), one
//    connection and logon per share, reused for all the share's files;
//  - the scanner resolves NetBIOS names (name_resolver.hpp); other names are
//    resolved here (DNS/hosts). libsmbclient gets the address, or the NetBIOS
//    name with an lmhosts entry for it (smbclient_library.hpp), and always an
//    explicit port in the URL: the target's, or 445 and then 139 when 445
//    refuses, does not answer or resets before a logon (a refused logon is
//    never retried on the other port). It never resolves names itself;
//  - a folder is listed once per session (cached per share and folder, a
//    missing folder too); a name is matched case-insensitively in the
//    listing (an exact match wins) and opened as the server spells it. Size
//    and LastWriteTime come from the listing entry;
//  - a failed call is classified by classify_failure (log_markers.hpp);
//    auth_failed and unreachable end the session: later opens answer the
//    same without touching the network; a refused or missing share answers
//    the same for the rest of the session.
#pragma once

#include "smsscan/transport/transport.hpp"
#include "smsscan/worker/handler.hpp"

#include <memory>

namespace smsscan::transport::samba {

struct SmbclientOptions
{
  bool ntlmv1 = false; // --ntlmv1
  // Runs in the worker for INSPECT requests: the file is read here, through
  // libsmbclient directly, and only the inspector's result is sent back.
  std::shared_ptr<const FileInspector> inspector;
};

// Called in the worker process (the pool's handler factory).
std::unique_ptr<worker::Handler> make_smbclient_handler(const SmbclientOptions& options);

} // namespace smsscan::transport::samba
