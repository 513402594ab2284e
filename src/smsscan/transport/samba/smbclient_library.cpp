#include "smsscan/transport/samba/smbclient_library.hpp"

#include "smsscan/util/error.hpp"
#include "smsscan/worker/codec.hpp"

#include <dlfcn.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace smsscan::transport::samba {

namespace {

// Process-wide state of the worker (single-threaded).
LogMarkers* g_capture = nullptr; // the call in progress, if any
int g_forward_level = -1;        // SMSSCAN_SMBCLIENT_DEBUG
std::string g_secret;            // masked in forwarded messages
int g_lmhosts = -1;              // memfd holding the lmhosts file, once set up
std::string g_conf_path;         // our smb.conf (a memfd), "" when it could not be made
std::string g_default_workgroup; // libsmbclient's, for sessions whose credentials name no domain

// The markers are logged at level 4. Setting the level costs more than the
// messages it lets through (libsmbclient re-parses its debug settings on
// every smbc_setDebug), so every context runs at level 4 (more only for
// SMSSCAN_SMBCLIENT_DEBUG) and the callback drops what no capture wants.
int debug_level()
{
  return std::max(4, g_forward_level > 0 ? std::min(g_forward_level, 10) : 0);
}

void forward(int level, const char* message)
{
  std::string text(message);
  if (!g_secret.empty()) {
    for (std::size_t at = text.find(g_secret); at != std::string::npos; at = text.find(g_secret, at)) {
      text.replace(at, g_secret.size(), "****");
    }
  }
  while (!text.empty() && text.back() == '\n') {
    text.pop_back();
  }
  std::fprintf(stderr, "smbclient[%d] %d: %s\n", static_cast<int>(::getpid()), level, text.c_str());
}

void on_log(void*, int level, const char* message)
{
  if (message == nullptr) {
    return;
  }
  if (g_capture != nullptr) {
    g_capture->observe(message);
  }
  if (level <= g_forward_level) {
    forward(level, message);
  }
}

void copy_field(char* out, int size, const std::string& value, bool keep_if_empty)
{
  if (size <= 0 || (keep_if_empty && value.empty())) {
    return;
  }
  const std::size_t length = std::min(value.size(), static_cast<std::size_t>(size - 1));
  std::memcpy(out, value.data(), length);
  out[length] = '\0';
}

void on_auth(SMBCCTX* context, const char*, const char*, char* workgroup, int workgroup_size, char* user, int user_size,
             char* password, int password_size)
{
  const auto* credentials = static_cast<const WorkerCredentials*>(smbc_getOptionUserData(context));
  if (credentials == nullptr) {
    copy_field(user, user_size, "", false);
    copy_field(password, password_size, "", false);
    return;
  }
  copy_field(workgroup, workgroup_size, credentials->domain, true);
  copy_field(user, user_size, credentials->user, false);
  copy_field(password, password_size, credentials->password, false);
}

// A memfd holding text, or -1.
int memory_file(const char* name, const std::string& text)
{
  const int fd = ::memfd_create(name, MFD_CLOEXEC);
  if (fd < 0) {
    return -1;
  }
  if (::write(fd, text.data(), text.size()) != static_cast<ssize_t>(text.size())) {
    ::close(fd);
    return -1;
  }
  return fd;
}

std::string fd_path(int fd)
{
  return "/proc/self/fd/" + std::to_string(fd);
}

// Our own smb.conf (see the header), and the lmhosts file when libsamba-util
// lets us point libsmbclient at one. smbc_init_context loads the system's
// smb.conf again for every context, so new_context applies ours to each.
void configure(const LibraryOptions& options)
{
  using SetPath = void (*)(const char*);
  const auto set_lmhosts = reinterpret_cast<SetPath>(::dlsym(RTLD_DEFAULT, "set_dyn_LMHOSTSFILE"));
  if (set_lmhosts != nullptr) {
    g_lmhosts = memory_file("smsscan-lmhosts", "");
    if (g_lmhosts >= 0) {
      set_lmhosts(fd_path(g_lmhosts).c_str());
    }
  }
  std::string conf = "[global]\n"
                     "  name resolve order = lmhosts\n"
                     "  name cache timeout = 0\n"
                     "  client lanman auth = no\n";
  conf += options.ntlmv1 ? "  client ntlmv2 auth = no\n" : "  client ntlmv2 auth = yes\n";
  const int fd = memory_file("smsscan-smb.conf", conf);
  if (fd >= 0) {
    g_conf_path = fd_path(fd); // kept open for the worker's life
  }
}

} // namespace

