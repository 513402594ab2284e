#include "smsscan/util/file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace smsscan::util {

namespace {

std::string errno_reason(int error)
{
  return std::strerror(error);
}

} // namespace

Expected<std::string> read_file(const std::string& path, const std::string& what, std::size_t max_bytes)
{
  const bool is_stdin = path == "-";
  const std::string name = is_stdin ? "standard input" : path;
  const int fd = is_stdin ? STDIN_FILENO : ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    return unexpected(Error(name, 0, what + " cannot be read: " + errno_reason(errno)));
  }
  const auto done = [&](Expected<std::string> result) {
    if (!is_stdin) {
      ::close(fd);
    }
    return result;
  };
  struct stat info
  {
  };
  if (::fstat(fd, &info) != 0) {
    return done(unexpected(Error(name, 0, what + " cannot be read: " + errno_reason(errno))));
  }
  if (S_ISDIR(info.st_mode)) {
    return done(unexpected(Error(name, 0, what + " is a folder, not a file")));
  }
  if (!is_stdin && !S_ISREG(info.st_mode)) {
    return done(unexpected(Error(name, 0, what + " is not a regular file")));
  }
  if (!is_stdin) {
    // Opened without blocking (a FIFO would block the open); reads block again.
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
  }
  std::string content;
  char buffer[65536];
  while (true) {
    const ssize_t got = ::read(fd, buffer, sizeof buffer);
    if (got < 0 && errno == EINTR) {
      continue;
    }
    if (got < 0) {
      return done(unexpected(Error(name, 0, what + " cannot be read: " + errno_reason(errno))));
    }
    if (got == 0) {
      break;
    }
    if (content.size() + static_cast<std::size_t>(got) > max_bytes) {
      return done(unexpected(
        Error(name, 0, what + " is larger than " + std::to_string(max_bytes / (1024 * 1024)) + " MiB; refused")));
    }
    content.append(buffer, static_cast<std::size_t>(got));
  }
  return done(std::move(content));
}

namespace {

// Writes content to an open descriptor; false with errno set on failure.
bool write_all(int fd, const std::string& content)
{
  for (std::size_t done = 0; done < content.size();) {
    const ssize_t wrote = ::write(fd, content.data() + done, content.size() - done);
    if (wrote < 0 && errno == EINTR) {
      continue;
    }
    if (wrote <= 0) {
      if (wrote == 0) {
        errno = EIO;
      }
      return false;
    }
    done += static_cast<std::size_t>(wrote);
  }
  return true;
}

} // namespace

Expected<void> write_file_atomically(const std::string& path, const std::string& content)
{
  // A device or pipe (/dev/null, /dev/stdout) is written in place: renaming
  // a file over it would replace the device.
  struct stat info
  {
  };
  if (::stat(path.c_str(), &info) == 0 && !S_ISREG(info.st_mode)) {
    if (S_ISDIR(info.st_mode)) {
      return unexpected(Error(path, 0, "cannot be written: it is a folder"));
    }
    const int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0 || !write_all(fd, content)) {
      const int error = errno;
      if (fd >= 0) {
        ::close(fd);
      }
      return unexpected(Error(path, 0, "cannot be written: " + errno_reason(error)));
    }
    ::close(fd);
    return {};
  }
  const std::string temporary = path + ".tmp-" + std::to_string(::getpid());
  const auto fail = [&](int error) -> Expected<void> {
    std::remove(temporary.c_str());
    return unexpected(Error(path, 0, "cannot be written: " + errno_reason(error)));
  };
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    return unexpected(Error(path, 0, "cannot be written: " + errno_reason(errno)));
  }
  if (!write_all(fd, content)) {
    const int error = errno;
    ::close(fd);
    return fail(error);
  }
  int error = ::fsync(fd) == 0 ? 0 : errno;
  if (::close(fd) != 0 && error == 0) {
    error = errno;
  }
  if (error != 0) {
    return fail(error);
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    return fail(errno);
  }
  return {};
}

} // namespace smsscan::util
