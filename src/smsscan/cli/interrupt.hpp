// Ctrl-C and SIGTERM: a flag the scan watches, so that an interrupted run
// stops starting machines and leaves whole rows in its reports.
#pragma once

#include <atomic>

namespace smsscan::cli {

// Installs the SIGINT/SIGTERM handlers and returns the flag they set.
const std::atomic<bool>& install_interrupt_handlers();

// Ignores SIGPIPE and SIGXFSZ for the whole run: a closed pipe or a file over
// its size limit is a write error (EPIPE, EFBIG), reported with the file's
// name like any other, not a silent death.
void ignore_write_signals();

} // namespace smsscan::cli
