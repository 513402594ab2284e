// One report output: a file or standard output, written a whole line (or a
// whole document) at a time. A write that fails part-way is taken back (a
// regular file is cut to the end of the last whole write), so an output is
// always valid up to where it stopped, and the failure is kept with the
// file's name and the reason ("report.csv: No space left on device").
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace smsscan::report {

class OutputFile
{
public:
  // Takes ownership of fd (closed on destruction) unless it is standard output.
  OutputFile(int fd, std::string name);
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  // Writes line and a line break; false (and nothing more written, ever)
  // once a write has failed.
  bool write_line(std::string_view line);
  // Writes text as it is, with the same all-or-nothing rule.
  bool write_text(std::string_view text);
  // Replaces what this object wrote to a regular file with text (a document
  // rewritten as it grows, the HTML report); elsewhere writes text after it.
  bool replace_text(std::string_view text);

  bool failed() const { return !m_error.empty(); }
  // "<name>: <reason>" after a failure, else "".
  const std::string& error() const { return m_error; }
  const std::string& name() const { return m_name; }
  bool is_stdout() const;

private:
  int m_fd;
  std::string m_name;
  std::uint64_t m_start = 0;     // where this object began writing
  std::uint64_t m_committed = 0; // end of the whole writes so far
  std::string m_error;
};

} // namespace smsscan::report