// libsmbclient makes a tevent context for every call it waits on. With a
// single socket to watch, tevent's poll backend costs less than its default
// epoll one (no epoll_create, epoll_ctl and close per call).
void prefer_poll_backend()
{
  using SetBackend = void (*)(const char*);
  if (const auto set = reinterpret_cast<SetBackend>(::dlsym(RTLD_DEFAULT, "tevent_set_default_backend"))) {
    set("poll");
  }
}

void init_library(const LibraryOptions& options)
{
  static bool done = false;
  if (done) {
    return;
  }
  done = true;
  prefer_poll_backend();
  if (const char* level = std::getenv("SMSSCAN_SMBCLIENT_DEBUG")) {
    g_forward_level = std::atoi(level);
  }
  SMBCCTX* anchor = smbc_new_context();
  if (anchor == nullptr) {
    return;
  }
  smbc_setLogCallback(anchor, nullptr, on_log); // process-wide: no more output to stdout
  smbc_setDebug(anchor, debug_level());
  smbc_setFunctionAuthDataWithContext(anchor, on_auth);
  smbc_setOptionUserData(anchor, nullptr);
  smbc_init_context(anchor);
  configure(options);
}

bool set_lmhosts_entry(const std::string& name, const std::string& address)
{
  if (g_lmhosts < 0) {
    return false;
  }
  const std::string line = address + " " + name + "\n";
  return ::ftruncate(g_lmhosts, 0) == 0 &&
         ::pwrite(g_lmhosts, line.data(), line.size(), 0) == static_cast<ssize_t>(line.size());
}

void set_debug_secret(const std::string& password)
{
  worker::wipe(g_secret);
  g_secret = password;
}

LogCapture::LogCapture(LogMarkers& into) : m_previous(g_capture)
{
  into = LogMarkers{};
  g_capture = &into;
}

LogCapture::~LogCapture()
{
  g_capture = m_previous;
}

SMBCCTX* new_context(std::string& problem)
{
  SMBCCTX* context = smbc_new_context();
  if (context == nullptr) {
    problem = "libsmbclient: cannot create a context: " + util::errno_text(errno);
    return nullptr;
  }
  smbc_setDebug(context, debug_level());
  smbc_setOptionProtocols(context, "NT1", "SMB3"); // client min/max protocol (process-wide in 4.17)
  smbc_setOptionUserData(context, nullptr);
  smbc_setFunctionAuthDataWithContext(context, on_auth);
  smbc_setOptionUseKerberos(context, 0);
  smbc_setOptionFallbackAfterKerberos(context, 1);
  smbc_setOptionUseCCache(context, 0);
  smbc_setOptionNoAutoAnonymousLogin(context, 1);
  // "One share per server" is not used: 4.17 then tree-connects the previous
  // share again instead of the one asked for.
  smbc_setOptionOneSharePerServer(context, 0);
  smbc_setOptionCaseSensitive(context, 0);
  smbc_setOptionUrlEncodeReaddirEntries(context, 0);
  smbc_setOptionBrowseMaxLmbCount(context, 1);
  smbc_setPort(context, 445); // every URL names its port
  if (smbc_init_context(context) == nullptr) {
    const int error = errno;
    smbc_free_context(context, 1);
    problem = "libsmbclient: cannot initialise a context: " + util::errno_text(error);
    return nullptr;
  }
  if (g_conf_path.empty() || smbc_setConfiguration(context, g_conf_path.c_str()) != 0) {
    smbc_free_context(context, 1);
    problem = "libsmbclient: cannot load smsscan's client configuration";
    return nullptr;
  }
  if (const char* workgroup = smbc_getWorkgroup(context)) {
    g_default_workgroup = workgroup;
  }
  return context;
}

void start_session(SMBCCTX* context, const SessionOptions& options)
{
  smbc_setTimeout(context, static_cast<int>(std::min<std::uint32_t>(options.timeout_ms, 0x7fffffff)));
  smbc_setOptionUserData(context, const_cast<WorkerCredentials*>(options.credentials));
  const bool domain = options.credentials != nullptr && !options.credentials->domain.empty();
  smbc_setWorkgroup(context, domain ? options.credentials->domain.c_str() : g_default_workgroup.c_str());
}

void end_session(SMBCCTX* context)
{
  smbc_getFunctionPurgeCachedServers(context)(context);
  smbc_setOptionUserData(context, nullptr);
}

} // namespace smsscan::transport::samba
