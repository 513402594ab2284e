// The report files a command writes, checked as a set before any of them is
// created or truncated: each must be creatable, none may be one of the
// command's input files or another output, and at most one may be standard
// output ("-"). A refusal ends the run (exit_usage for a clash,
// exit_no_input for a path that cannot be written) with nothing touched.
// A kept output (the history: read and written, never truncated) takes part
// in every check but is left for its owner to open.
#pragma once

#include "smsscan/report/output_file.hpp"

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace smsscan::cli {

struct OutputRequest
{
  std::string option; // "--csv", for messages and lookup
  std::string path;   // "" = not requested, "-" = standard output
  bool keep = false;  // opened by its owner, never truncated; "-" is refused
};

class OutputFiles
{
public:
  // Checks every request against the others and against inputs (paths the
  // command reads; "" and "-" are ignored), calls before_truncating (which
  // may open the kept outputs and throw), then opens the others in order.
  // Throws util::Fatal.
  OutputFiles(const std::vector<OutputRequest>& requests, const std::vector<std::string>& inputs,
              const std::function<void()>& before_truncating = {});

  // The output of an option, or null when it was not requested or is kept.
  report::OutputFile* get(const std::string& option) const;
  // True when a report goes to standard output.
  bool stdout_used() const { return m_stdout_used; }

private:
  std::map<std::string, std::unique_ptr<report::OutputFile>> m_files;
  bool m_stdout_used = false;
};

// The same file? Compares existing files by device and inode and any path by
// its resolved form (a file not yet created by its resolved folder).
bool same_file(const std::string& a, const std::string& b);

} // namespace smsscan::cli
