#include "smsscan/transport/local/local_transport.hpp"

#include "smsscan/transport/local/confined_root.hpp"
#include "smsscan/transport/local/deadline_io.hpp"
#include "smsscan/util/text.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <map>
#include <optional>

namespace smsscan::transport {

namespace {

using Clock = std::chrono::steady_clock;
using target::Target;
using util::iequals;

constexpr std::size_t k_read_chunk = 1024 * 1024; // the deadline is checked between chunks

std::string type_name(mode_t mode)
{
  if (S_ISDIR(mode)) {
    return "a folder";
  }
  if (S_ISFIFO(mode)) {
    return "a FIFO";
  }
  if (S_ISSOCK(mode)) {
    return "a socket";
  }
  if (S_ISCHR(mode)) {
    return "a character device";
  }
  if (S_ISBLK(mode)) {
    return "a block device";
  }
  return "not a regular file";
}

OpenResult outcome(OpenStatus status, std::string detail)
{
  OpenResult result;
  result.status = status;
  result.detail = std::move(detail);
  return result;
}

// What a failed call on path means for the scan.
OpenResult failure(int error, const std::string& shown)
{
  switch (error) {
  case EACCES:
  case EPERM:
    return outcome(OpenStatus::access_denied, shown + ": " + std::strerror(error));
  case EXDEV:
  case ELOOP:
    return outcome(OpenStatus::rejected, shown + " points outside the machine image; not followed");
  case ENOENT:
  case ENOTDIR:
    return outcome(OpenStatus::not_found, {});
  default:
    return outcome(OpenStatus::error, shown + ": " + std::strerror(error));
  }
}

// A folder's entries, one name per entry, as the file system spells them.
std::vector<std::string> plain_listing(const std::string& path)
{
  std::vector<std::string> names;
  if (DIR* dir = ::opendir(path.c_str())) {
    while (const dirent* entry = ::readdir(dir)) {
      if (std::strcmp(entry->d_name, ".") != 0 && std::strcmp(entry->d_name, "..") != 0) {
        names.emplace_back(entry->d_name);
      }
    }
    ::closedir(dir);
  }
  return names;
}

bool is_folder(const std::string& path)
{
  struct stat info
  {
  };
  return ::stat(path.c_str(), &info) == 0 && S_ISDIR(info.st_mode);
}

// The subfolder of path named name in any case, or "".
std::string child_folder(const std::string& path, std::string_view name)
{
  for (const std::string& entry : plain_listing(path)) {
    if (iequals(entry, name) && is_folder(path + "/" + entry)) {
      return entry;
    }
  }
  return {};
}

// The machine's deadline and Ctrl-C, as every call of a session checks them.
// Without a deadline (a caller that set none) each call gets the timeout.
class Limits
{
public:
  explicit Limits(const SessionSettings& settings) : m_settings(settings) {}
  const SessionSettings& settings() const { return m_settings; }
  bool cancelled() const { return m_settings.cancelled && m_settings.cancelled->load(); }
  bool has_deadline() const { return m_settings.deadline != Clock::time_point{}; }
  bool past_deadline() const { return has_deadline() && Clock::now() > m_settings.deadline; }
  Clock::time_point deadline() const
  {
    return has_deadline() ? m_settings.deadline : Clock::now() + m_settings.timeout;
  }

private:
  SessionSettings m_settings;
};

class LocalFile : public RemoteFile
{
public:
  LocalFile(std::shared_ptr<const int> fd, std::string name, const struct stat& info, DeadlineIo& io,
            const Limits& limits)
      : m_fd(std::move(fd)), m_name(std::move(name)), m_info(info), m_io(io), m_limits(limits)
  {
  }

  std::uint64_t size() const override { return static_cast<std::uint64_t>(m_info.st_size); }
  std::optional<std::int64_t> modified() const override { return static_cast<std::int64_t>(m_info.st_mtime); }
  TimeSource time_source() const override { return TimeSource::mtime; }
  std::string actual_name() const override { return m_name; }
  std::uint64_t bytes_transferred() const override { return m_read; }

