// Tests for cli/console.cpp: the one format of messages on standard error.
#include "smsscan/cli/console.hpp"

#include <doctest/doctest.h>

#include <cstdio>
#include <string>

#include <unistd.h>

namespace {

// What f writes to standard error.
template <typename F>
std::string stderr_of(F f)
{
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  std::fflush(stderr);
  const int saved = ::dup(STDERR_FILENO);
  ::dup2(fds[1], STDERR_FILENO);
  f();
  std::fflush(stderr);
  ::dup2(saved, STDERR_FILENO);
  ::close(saved);
  ::close(fds[1]);
  std::string text;
  char buffer[256];
  for (ssize_t n; (n = ::read(fds[0], buffer, sizeof buffer)) > 0;) {
    text.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(fds[0]);
  return text;
}

} // namespace

TEST_CASE("print_error and print_warning: one line each, prefixed like smbclient's and curl's")
{
  CHECK(stderr_of([] { smsscan::cli::print_error("cannot write report.csv"); }) ==
        "smsscan: error: cannot write report.csv\n");
  CHECK(stderr_of([] { smsscan::cli::print_warning("auth.txt is readable by other users"); }) ==
        "smsscan: warning: auth.txt is readable by other users\n");
}
