// session_floor: the client cost of smsscan's quick-mode work with nothing
// else: per machine one listing of MS\SMS\CORE\BIN and an 8 KiB read of each
// .exe/.dll (open, read, close), through bare libsmbclient, no verdicts, no
// worker protocol. The benchmark runs it beside smsscan to show how close
// smsscan gets to what libsmbclient itself costs.
//
//   session_floor [--jobs N] [--reuse] [--protocol NT1|SMB3] [--port N] USER ADDRESS...
//
// (password in SMSSCAN_PASSWORD; domain FLEET). --reuse keeps one context per
// process and purges its cached servers after each machine, as smsscan's
// workers do; without it every machine gets a fresh context. libsmbclient is
// not thread-safe, so --jobs N forks N processes, each taking every N-th
// machine. Prints the machines, PE files read and the client CPU per machine
// (all processes, from getrusage of the children).
#include <libsmbclient.h>

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <strings.h>
#include <vector>

namespace {

std::string g_user;
std::string g_password;

struct Options
{
  int jobs = 1;
  bool reuse = false;
  std::string protocol = "SMB3";
  int port = 445;
};

void authenticate(SMBCCTX*, const char*, const char*, char* workgroup, int workgroup_size, char* user, int user_size,
                  char* password, int password_size)
{
  std::snprintf(workgroup, static_cast<std::size_t>(workgroup_size), "%s", "FLEET");
  std::snprintf(user, static_cast<std::size_t>(user_size), "%s", g_user.c_str());
  std::snprintf(password, static_cast<std::size_t>(password_size), "%s", g_password.c_str());
}

SMBCCTX* make_context(const Options& options)
{
  SMBCCTX* context = smbc_new_context();
  if (!context) {
    return nullptr;
  }
  smbc_setDebug(context, 0);
  smbc_setFunctionAuthDataWithContext(context, authenticate);
  smbc_setOptionUseKerberos(context, 0);
  smbc_setOptionNoAutoAnonymousLogin(context, 1);
  smbc_setOptionProtocols(context, "NT1", options.protocol.c_str());
  smbc_setTimeout(context, 10000);
  if (!smbc_init_context(context)) {
    smbc_free_context(context, 1);
    return nullptr;
  }
  return context;
}

bool is_pe_name(const std::string& name)
{
  return name.size() > 4 && (strcasecmp(name.c_str() + name.size() - 4, ".exe") == 0 ||
                             strcasecmp(name.c_str() + name.size() - 4, ".dll") == 0);
}

// Returns the number of PE files read, or -1 if the machine failed.
int scan_one(SMBCCTX* context, const std::string& address, int port)
{
  const std::string folder = "smb://" + address + ":" + std::to_string(port) + "/ADMIN$/MS/SMS/CORE/BIN";
  errno = 0;
  SMBCFILE* dir = smbc_getFunctionOpendir(context)(context, folder.c_str());
  if (dir == nullptr) {
    return errno == ENOENT ? 0 : -1; // no SMS client on this machine: a session all the same
  }
  std::vector<std::string> names;
  while (const smbc_dirent* entry = smbc_getFunctionReaddir(context)(context, dir)) {
    if (entry->smbc_type == SMBC_FILE && is_pe_name(entry->name)) {
      names.emplace_back(entry->name);
    }
  }
  smbc_getFunctionClosedir(context)(context, dir);
  int files = 0;
  char buffer[8192];
  for (const std::string& name : names) {
    SMBCFILE* file = smbc_getFunctionOpen(context)(context, (folder + "/" + name).c_str(), O_RDONLY, 0);
    if (file != nullptr) {
      files += smbc_getFunctionRead(context)(context, file, buffer, sizeof buffer) > 0 ? 1 : 0;
      smbc_getFunctionClose(context)(context, file);
    }
  }
  return files;
}

int run_job(const Options& options, const std::vector<std::string>& addresses, int job)
{
  int failed = 0;
  long files = 0;
  SMBCCTX* shared = options.reuse ? make_context(options) : nullptr;
  for (std::size_t k = static_cast<std::size_t>(job); k < addresses.size();
       k += static_cast<std::size_t>(options.jobs)) {
    SMBCCTX* context = shared ? shared : make_context(options);
    const int n = context ? scan_one(context, addresses[k], options.port) : -1;
    failed += n < 0 ? 1 : 0;
    files += n < 0 ? 0 : n;
    if (shared) {
      smbc_getFunctionPurgeCachedServers(shared)(shared);
    } else if (context) {
      smbc_free_context(context, 1);
    }
  }
  std::printf("job %d: %ld PE files read, %d machines failed\n", job, files, failed);
  std::fflush(stdout);
  return failed == 0 ? 0 : 1;
}

} // namespace

int main(int argc, char** argv)
{
  Options options;
  int first = 1;
  while (first < argc && std::strncmp(argv[first], "--", 2) == 0) {
    const std::string flag = argv[first];
    if (flag == "--reuse") {
      options.reuse = true;
      first += 1;
    } else if (first + 1 < argc && flag == "--jobs") {
      options.jobs = std::max(1, std::atoi(argv[first + 1]));
      first += 2;
    } else if (first + 1 < argc && flag == "--protocol") {
      options.protocol = argv[first + 1];
      first += 2;
    } else if (first + 1 < argc && flag == "--port") {
      options.port = std::atoi(argv[first + 1]);
      first += 2;
    } else {
      break;
    }
  }
  if (argc - first < 2 || !std::getenv("SMSSCAN_PASSWORD")) {
    std::fprintf(stderr, "usage: SMSSCAN_PASSWORD=... session_floor [--jobs N] [--reuse] [--protocol NT1|SMB3] "
                         "[--port N] USER ADDRESS...\n");
    return 2;
  }
  g_user = argv[first];
  g_password = std::getenv("SMSSCAN_PASSWORD");
  std::vector<std::string> addresses(argv + first + 1, argv + argc);
  std::vector<pid_t> children;
  for (int job = 0; job < options.jobs; ++job) {
    const pid_t pid = ::fork();
    if (pid == 0) {
      ::_exit(run_job(options, addresses, job));
    }
    children.push_back(pid);
  }
  bool ok = true;
  for (const pid_t pid : children) {
    int status = 0;
    ::waitpid(pid, &status, 0);
    ok = ok && WIFEXITED(status) && WEXITSTATUS(status) == 0;
  }
  rusage usage{};
  ::getrusage(RUSAGE_CHILDREN, &usage);
  const double cpu = static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
                     static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
  std::printf("%zu machines, %s context, %s, client CPU %.3f s, %.2f ms per machine\n", addresses.size(),
              options.reuse ? "one reused" : "a fresh", options.protocol.c_str(), cpu,
              1000.0 * cpu / static_cast<double>(std::max<std::size_t>(addresses.size(), 1)));
  return ok ? 0 : 1;
}
