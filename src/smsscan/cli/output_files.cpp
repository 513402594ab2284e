#include "smsscan/cli/output_files.hpp"

#include "smsscan/cli/exit_status.hpp"
#include "smsscan/util/error.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>

namespace smsscan::cli {

namespace {

using util::Fatal;

// The path with its folder resolved (symbolic links, "..", "."), or "" when
// the folder does not exist.
std::string resolved(const std::string& path)
{
  char buffer[PATH_MAX];
  if (::realpath(path.c_str(), buffer) != nullptr) {
    return buffer;
  }
  const std::size_t slash = path.rfind('/');
  const std::string folder = slash == std::string::npos ? "." : (slash == 0 ? "/" : path.substr(0, slash));
  const std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
  if (::realpath(folder.c_str(), buffer) == nullptr) {
    return {};
  }
  const std::string base = buffer;
  return (base == "/" ? "" : base) + "/" + name;
}

// The folder a path is in.
std::string folder_of(const std::string& path)
{
  const std::size_t slash = path.rfind('/');
  return slash == std::string::npos ? "." : (slash == 0 ? "/" : path.substr(0, slash));
}

// Why path cannot be written as a report, or "". A kept file (the history)
// also needs its folder writable: SQLite keeps its log beside it.
std::string unwritable_reason(const std::string& path, bool keep)
{
  struct stat info
  {
  };
  if (::stat(path.c_str(), &info) == 0) {
    if (S_ISDIR(info.st_mode)) {
      return "is a folder";
    }
    if (::access(path.c_str(), W_OK) != 0) {
      return std::strerror(errno);
    }
    if (keep && ::access(folder_of(path).c_str(), W_OK | X_OK) != 0) {
      return "its folder " + folder_of(path) + " cannot be written: " + std::strerror(errno);
    }
    return {};
  }
  if (errno != ENOENT) {
    return std::strerror(errno);
  }
  const std::string folder = folder_of(path);
  if (::stat(folder.c_str(), &info) != 0) {
    return "its folder " + folder + " does not exist";
  }
  if (!S_ISDIR(info.st_mode)) {
    return folder + " is not a folder";
  }
  if (::access(folder.c_str(), W_OK | X_OK) != 0) {
    return "its folder " + folder + " cannot be written: " + std::strerror(errno);
  }
  return {};
}

} // namespace

bool same_file(const std::string& a, const std::string& b)
{
  struct stat first
  {
  };
  struct stat second
  {
  };
  if (::stat(a.c_str(), &first) == 0 && ::stat(b.c_str(), &second) == 0) {
    return first.st_dev == second.st_dev && first.st_ino == second.st_ino;
  }
  const std::string x = resolved(a);
  return !x.empty() && x == resolved(b);
}

OutputFiles::OutputFiles(const std::vector<OutputRequest>& requests, const std::vector<std::string>& inputs,
                         const std::function<void()>& before_truncating)
{
  std::vector<const OutputRequest*> wanted;
  const OutputRequest* to_stdout = nullptr;
  for (const OutputRequest& request : requests) {
    if (request.path.empty()) {
      continue;
    }
    if (request.path == "-" && request.keep) {
      throw Fatal(exit_usage, request.option + " needs a file, not standard output");
    }
    if (request.path == "-") {
      if (to_stdout) {
        throw Fatal(exit_usage, to_stdout->option + " and " + request.option +
                                  " both write to standard output; give one of them a file");
      }
      to_stdout = &request;
      continue;
    }
    for (const std::string& input : inputs) {
      if (!input.empty() && input != "-" && same_file(request.path, input)) {
        throw Fatal(exit_usage, request.option + " " + request.path + " is an input of this command (" + input +
                                  "); it would be overwritten");
      }
    }
    for (const OutputRequest* other : wanted) {
      if (same_file(request.path, other->path)) {
        throw Fatal(exit_usage, other->option + " and " + request.option + " name the same file " + request.path);
      }
    }
    if (const std::string reason = unwritable_reason(request.path, request.keep); !reason.empty()) {
      throw Fatal(exit_no_input, request.option + " " + request.path + " cannot be written: " + reason);
    }
    wanted.push_back(&request);
  }
  if (before_truncating) {
    before_truncating();
  }
  // Every check passed: only now is anything created or truncated.
  for (const OutputRequest* request : wanted) {
    if (request->keep) {
      continue;
    }
    const int fd = ::open(request->path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
      throw Fatal(exit_no_input, request->option + " " + request->path + " cannot be written: " + std::strerror(errno));
    }
    m_files[request->option] = std::make_unique<report::OutputFile>(fd, request->path);
  }
  if (to_stdout) {
    m_files[to_stdout->option] = std::make_unique<report::OutputFile>(STDOUT_FILENO, "standard output");
    m_stdout_used = true;
  }
}

report::OutputFile* OutputFiles::get(const std::string& option) const
{
  const auto found = m_files.find(option);
  return found == m_files.end() ? nullptr : found->second.get();
}

} // namespace smsscan::cli
