// Tests for cli/interrupt.cpp: Ctrl-C sets the flag the scan watches, and a
// closed pipe is an error to report, not a signal that kills.
#include "smsscan/cli/interrupt.hpp"

#include <doctest/doctest.h>

#include <cerrno>
#include <csignal>

#include <unistd.h>

TEST_CASE("install_interrupt_handlers: SIGINT and SIGTERM set the flag")
{
  struct sigaction saved_int
  {
  };
  struct sigaction saved_term
  {
  };
  ::sigaction(SIGINT, nullptr, &saved_int);
  ::sigaction(SIGTERM, nullptr, &saved_term);
  const std::atomic<bool>& cancelled = smsscan::cli::install_interrupt_handlers();
  CHECK_FALSE(cancelled.load());
  std::raise(SIGINT);
  CHECK(cancelled.load());
  ::sigaction(SIGINT, &saved_int, nullptr);
  ::sigaction(SIGTERM, &saved_term, nullptr);
}

TEST_CASE("ignore_write_signals: writing to a closed pipe fails with EPIPE instead of killing")
{
  smsscan::cli::ignore_write_signals();
  int pipe_fds[2];
  REQUIRE(::pipe(pipe_fds) == 0);
  ::close(pipe_fds[0]);
  errno = 0;
  CHECK(::write(pipe_fds[1], "x", 1) == -1);
  CHECK(errno == EPIPE);
  ::close(pipe_fds[1]);
}
