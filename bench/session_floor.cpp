// session_floor: the cost of the SMB sessions alone. For each machine: one
// libsmbclient context, a listing of MS\SMS\CORE\BIN and a stat of every
// entry; no PE reading and no verdicts. The benchmark runs it beside
// smsscan to show how close smsscan gets to what the server allows.
//
//   session_floor [--jobs N] USER ADDRESS...     (password in SMSSCAN_PASSWORD)
#include <libsmbclient.h>

#include <sys/stat.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
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
      struct stat info {};
      if (smbc_getFunctionStat(context)(context, (folder + "/" + name).c_str(), &info) == 0) {
        ++files;
      }
    }
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
  std::atomic<std::size_t> next{0};
  std::atomic<int> failed{0};
  std::atomic<long> files{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < jobs; ++i) {
    threads.emplace_back([&] {
      for (std::size_t k = next++; k < addresses.size(); k = next++) {
        const int n = scan_one(addresses[k]);
        if (n < 0) {
          ++failed;
        } else {
          files += n;
        }
      }
    });
  }
  for (std::thread& thread : threads) {
    thread.join();
  }
  std::printf("%zu machines, %ld files, %d failed\n", addresses.size(), files.load(), failed.load());
  return failed.load() == 0 ? 0 : 1;
}
