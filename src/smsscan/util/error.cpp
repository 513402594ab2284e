#include "smsscan/util/error.hpp"

namespace smsscan::util {

std::string Error::to_string() const
{
  if (source.empty()) {
    return message;
  }
  return source + (line > 0 ? ":" + std::to_string(line) : std::string()) + ": " + message;
}

} // namespace smsscan::util
