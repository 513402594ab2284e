// The worker side of the account query: a worker::Handler that answers a
// QueryRequest (protocol.hpp) with libnetapi, one machine per session:
//   NetUserModalsGet(server, 3) first: the lockout policy, and the one
//     logon of the session (libnetapi keeps the IPC$ connection for the
//     calls that follow); a failure to reach IPC$ ends the query there, so a
//     refused logon is tried once per machine;
//   NetUserGetInfo(server, account, 3) for each account: usri3_flags,
//     usri3_bad_pw_count, usri3_last_logon.
// The reset frees libnetapi's context (connections, credentials, loadparm),
// so the next session starts from nothing.
#pragma once

#include "smsscan/worker/handler.hpp"

#include <memory>

namespace smsscan::accounts {

// Called in the worker process (the pool's handler factory).
std::unique_ptr<worker::Handler> make_netapi_handler();

} // namespace smsscan::accounts
