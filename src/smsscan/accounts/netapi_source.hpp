// The scanner side of the libnetapi account query: an AccountSource that
// sends each machine's QueryRequest to a libnetapi worker process (the
// worker component, src/smsscan/worker) and waits for the reply until the
// machine's deadline. libnetapi keeps process-wide state (one context,
// loadparm globals, talloc stack) unguarded for threads, so it runs only
// in workers, never in the scanner. Where each part lives:
//   netapi_source   this side: pool, channel, deadline
//   protocol        the request and the reply
//   netapi_handler  the worker side: the libnetapi calls
//   netapi_library  libnetapi set-up in a worker: output capture, connection set-up
//   netapi_status   what a libnetapi answer means (lockout-critical)
// SMSSCAN_NETAPI_DEBUG=N in the environment raises libnetapi's debug level
// and copies its messages to stderr (never the password).
#pragma once

#include "smsscan/accounts/source.hpp"

#include <memory>

namespace smsscan::accounts {

std::unique_ptr<AccountSource> make_netapi_source(const transport::RemoteOptions& reach);

} // namespace smsscan::accounts
