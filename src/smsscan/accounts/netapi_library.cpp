#include "smsscan/accounts/netapi_library.hpp"

#include "smsscan/util/host_address.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <utility>
#include <vector>

// Samba's loadparm setter for command-line options, exported by libsmbconf
// (the library libnetapi and libsmbclient load their settings with; it has
// no public header). libsmbclient's own option setters call it too.
extern "C" bool lp_set_cmdline(const char* name, const char* value);

namespace smsscan::accounts {

namespace {

constexpr std::size_t k_max_captured = 64 * 1024;

int g_capture_fd = -1; // a memory file, made on first use

std::string masked(std::string text, const std::string& secret)
{
  if (!secret.empty()) {
    for (std::size_t at = text.find(secret); at != std::string::npos; at = text.find(secret, at)) {
      text.replace(at, secret.size(), "****");
    }
  }
  return text;
}

} // namespace

void init_netapi_process()
{
  static bool done = false;
  if (done) {
    return;
  }
  done = true;
  for (const char* name : {"USER", "LOGNAME", "PASSWD", "PASSWD_FD", "PASSWD_FILE", "KRB5CCNAME"}) {
    ::unsetenv(name);
  }
}

int netapi_debug_level()
{
  const char* level = std::getenv("SMSSCAN_NETAPI_DEBUG");
  return level == nullptr ? 0 : std::clamp(std::atoi(level), 0, 10);
}

std::string capture_output(const std::function<void()>& call, const std::string& secret)
{
  if (g_capture_fd < 0) {
    g_capture_fd = ::memfd_create("smsscan-netapi-output", MFD_CLOEXEC);
  }
  if (g_capture_fd < 0) {
    // Without a buffer the messages are lost (the failure then counts as a
    // refused logon), but never reach the scanner's reports.
    g_capture_fd = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
  }
  std::fflush(stdout);
  std::fflush(stderr);
  const int saved_out = ::dup(STDOUT_FILENO);
  const int saved_err = ::dup(STDERR_FILENO);
  if (g_capture_fd >= 0 && ::ftruncate(g_capture_fd, 0) != 0) {
    // /dev/null cannot be truncated; a memory file always can.
  }
  // The write offset is shared with standard output and error once they are
  // redirected; truncating leaves it where the last call stopped, so each
  // capture would start with a gap of NUL bytes that grows until the text
  // falls past what is read back.
  if (g_capture_fd >= 0) {
    ::lseek(g_capture_fd, 0, SEEK_SET);
  }
  const bool redirected = g_capture_fd >= 0 && saved_out >= 0 && saved_err >= 0 &&
                          ::dup2(g_capture_fd, STDOUT_FILENO) >= 0 && ::dup2(g_capture_fd, STDERR_FILENO) >= 0;
  call();
  std::fflush(stdout);
  std::fflush(stderr);
  std::string text;
  if (redirected) {
    std::vector<char> buffer(k_max_captured);
    const ssize_t got = ::pread(g_capture_fd, buffer.data(), buffer.size(), 0);
    if (got > 0) {
      text.assign(buffer.data(), static_cast<std::size_t>(got));
    }
  }
  if (saved_out >= 0) {
    ::dup2(saved_out, STDOUT_FILENO);
    ::close(saved_out);
  }
  if (saved_err >= 0) {
    ::dup2(saved_err, STDERR_FILENO);
    ::close(saved_err);
  }
  if (netapi_debug_level() > 0 && !text.empty()) {
    std::fprintf(stderr, "netapi[%d]: %s\n", static_cast<int>(::getpid()), masked(text, secret).c_str());
  }
  return text;
}

std::optional<ConnectionProblem> set_up_connection(const QueryRequest& request, Connection& connection)
{
  connection.label = "\\\\" + request.host;
  if (request.port != 0 && request.port != 445 && request.port != 139) {
    return ConnectionProblem{MachineStatus::error, connection.label +
                                                     ": libnetapi connects on ports 445 and 139 "
                                                     "only; port " +
                                                     std::to_string(request.port) + " cannot be queried"};
  }
  // The NetBIOS lookup ran on the scanner's side (as for `scan`); any other
  // name goes to the system resolver.
  util::Expected<std::string> address =
    request.address.empty() ? util::numeric_address(request.host) : util::Expected<std::string>(request.address);
  if (!address) {
    return ConnectionProblem{MachineStatus::unreachable, "cannot resolve " + request.host + ": " +
                                                           (request.tried.empty() ? "" : request.tried + "; ") +
                                                           address.error().message};
  }
  connection.address = std::move(*address);
  const std::pair<const char*, const char*> settings[] = {
    {"client min protocol", "NT1"},
    {"client max protocol", "SMB3"},
    {"client ipc min protocol", "NT1"},
    {"client ipc max protocol", "SMB3"},
    {"client use kerberos", "off"},
    {"name resolve order", "host"},
    {"client ntlmv2 auth", request.ntlmv1 ? "no" : "yes"}, // no: NTLMv1 answers for NT 4.0 before SP4
    {"client lanman auth", "no"},
    {"client plaintext auth", "no"},
  };
  for (const auto& [name, value] : settings) {
    if (!lp_set_cmdline(name, value)) {
      return ConnectionProblem{MachineStatus::error,
                               std::string("libnetapi refused the setting \"") + name + " = " + value + "\""};
    }
  }
  return std::nullopt;
}

} // namespace smsscan::accounts
