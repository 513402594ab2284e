// Helpers shared by the command line's unit tests: run_cli as the binary
// would run it, with its output sent away.
#pragma once

#include "smsscan/cli/app.hpp"

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

} // namespace smsscan::test
