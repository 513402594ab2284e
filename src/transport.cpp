#include "transport.hpp"

namespace smsscan {

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

} // namespace smsscan
