// One report output: a file or standard output, written a whole line (or a
// whole document) at a time. A write that fails part-way is taken back (a
// regular file is cut to the end of the last whole write), so an output is
// always valid up to where it stopped, and the failure is kept with the
// file's name and the reason ("report.csv: No space left on device").
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
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

// Several outputs written together, behind one lock, as the streaming
// writers write a machine's rows: the first write that fails stops every
// output, and the failure is kept for the command line to end the run with.
class OutputSet
{
public:
  // Taken while a machine's rows are written; hold it to stop writes.
  std::mutex& mutex() { return m_mutex; }
  // Writes line to output (null: not requested) unless writing has
  // stopped; the caller holds mutex().
  void write_line(OutputFile* output, const std::string& line);
  bool failed() const { return m_failed.load(); }
  // "<file>: <reason>" of the first failure, else "".
  std::string failure() const;

private:
  mutable std::mutex m_mutex;
  std::atomic<bool> m_failed{false};
  std::string m_failure;
};

} // namespace smsscan::report
