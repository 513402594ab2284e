// The words every transport and the engine share: time sources and the one
// time-out message.
#include "smsscan/transport/transport.hpp"

#include <doctest/doctest.h>

using namespace smsscan::transport;
using std::chrono::milliseconds;

TEST_CASE("transport: time source names as the details report writes them")
{
  CHECK(time_source_name(TimeSource::mtime) == "mtime");
  CHECK(time_source_name(TimeSource::smb_change_time) == "smb-change-time");
  CHECK(time_source_name(TimeSource::none).empty());
}

TEST_CASE("transport: the time-out message keeps fractions of a second and drops trailing zeros")
{
  CHECK(timed_out_message(milliseconds(30000)) == "timed out after 30 s");
  CHECK(timed_out_message(milliseconds(500)) == "timed out after 0.5 s");
  CHECK(timed_out_message(milliseconds(1250)) == "timed out after 1.25 s");
  CHECK(timed_out_message(milliseconds(3001)) == "timed out after 3.001 s");
  CHECK(timed_out_message(milliseconds(100)) == "timed out after 0.1 s");
  CHECK(timed_out_message(milliseconds(86400000)) == "timed out after 86400 s");
}
