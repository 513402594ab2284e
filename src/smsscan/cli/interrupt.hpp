// Ctrl-C and SIGTERM: a flag the scan watches, so that an interrupted run
// stops starting machines and leaves whole rows in its reports.
#pragma once

#include <atomic>

namespace smsscan::cli {

// Installs the SIGINT/SIGTERM handlers (and ignores SIGPIPE and SIGXFSZ: a
// closed pipe or a file over its size limit is a write error, reported as
// such) and returns the flag they set.
const std::atomic<bool>& install_interrupt_handlers();

} // namespace smsscan::cli
