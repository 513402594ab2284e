// Inside the worker component: the first byte of every message the scanner
// side sends a worker, and of every request to the spawner.
#pragma once

#include <cstdint>

namespace smsscan::worker::detail {

enum class Frame : std::uint8_t {
  request = 1, // the rest is the handler's request
  reset = 2,   // the session is over: Handler::reset(), then a one-byte reply
};

enum class SpawnerOp : std::uint8_t {
  spawn = 1, // -> pid (u32), errno (u32), and the worker's socket (SCM_RIGHTS)
  kill = 2,  // pid (u32); no reply
};

} // namespace smsscan::worker::detail
