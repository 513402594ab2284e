// The libsmbclient transport: SMB1 (NT1) up to SMB3 through Samba's
// libsmbclient, with NTLMv2 logons, directory listings and ranged reads.
//
// What libsmbclient 4.17 does, measured against Samba 4.17, and what follows:
//  - libsmbclient keeps process-wide state (its talloc stack frame, the
//    loadparm globals, debug settings) that is not guarded for threads:
//    smbc_thread_posix() is declared in libsmbclient.h but not exported by
//    4.17, and two threads with two separate contexts corrupt each other
//    within seconds ("Bad talloc magic value"). So no libsmbclient call is
//    made in the scanner's process. A helper process (forked once, when the
//    transport is created, while the scanner is still single-threaded)
//    forks one single-threaded worker per concurrent session; a session
//    talks to its worker over a socket pair (open / read / close). Workers
//    are reused for later sessions. The worker's stdout is /dev/null, so
//    nothing libsmbclient prints can reach the scanner's reports.
//  - one SMBCCTX per session (created for the machine, freed at its end),
//    one connection and logon per share, reused for all the share's files.
//    ("one share per server" is not used: 4.17 then tree-connects the
//    previous share again instead of the one asked for.)
//  - client min protocol NT1, max SMB3; NTLMv2 (the default); no Kerberos,
//    no credential cache, no anonymous fallback after a refused logon, no
//    NetBIOS: the port is always explicit (445 unless the target says
//    otherwise) and host names are resolved by the worker (DNS/hosts), so
//    libsmbclient neither tries port 139 nor broadcasts name queries.
//  - a folder is listed once per session (cached per share and folder, a
//    missing folder too); a name is matched case-insensitively in the
//    listing (an exact match wins) and opened as the server spells it. Size
//    and LastWriteTime come from the listing entry (TimeSource::mtime).
//  - read() seeks and reads exactly the range asked for.
//  - a refused logon and a refused tree connect both come back as EACCES.
//    They are told apart by libsmbclient's own progress messages, captured
//    through smbc_setLogCallback() at debug level 4 around the operations
//    that may connect: "SMBC_server: server_n=" (a connection is being
//    made), " session setup ok" (the logon was accepted) and " tconx ok"
//    (the share was accepted). EACCES after a connection attempt without
//    " session setup ok" is auth_failed; after it, access_denied. This costs
//    no round trip. Should a later libsmbclient word these differently (a
//    connection succeeds without both markers), the markers are no longer
//    trusted: EACCES on a share not yet connected then counts as
//    auth_failed, the side that protects the account from lockout.
//  - errno mapping: ENOENT/ENOTDIR -> not_found (a missing share is ENOENT
//    too, NT_STATUS_BAD_NETWORK_NAME; once the logon succeeded but the tree
//    connect failed, the whole share is not_found without further tries);
//    ENODEV -> not_found; ECONNREFUSED, EHOSTUNREACH, ENETUNREACH,
//    ETIMEDOUT, ETIME, ECONNRESET, ... -> unreachable; else error with
//    strerror(). auth_failed and unreachable are remembered: later opens of
//    the session answer the same without touching the network.
//  - cancellation and the machine deadline are checked before every
//    operation; while a worker is busy the session waits at most until the
//    deadline (plus a 2 s grace for libsmbclient's own timeout to answer
//    first), then the worker is killed and the machine is unreachable.
//
// SMSSCAN_SMBCLIENT_DEBUG=N in the environment copies libsmbclient's debug
// messages up to level N to stderr (never the password).
#pragma once

#include "smsscan/transport/transport.hpp"

#include <memory>

namespace smsscan::transport {

std::unique_ptr<Transport> make_smbclient_transport();

} // namespace smsscan::transport