  ReadStatus read(std::uint64_t offset, std::size_t length, std::uint8_t* out) override
  {
    for (std::size_t done = 0; done < length;) {
      if (m_limits.cancelled() || m_limits.past_deadline()) {
        return ReadStatus::failed;
      }
      const std::size_t chunk = std::min(k_read_chunk, length - done);
      // The task owns its buffer: after a time-out it may still be running.
      auto buffer = std::make_shared<std::vector<std::uint8_t>>(chunk);
      auto got = std::make_shared<ssize_t>(-1);
      const auto at = static_cast<off_t>(offset + done);
      if (!m_io.run(
            [fd = m_fd, buffer, got, at] {
              std::size_t filled = 0;
              while (filled < buffer->size()) {
                const ssize_t n =
                  ::pread(*fd, buffer->data() + filled, buffer->size() - filled, at + static_cast<off_t>(filled));
                if (n < 0 && errno == EINTR) {
                  continue;
                }
                if (n <= 0) {
                  break;
                }
                filled += static_cast<std::size_t>(n);
              }
              *got = static_cast<ssize_t>(filled);
            },
            m_limits.deadline()) ||
          *got != static_cast<ssize_t>(chunk)) {
        return ReadStatus::failed;
      }
      std::copy(buffer->begin(), buffer->end(), out + done);
      done += chunk;
      m_read += chunk;
    }
    return ReadStatus::ok;
  }

private:
  std::shared_ptr<const int> m_fd;
  std::string m_name;
  struct stat m_info;
  DeadlineIo& m_io;
  const Limits& m_limits;
  std::uint64_t m_read = 0;
};

// Closes the descriptor when the last task or file holding it lets go.
std::shared_ptr<const int> owned_fd(int fd)
{
  return std::shared_ptr<const int>(new int(fd), [](const int* held) {
    ::close(*held);
    delete held;
  });
}

class LocalSession : public MachineSession
{
public:
  LocalSession(const Target& target, const SessionSettings& settings) : m_target(target), m_limits(settings) {}

  OpenResult open(const std::string& share, const std::string& folder, const std::string& name) override
  {
    if (m_limits.cancelled()) {
      return outcome(OpenStatus::error, "interrupted");
    }
    if (m_io.hung() || m_limits.past_deadline()) {
      return timed_out();
    }
    OpenResult problem;
    std::shared_ptr<ConfinedRoot> root = root_for(share, problem);
    if (!root) {
      return problem;
    }
    std::string relative; // actual names, '/'-separated, beneath the root
    std::string shown = share;
    for (std::string_view part : util::split(folder, '\\')) {
      if (part.empty()) {
        continue;
      }
      OpenResult step = look_up(root, relative, shown, part, true);
      if (step.status != OpenStatus::ok) {
        return step;
      }
      relative += (relative.empty() ? "" : "/") + step.detail;
      shown += "\\" + step.detail;
    }
    OpenResult file = look_up(root, relative, shown, name, false);
    if (file.status != OpenStatus::ok) {
      return file;
    }
    const std::string actual = file.detail;
    return open_file(root, relative + (relative.empty() ? "" : "/") + actual, shown + "\\" + actual, actual);
  }

private:
  // Runs a file system call within the machine's deadline.
  bool io(std::function<void()> task) { return m_io.run(std::move(task), m_limits.deadline()); }

  OpenResult timed_out() const
  {
    return outcome(OpenStatus::unreachable, timed_out_message(m_limits.settings().timeout));
  }

