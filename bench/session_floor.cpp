// session_floor: the cost of the SMB sessions alone. For each machine: one
// libsmbclient context, a listing of MS\SMS\CORE\BIN and a stat of every
// entry; no PE reading and no verdicts. The benchmark runs it beside
// smsscan to show how close smsscan gets to what the server allows.
// libsmbclient is not thread-safe, so --jobs N forks N processes, each
// taking every N-th machine.
//
//   session_floor [--jobs N] USER ADDRESS...     (password in SMSSCAN_PASSWORD)
#include <libsmbclient.h>

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

std::string g_user;
std::string g_password;

void authenticate(SMBCCTX*, const char*, const char*, char* workgroup, int workgroup_size, char* user, int user_size,
                  char* password, int password_size)
{
  std::snprintf(workgroup, static_cast<std::size_t>(workgroup_size), "%s", "FLEET");
  std::snprintf(user, static_cast<std::size_t>(user_size), "%s", g_user.c_str());
  std::snprintf(password, static_cast<std::size_t>(password_size), "%s", g_password.c_str());
}

// Returns the number of files statted, or -1 if the machine failed.
int scan_one(const std::string& address)
{
  SMBCCTX* context = smbc_new_context();
  if (!context) {
    return -1;
  }
  smbc_setDebug(context, 0);
  smbc_setFunctionAuthDataWithContext(context, authenticate);
  smbc_setOptionUseKerberos(context, 0);
  smbc_setOptionNoAutoAnonymousLogin(context, 1);
  smbc_setTimeout(context, 10000);
  if (!smbc_init_context(context)) {
    smbc_free_context(context, 1);
    return -1;
  }
  const std::string folder = "smb://" + address + "/ADMIN$/MS/SMS/CORE/BIN";
  int files = -1;
  errno = 0;
  if (SMBCFILE* dir = smbc_getFunctionOpendir(context)(context, folder.c_str())) {
    files = 0;
    std::vector<std::string> names;
    while (const smbc_dirent* entry = smbc_getFunctionReaddir(context)(context, dir)) {
      if (entry->smbc_type == SMBC_FILE) {
        names.emplace_back(entry->name);
      }
    }
    smbc_getFunctionClosedir(context)(context, dir);
    for (const std::string& name : names) {
      struct stat info
      {
      };
      if (smbc_getFunctionStat(context)(context, (folder + "/" + name).c_str(), &info) == 0) {
        ++files;
      }
    }
  } else if (errno == ENOENT) {
    files = 0; // no SMS client on this machine: a session all the same
  }
  smbc_free_context(context, 1);
  return files;
}

} // namespace

int main(int argc, char** argv)
{
  int jobs = 1;
  int first = 1;
  if (argc > 2 && std::strcmp(argv[1], "--jobs") == 0) {
    jobs = std::max(1, std::atoi(argv[2]));
    first = 3;
  }
  if (argc - first < 2 || !std::getenv("SMSSCAN_PASSWORD")) {
    std::fprintf(stderr, "usage: SMSSCAN_PASSWORD=... session_floor [--jobs N] USER ADDRESS...\n");
    return 2;
  }
  g_user = argv[first];
  g_password = std::getenv("SMSSCAN_PASSWORD");
  std::vector<std::string> addresses(argv + first + 1, argv + argc);
  std::vector<pid_t> children;
  for (int job = 0; job < jobs; ++job) {
    const pid_t pid = ::fork();
    if (pid == 0) {
      int failed = 0;
      long files = 0;
      for (std::size_t k = static_cast<std::size_t>(job); k < addresses.size(); k += static_cast<std::size_t>(jobs)) {
        const int n = scan_one(addresses[k]);
        failed += n < 0 ? 1 : 0;
        files += n < 0 ? 0 : n;
      }
      std::printf("job %d: %ld files, %d machines failed\n", job, files, failed);
      std::fflush(stdout);
      ::_exit(failed == 0 ? 0 : 1);
    }
    children.push_back(pid);
  }
  int status = 0;
  bool ok = true;
  for (const pid_t pid : children) {
    ::waitpid(pid, &status, 0);
    ok = ok && WIFEXITED(status) && WEXITSTATUS(status) == 0;
  }
  std::printf("%zu machines\n", addresses.size());
  return ok ? 0 : 1;
}
