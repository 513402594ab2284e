#include "smsscan/transport/transport.hpp"

namespace smsscan::transport {

std::string_view time_source_name(TimeSource source)
{
  switch (source) {
  case TimeSource::mtime:
    return "mtime";
  case TimeSource::smb_change_time:
    return "smb-change-time";
  case TimeSource::none:
    break;
  }
  return "";
}

std::string timed_out_message(std::chrono::milliseconds timeout)
{
  const auto ms = timeout.count();
  std::string seconds = std::to_string(ms / 1000);
  if (ms % 1000 != 0) {
    std::string fraction = std::to_string(1000 + ms % 1000).substr(1);
    while (fraction.back() == '0') {
      fraction.pop_back();
    }
    seconds += "." + fraction;
  }
  return "timed out after " + seconds + " s";
}

} // namespace smsscan::transport
