#include "smsscan/util/error.hpp"

#include <cstring>

namespace smsscan::util {

std::string Error::to_string() const
{
  if (source.empty()) {
    return message;
  }
  return source + (line > 0 ? ":" + std::to_string(line) : std::string()) + ": " + message;
}

std::string errno_text(int error)
{
  return std::string(std::strerror(error)) + " (errno " + std::to_string(error) + ")";
}

} // namespace smsscan::util
