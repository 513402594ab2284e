// The project's one error value, and the one fatal error.
//
// Error is what an Expected<T> carries: a message and, where it applies, the
// input it is about and the line in it ("fleet.txt:12: ..."). Fatal is thrown
// only for failures that end the command, with the exit status to end it
// with; the command line catches it once and prints "smsscan: error: ...".
#pragma once

#include <stdexcept>
#include <string>

namespace smsscan::util {

struct Error
{
  std::string source;  // file or input the error is about; "" when none
  int line = 0;        // 1-based line in source; 0 when no line applies
  std::string message; // what is wrong, in words the user can act on

  Error() = default;
  explicit Error(std::string what) : message(std::move(what)) {}
  Error(std::string where, int at_line, std::string what)
      : source(std::move(where)), line(at_line), message(std::move(what))
  {
  }

  // "source:line: message", "source: message" or "message".
  std::string to_string() const;
};

// A system error number in words: "Connection refused (errno 111)".
std::string errno_text(int error);

class Fatal : public std::runtime_error
{
public:
  Fatal(int exit_status, const std::string& message) : std::runtime_error(message), m_status(exit_status) {}
  int exit_status() const { return m_status; }

private:
  int m_status;
};

} // namespace smsscan::util
