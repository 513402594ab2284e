// A folder the scan never leaves: a machine image (its Windows directory) or
// a folder standing for one of its shares. Every path is resolved beneath the
// folder: a symbolic link or ".." that leads out of it, or a mount point
// inside it, makes the open fail instead of reading elsewhere. Uses Linux's
// openat2(RESOLVE_BENEATH | RESOLVE_NO_XDEV | RESOLVE_NO_MAGICLINKS); where
// the kernel has no openat2 it walks the path a component at a time and
// follows no symbolic link at all.
#pragma once

#include <sys/stat.h>

#include <string>
#include <vector>

namespace smsscan::transport {

class ConfinedRoot
{
public:
  // Opens the root folder itself (following links: the user named it).
  // errno_value() says why when !ok().
  explicit ConfinedRoot(const std::string& path);
  ~ConfinedRoot();
  ConfinedRoot(const ConfinedRoot&) = delete;
  ConfinedRoot& operator=(const ConfinedRoot&) = delete;

  bool ok() const { return m_fd >= 0; }
  int errno_value() const { return m_errno; }
  const std::string& path() const { return m_path; }

  // Opens relative ("a/b/c", "" = the root) beneath the root with flags
  // (O_CLOEXEC is added). Returns the descriptor, or -1 with errno set:
  // EXDEV when the path leads outside the root or across a mount, ELOOP for
  // a link loop (or, without openat2, any symbolic link).
  int open_beneath(const std::string& relative, int flags) const;

  // The names in the folder relative (without "." and ".."); when !ok,
  // error is the errno of the failure.
  struct Listing
  {
    bool ok = false;
    int error = 0;
    std::vector<std::string> names;
  };
  Listing list(const std::string& relative) const;

  // stat of what relative leads to (links followed, beneath the root only),
  // without opening it for reading; false with error set on failure.
  bool stat_beneath(const std::string& relative, struct stat& info, int& error) const;

private:
  int walk(const std::string& relative, int flags) const; // the fallback without openat2

  std::string m_path;
  int m_fd = -1;
  int m_errno = 0;
  dev_t m_device = 0;
};

} // namespace smsscan::transport