  // The confined folder standing for share, opened on first use. ADMIN$ is
  // the image itself and must be a Windows directory.
  std::shared_ptr<ConfinedRoot> root_for(const std::string& share, OpenResult& problem)
  {
    const bool is_admin = iequals(share, m_target.admin_share);
    const std::string key = util::to_upper(share);
    if (const auto found = m_roots.find(key); found != m_roots.end()) {
      const auto& [status, detail] = m_root_problems[key];
      problem = outcome(status, detail);
      return found->second;
    }
    std::string path;
    if (is_admin) {
      path = m_target.admin_dir;
    } else if (const auto mapped = m_target.share_dirs.find(key); mapped != m_target.share_dirs.end()) {
      path = mapped->second;
    } else {
      problem =
        outcome(OpenStatus::not_found, "share " + share + " is not mapped to a folder (--share " + share + "=DIR)");
      return nullptr;
    }
    auto root = std::make_shared<std::shared_ptr<ConfinedRoot>>();
    auto check = std::make_shared<std::string>();
    if (!io([root, check, path, is_admin] {
          *root = std::make_shared<ConfinedRoot>(path);
          if ((*root)->ok() && is_admin) {
            *check = windows_directory_problem(path);
          }
        })) {
      problem = timed_out();
      return nullptr;
    }
    if (!(*root)->ok()) {
      const int error = (*root)->errno_value();
      // The image (or mounted share) is not there at all: the machine cannot be scanned.
      problem = error == ENOENT || error == ENOTDIR
                  ? outcome(is_admin ? OpenStatus::unreachable : OpenStatus::not_found, "no such folder: " + path)
                  : failure(error, path);
      m_root_problems[key] = {problem.status, problem.detail};
      m_roots[key] = nullptr;
      return nullptr;
    }
    if (!check->empty()) {
      problem = outcome(OpenStatus::invalid_target, *check);
      m_root_problems[key] = {problem.status, problem.detail};
      m_roots[key] = nullptr;
      return nullptr;
    }
    m_roots[key] = *root;
    m_root_problems[key] = {OpenStatus::ok, {}};
    return *root;
  }

  // Finds wanted in the folder relative (shown for messages) and checks what
  // it is. On success, detail holds the name as the file system spells it.
  OpenResult look_up(const std::shared_ptr<ConfinedRoot>& root, const std::string& relative, const std::string& shown,
                     std::string_view wanted, bool want_folder)
  {
    const std::pair<const ConfinedRoot*, std::string> key{root.get(), relative};
    auto cached = m_listings.find(key);
    if (cached == m_listings.end()) {
      auto listing = std::make_shared<ConfinedRoot::Listing>();
      if (!io([listing, root, relative] { *listing = root->list(relative); })) {
        return timed_out();
      }
      cached = m_listings.emplace(key, *listing).first;
    }
    const ConfinedRoot::Listing& listing = cached->second;
    if (!listing.ok) {
      return failure(listing.error, shown);
    }
    std::vector<std::string> matches;
    for (const std::string& entry : listing.names) {
      if (iequals(entry, wanted)) {
        matches.push_back(entry);
      }
    }
    if (matches.empty()) {
      return outcome(OpenStatus::not_found, {});
    }
    if (matches.size() > 1) {
      std::sort(matches.begin(), matches.end());
      return outcome(OpenStatus::rejected, shown + " holds several names that differ only in case: " +
                                             util::join(matches, ", ") + "; which one Windows would use is unknown");
    }
    const std::string path = relative + (relative.empty() ? "" : "/") + matches[0];
    const std::string entry_shown = shown + "\\" + matches[0];
    auto info = std::make_shared<struct stat>();
    auto error = std::make_shared<int>(0);
    auto found = std::make_shared<bool>(false);
    if (!io([root, path, info, error, found] { *found = root->stat_beneath(path, *info, *error); })) {
      return timed_out();
    }
    if (!*found) {
      if (*error == ENOENT) {
        return outcome(OpenStatus::rejected, entry_shown + " is a link that leads nowhere");
      }
      return failure(*error, entry_shown);
    }
    if (want_folder && !S_ISDIR(info->st_mode)) {
      return outcome(OpenStatus::rejected, entry_shown + " is " + type_name(info->st_mode) + ", not a folder");
    }
    if (!want_folder && !S_ISREG(info->st_mode)) {
      return outcome(OpenStatus::rejected, entry_shown + " is " + type_name(info->st_mode) + ", not a regular file");
    }
    return outcome(OpenStatus::ok, matches[0]);
  }

