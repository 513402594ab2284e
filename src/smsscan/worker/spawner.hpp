// Inside the worker component: the two process bodies. The pool forks the
// spawner once; the spawner forks each worker, which runs a Handler until its
// socket closes. Both end with _exit and never return.
#pragma once

#include "smsscan/worker/handler.hpp"

namespace smsscan::worker::detail {

// The spawner, on the control socket of the pool. It forks workers on
// request, hands the scanner each worker's socket (SCM_RIGHTS), kills the
// workers the scanner gives up on and reaps them all, so that their CPU time
// is accounted to the scanner. When the control socket closes it kills the
// workers left and exits.
[[noreturn]] void run_spawner(int control, const HandlerFactory& make_handler);

// A worker's loop on its socket: a request frame goes to the handler, a reset
// frame to Handler::reset(); at end of file the handler is reset and the
// process exits.
[[noreturn]] void run_worker(int fd, Handler& handler);

} // namespace smsscan::worker::detail
