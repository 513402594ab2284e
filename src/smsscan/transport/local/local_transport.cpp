#include "smsscan/transport/local/local_transport.hpp"

#include "smsscan/util/text.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <map>

namespace smsscan::transport {

namespace {

using target::Credentials;
using target::Target;
using util::iequals;
using util::split;
using util::to_lower;
using util::to_upper;
using util::trim;

class LocalFile : public RemoteFile
{
public:
  LocalFile(int fd, std::string name, const struct stat& info) : m_fd(fd), m_name(std::move(name)), m_info(info) {}
  ~LocalFile() override { ::close(m_fd); }
  LocalFile(const LocalFile&) = delete;
  LocalFile& operator=(const LocalFile&) = delete;

  std::uint64_t size() const override { return static_cast<std::uint64_t>(m_info.st_size); }
  std::optional<std::int64_t> modified() const override { return static_cast<std::int64_t>(m_info.st_mtime); }
  TimeSource time_source() const override { return TimeSource::mtime; }
  std::string actual_name() const override { return m_name; }
  std::uint64_t bytes_transferred() const override { return m_read; }

  ReadStatus read(std::uint64_t offset, std::size_t length, std::uint8_t* out) override
  {
    std::size_t done = 0;
    while (done < length) {
      const ssize_t n = ::pread(m_fd, out + done, length - done, static_cast<off_t>(offset + done));
      if (n < 0 && errno == EINTR) {
        continue;
      }
      if (n <= 0) {
        return ReadStatus::failed;
      }
      done += static_cast<std::size_t>(n);
    }
    m_read += length;
    return ReadStatus::ok;
  }

private:
  int m_fd;
  std::string m_name;
  struct stat m_info;
  std::uint64_t m_read = 0;
};

class LocalSession : public MachineSession
{
public:
  explicit LocalSession(const Target& target) : m_target(target) {}

  OpenResult open(const std::string& share, const std::string& folder, const std::string& name) override
  {
    OpenResult result;
    std::string base;
    if (iequals(share, m_target.admin_share)) {
      base = m_target.admin_dir;
    } else {
      const std::string key = to_upper(share);
      const auto mapped = m_target.share_dirs.find(key);
      if (mapped == m_target.share_dirs.end()) {
        result.status = OpenStatus::not_found;
        result.detail = "share " + share + " is not mapped to a folder (--share " + share + "=DIR)";
        return result;
      }
      base = mapped->second;
    }
    struct stat base_info
    {
    };
    if (::stat(base.c_str(), &base_info) != 0 || !S_ISDIR(base_info.st_mode)) {
      // The image (or mounted share) is not there at all: the machine cannot be scanned.
      result.status = iequals(share, m_target.admin_share) ? OpenStatus::unreachable : OpenStatus::not_found;
      result.detail = "no such folder: " + base;
      return result;
    }
    std::string path = base;
    for (std::string_view part : split(folder, '\\')) {
      if (part.empty()) {
        continue;
      }
      const auto actual = find_entry(path, part);
      if (!actual) {
        result.status = OpenStatus::not_found;
        return result;
      }
      path += "/" + *actual;
    }
    const auto actual = find_entry(path, name);
    if (!actual) {
      result.status = OpenStatus::not_found;
      return result;
    }
    path += "/" + *actual;
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      result.status = errno == EACCES ? OpenStatus::access_denied : OpenStatus::error;
      result.detail = *actual + ": " + std::strerror(errno);
      return result;
    }
    struct stat info
    {
    };
    if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
      ::close(fd);
      result.status = OpenStatus::not_found;
      return result;
    }
    result.status = OpenStatus::ok;
    result.file = std::make_unique<LocalFile>(fd, *actual, info);
    return result;
  }

private:
  // The entry of directory dir whose name equals wanted, ignoring case; an
  // exact match wins. Listings are cached for the session.
  std::optional<std::string> find_entry(const std::string& dir, std::string_view wanted)
  {
    auto cached = m_listings.find(dir);
    if (cached == m_listings.end()) {
      std::vector<std::string> names;
      if (DIR* handle = ::opendir(dir.c_str())) {
        while (const dirent* entry = ::readdir(handle)) {
          names.emplace_back(entry->d_name);
        }
        ::closedir(handle);
      }
      cached = m_listings.emplace(dir, std::move(names)).first;
    }
    std::optional<std::string> match;
    for (const std::string& entry : cached->second) {
      if (entry == wanted) {
        return entry;
      }
      if (!match && iequals(entry, wanted)) {
        match = entry;
      }
    }
    return match;
  }

  const Target& m_target;
  std::map<std::string, std::vector<std::string>> m_listings;
};

class LocalTransport : public Transport
{
public:
  std::string_view name() const override { return "local"; }
  std::unique_ptr<MachineSession> start(const Target& target, const SessionSettings&) override
  {
    return std::make_unique<LocalSession>(target);
  }
};

} // namespace

std::unique_ptr<Transport> make_local_transport()
{
  return std::make_unique<LocalTransport>();
}

} // namespace smsscan::transport
