#include "smsscan/transport/local/confined_root.hpp"

#include "smsscan/util/text.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>

namespace smsscan::transport {

namespace {

// Set once openat2 answered ENOSYS: the kernel is older than 5.6.
std::atomic<bool> g_no_openat2{false};

long call_openat2(int dirfd, const char* path, int flags)
{
  open_how how{};
  how.flags = static_cast<__u64>(static_cast<unsigned int>(flags));
  how.resolve = RESOLVE_BENEATH | RESOLVE_NO_XDEV | RESOLVE_NO_MAGICLINKS;
  return ::syscall(SYS_openat2, dirfd, path, &how, sizeof how);
}

} // namespace

ConfinedRoot::ConfinedRoot(const std::string& path) : m_path(path)
{
  m_fd = ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NONBLOCK);
  if (m_fd < 0) {
    m_errno = errno;
    return;
  }
  struct stat info
  {
  };
  if (::fstat(m_fd, &info) == 0) {
    m_device = info.st_dev;
  }
}

ConfinedRoot::~ConfinedRoot()
{
  if (m_fd >= 0) {
    ::close(m_fd);
  }
}

int ConfinedRoot::open_beneath(const std::string& relative, int flags) const
{
  flags |= O_CLOEXEC;
  const char* path = relative.empty() ? "." : relative.c_str();
  if (!g_no_openat2.load()) {
    const long fd = call_openat2(m_fd, path, flags);
    if (fd >= 0 || errno != ENOSYS) {
      return static_cast<int>(fd);
    }
    g_no_openat2.store(true);
  }
  return walk(relative, flags);
}

int ConfinedRoot::walk(const std::string& relative, int flags) const
{
  int dir = ::dup(m_fd);
  if (dir < 0) {
    return -1;
  }
  const std::vector<std::string_view> parts = util::split(relative, '/');
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const std::string part(parts[i]);
    if (part.empty() || part == ".") {
      continue;
    }
    const bool last = i + 1 == parts.size();
    struct stat info
    {
    };
    if (part == ".." || ::fstatat(dir, part.c_str(), &info, AT_SYMLINK_NOFOLLOW) != 0) {
      const int error = part == ".." ? EXDEV : errno;
      ::close(dir);
      errno = error;
      return -1;
    }
    if (S_ISLNK(info.st_mode) || info.st_dev != m_device) {
      ::close(dir);
      errno = S_ISLNK(info.st_mode) ? ELOOP : EXDEV;
      return -1;
    }
    const int next = ::openat(dir, part.c_str(), (last ? flags : O_RDONLY | O_DIRECTORY | O_CLOEXEC) | O_NOFOLLOW);
    const int error = errno;
    ::close(dir);
    if (next < 0) {
      errno = error;
      return -1;
    }
    dir = next;
  }
  if (relative.empty() || relative == ".") {
    ::close(dir);
    return ::openat(m_fd, ".", flags);
  }
  return dir;
}

ConfinedRoot::Listing ConfinedRoot::list(const std::string& relative) const
{
  Listing listing;
  const int fd = open_beneath(relative, O_RDONLY | O_DIRECTORY | O_NONBLOCK);
  if (fd < 0) {
    listing.error = errno;
    return listing;
  }
  DIR* dir = ::fdopendir(fd);
  if (dir == nullptr) {
    listing.error = errno;
    ::close(fd);
    return listing;
  }
  errno = 0;
  while (const dirent* entry = ::readdir(dir)) {
    if (std::strcmp(entry->d_name, ".") != 0 && std::strcmp(entry->d_name, "..") != 0) {
      listing.names.emplace_back(entry->d_name);
    }
  }
  listing.error = errno;
  ::closedir(dir);
  listing.ok = listing.error == 0;
  return listing;
}

bool ConfinedRoot::stat_beneath(const std::string& relative, struct stat& info, int& error) const
{
  // O_PATH opens any kind of entry without side effects (no FIFO wait, no
  // device open). Links are followed, but only beneath the root.
  const int fd = open_beneath(relative, O_PATH);
  if (fd < 0) {
    error = errno;
    return false;
  }
  const bool done = ::fstat(fd, &info) == 0;
  error = done ? 0 : errno;
  ::close(fd);
  return done;
}

} // namespace smsscan::transport
