#include "smsscan/cli/inputs.hpp"

#include "smsscan/cli/exit_status.hpp"
#include "smsscan/util/file.hpp"

namespace smsscan::cli {

std::string read_input_or_fail(const std::string& path, const std::string& what)
{
  util::Expected<std::string> content = util::read_file(path, what);
  if (!content) {
    throw util::Fatal(exit_no_input, content.error().to_string());
  }
  return std::move(*content);
}

} // namespace smsscan::cli
