#include "smsscan/cli/interrupt.hpp"

#include <csignal>

namespace smsscan::cli {

namespace {

std::atomic<bool> g_cancelled{false};

extern "C" void on_interrupt(int)
{
  g_cancelled.store(true);
}

} // namespace

const std::atomic<bool>& install_interrupt_handlers()
{
  g_cancelled.store(false); // a new run starts uninterrupted
  std::signal(SIGINT, on_interrupt);
  std::signal(SIGTERM, on_interrupt);
  return g_cancelled;
}

void ignore_write_signals()
{
  std::signal(SIGPIPE, SIG_IGN);
  std::signal(SIGXFSZ, SIG_IGN);
}

} // namespace smsscan::cli
