// Helpers shared by the command line's unit tests: run_cli as the binary
// would run it, with its output sent away, and what a call writes to
// standard output or standard error.
#pragma once

#include "smsscan/cli/app.hpp"

#include <doctest/doctest.h>

#include <cstdio>
#include <string>
#include <vector>

#include <fcntl.h>
#include <unistd.h>

namespace smsscan::test {

// run_cli with its standard output and error sent to /dev/null.
inline int run_cli_quietly(std::vector<std::string> args)
{
  args.insert(args.begin(), "smsscan");
  std::vector<char*> argv;
  for (std::string& arg : args) {
    argv.push_back(arg.data());
  }
  std::fflush(nullptr);
  const int saved_out = ::dup(STDOUT_FILENO);
  const int saved_err = ::dup(STDERR_FILENO);
  const int null = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
  ::dup2(null, STDOUT_FILENO);
  ::dup2(null, STDERR_FILENO);
  const int status = smsscan::cli::run_cli(static_cast<int>(argv.size()), argv.data());
  std::fflush(nullptr);
  ::dup2(saved_out, STDOUT_FILENO);
  ::dup2(saved_err, STDERR_FILENO);
  ::close(saved_out);
  ::close(saved_err);
  ::close(null);
  return status;
}

// What f writes to the descriptor target (standard output or error), read
// from a temporary file so that a large output cannot block the writer.
template <typename F>
std::string output_of(int target, F f)
{
  std::FILE* capture = std::tmpfile();
  REQUIRE(capture != nullptr);
  std::fflush(nullptr);
  const int saved = ::dup(target);
  ::dup2(::fileno(capture), target);
  try {
    f();
  } catch (...) {
    std::fflush(nullptr);
    ::dup2(saved, target);
    ::close(saved);
    std::fclose(capture);
    throw;
  }
  std::fflush(nullptr);
  ::dup2(saved, target);
  ::close(saved);
  std::string text;
  char buffer[4096];
  off_t offset = 0;
  for (ssize_t n; (n = ::pread(::fileno(capture), buffer, sizeof buffer, offset)) > 0; offset += n) {
    text.append(buffer, static_cast<std::size_t>(n));
  }
  std::fclose(capture);
  return text;
}

template <typename F>
std::string stderr_of(F f)
{
  return output_of(STDERR_FILENO, f);
}

template <typename F>
std::string stdout_of(F f)
{
  return output_of(STDOUT_FILENO, f);
}

} // namespace smsscan::test
