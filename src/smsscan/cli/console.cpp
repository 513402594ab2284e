#include "smsscan/cli/console.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdio>

namespace smsscan::cli {

void print_error(const std::string& message)
{
  std::fprintf(stderr, "smsscan: error: %s\n", message.c_str());
}

void print_warning(const std::string& message)
{
  std::fprintf(stderr, "smsscan: warning: %s\n", message.c_str());
}

std::size_t stdout_width()
{
  winsize size{};
  if (::isatty(STDOUT_FILENO) && ::ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) {
    return size.ws_col;
  }
  return 80;
}

} // namespace smsscan::cli
