// What runs inside a worker process: the library side of the worker
// component (see pool.hpp). A user of the component (the libsmbclient
// transport; the libnetapi account check) implements Handler for its
// library and its own requests, and gives the pool a factory that makes one.
#pragma once

#include "smsscan/worker/codec.hpp"

#include <functional>
#include <memory>

namespace smsscan::worker {

// One per worker process, made by the factory in the worker right after the
// fork, so that all the library's process-wide state and connections live in
// that process only. The worker is single-threaded: a handler needs no locks.
class Handler
{
public:
  virtual ~Handler() = default;

  // Answers one request (the bytes the scanner side wrote with its Writer).
  // Returns true when reply is to be sent back. The two sides agree per
  // request: Channel::call waits for a reply, Channel::post does not, so a
  // handler answers exactly the requests its caller calls.
  virtual bool handle(Reader& request, Writer& reply) = 0;

  // The session that used this worker is over: close its connections and
  // forget its credentials, so that the next session (another machine)
  // starts from nothing. Also called before the worker exits.
  virtual void reset() = 0;
};

using HandlerFactory = std::function<std::unique_ptr<Handler>()>;

} // namespace smsscan::worker
