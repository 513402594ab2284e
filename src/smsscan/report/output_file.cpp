#include "smsscan/report/output_file.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace smsscan::report {

OutputFile::OutputFile(int fd, std::string name) : m_fd(fd), m_name(std::move(name))
{
  // Appending to what is already there (standard output redirected to a file).
  const off_t at = ::lseek(m_fd, 0, SEEK_CUR);
  m_committed = at > 0 ? static_cast<std::uint64_t>(at) : 0;
  m_start = m_committed;
}

OutputFile::~OutputFile()
{
  if (!is_stdout()) {
    ::close(m_fd);
  }
}

bool OutputFile::is_stdout() const
{
  return m_fd == STDOUT_FILENO;
}

bool OutputFile::write_line(std::string_view line)
{
  std::string text(line);
  text.push_back('\n');
  return write_text(text);
}

bool OutputFile::replace_text(std::string_view text)
{
  struct stat info
  {
  };
  if (!failed() && ::fstat(m_fd, &info) == 0 && S_ISREG(info.st_mode) && m_committed > m_start) {
    if (::ftruncate(m_fd, static_cast<off_t>(m_start)) != 0 ||
        ::lseek(m_fd, static_cast<off_t>(m_start), SEEK_SET) < 0) {
      m_error = m_name + ": " + std::strerror(errno);
      return false;
    }
    m_committed = m_start;
  }
  return write_text(text);
}

bool OutputFile::write_text(std::string_view text)
{
  if (failed()) {
    return false;
  }
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t wrote = ::write(m_fd, text.data() + done, text.size() - done);
    if (wrote < 0 && errno == EINTR) {
      continue;
    }
    if (wrote <= 0) {
      const int error = wrote < 0 ? errno : EIO;
      m_error = m_name + ": " + std::strerror(error);
      // Take the partial write back where the output is a regular file.
      struct stat info
      {
      };
      if (done > 0 && ::fstat(m_fd, &info) == 0 && S_ISREG(info.st_mode)) {
        if (::ftruncate(m_fd, static_cast<off_t>(m_committed)) == 0) {
          ::lseek(m_fd, static_cast<off_t>(m_committed), SEEK_SET);
        }
      }
      return false;
    }
    done += static_cast<std::size_t>(wrote);
  }
  m_committed += text.size();
  return true;
}

void OutputSet::write_line(OutputFile* output, const std::string& line)
{
  if (output == nullptr || m_failed.load()) {
    return;
  }
  if (!output->write_line(line)) {
    m_failure = output->error();
    m_failed.store(true);
  }
}

std::string OutputSet::failure() const
{
  std::lock_guard<std::mutex> lock(m_mutex);
  return m_failure;
}

} // namespace smsscan::report
