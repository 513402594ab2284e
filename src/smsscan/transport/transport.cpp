#include "smsscan/transport/transport.hpp"

#include "smsscan/util/text.hpp"

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
  return util::timed_out_message(timeout);
}

} // namespace smsscan::transport