  OpenResult open_file(const std::shared_ptr<ConfinedRoot>& root, const std::string& path, const std::string& shown,
                       const std::string& actual)
  {
    auto fd = std::make_shared<int>(-1);
    auto error = std::make_shared<int>(0);
    auto info = std::make_shared<struct stat>();
    // Opened without blocking and checked again: the entry may have changed
    // since it was looked up.
    if (!io([root, path, fd, error, info] {
          *fd = root->open_beneath(path, O_RDONLY | O_NONBLOCK | O_NOCTTY);
          *error = errno;
          if (*fd >= 0 && ::fstat(*fd, info.get()) != 0) {
            *error = errno;
            ::close(*fd);
            *fd = -1;
          }
        })) {
      return timed_out();
    }
    if (*fd < 0) {
      return failure(*error, shown);
    }
    std::shared_ptr<const int> held = owned_fd(*fd);
    if (!S_ISREG(info->st_mode)) {
      return outcome(OpenStatus::rejected, shown + " is " + type_name(info->st_mode) + ", not a regular file");
    }
    ::fcntl(*held, F_SETFL, ::fcntl(*held, F_GETFL) & ~O_NONBLOCK);
    OpenResult result;
    result.status = OpenStatus::ok;
    result.file = std::make_unique<LocalFile>(held, actual, *info, m_io, m_limits);
    return result;
  }

  const Target& m_target;
  Limits m_limits;
  // Its tasks own copies of what they touch (roots by shared_ptr), so a task
  // still stuck in a call after the session ended touches nothing freed.
  DeadlineIo m_io;
  std::map<std::string, std::shared_ptr<ConfinedRoot>> m_roots;                            // by upper-case share
  std::map<std::string, std::pair<OpenStatus, std::string>> m_root_problems;               // why a root is null
  std::map<std::pair<const ConfinedRoot*, std::string>, ConfinedRoot::Listing> m_listings; // by root and folder
};

class LocalTransport : public Transport
{
public:
  std::string_view name() const override { return "local"; }
  std::unique_ptr<MachineSession> start(const Target& target, const SessionSettings& settings) override
  {
    return std::make_unique<LocalSession>(target, settings);
  }
};

} // namespace

std::string windows_directory_problem(const std::string& path)
{
  if (!child_folder(path, "system32").empty()) {
    return {};
  }
  const std::string problem = path + " is not a Windows directory (it has no System32 folder)";
  // A drive root or profile folder holding the Windows directory.
  for (const char* windows : {"WINNT", "Windows", "WINNT35", "WTSRV"}) {
    const std::string child = child_folder(path, windows);
    if (!child.empty() && !child_folder(path + "/" + child, "system32").empty()) {
      return problem + "; did you mean " + path + "/" + child + "?";
    }
  }
  // Inside an image: the client folder itself, or a folder on the way to it.
  std::string ancestor = path;
  for (int up = 0; up < 5; ++up) {
    while (ancestor.size() > 1 && ancestor.back() == '/') {
      ancestor.pop_back();
    }
    const std::size_t slash = ancestor.rfind('/');
    if (slash == std::string::npos || ancestor == "/") {
      break;
    }
    ancestor = slash == 0 ? "/" : ancestor.substr(0, slash);
    if (!child_folder(ancestor, "system32").empty()) {
      return problem + "; did you mean the image root " + ancestor + "?";
    }
  }
  // A folder of machine images.
  std::vector<std::string> images;
  for (const std::string& entry : plain_listing(path)) {
    if (is_folder(path + "/" + entry) && !child_folder(path + "/" + entry, "system32").empty()) {
      images.push_back(entry);
    }
  }
  if (!images.empty()) {
    std::sort(images.begin(), images.end());
    const std::size_t shown = std::min<std::size_t>(images.size(), 3);
    std::vector<std::string> examples(images.begin(), images.begin() + static_cast<std::ptrdiff_t>(shown));
    return problem + "; it holds " + std::to_string(images.size()) + " machine image" +
           (images.size() == 1 ? "" : "s") + " (" + util::join(examples, ", ") +
           (images.size() > shown ? ", ..." : "") + "): give those";
  }
  return problem;
}

std::unique_ptr<Transport> make_local_transport()
{
  return std::make_unique<LocalTransport>();
}

} // namespace smsscan::transport
