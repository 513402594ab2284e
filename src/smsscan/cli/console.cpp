#include "smsscan/cli/console.hpp"

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

} // namespace smsscan::cli
