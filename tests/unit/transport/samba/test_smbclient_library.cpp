// libsmbclient's set-up in a worker: a context is made, and its progress
// messages reach the log capture (the markers the lockout decision rests
// on). libsmbclient runs in a forked child, never in the test process.
#ifdef SMSSCAN_TEST_HAVE_SMBCLIENT

#include "smsscan/transport/samba/smbclient_library.hpp"
#include "transport/transport_support.hpp"

#include <doctest/doctest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <string>

using namespace smsscan;
using namespace smsscan::transport::samba;

namespace {

// Runs body in a child process and returns its exit status (body's result).
template <typename Body>
int in_child(Body body)
{
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::_exit(body());
  }
  int status = 0;
  REQUIRE(::waitpid(pid, &status, 0) == pid);
  REQUIRE(WIFEXITED(status));
  return WEXITSTATUS(status);
}

} // namespace

TEST_CASE("smbclient library: a connection attempt shows in the log markers, with the errno")
{
  const std::uint16_t port = test::closed_loopback_port();
  const int result = in_child([port] {
    init_library({});
    WorkerCredentials credentials{"FLEET", "someone", "secret"};
    std::string problem;
    SMBCCTX* context = new_context(problem);
    if (context == nullptr) {
      return 10;
    }
    SessionOptions options;
    options.timeout_ms = 5000;
    options.credentials = &credentials;
    start_session(context, options);
    const std::string url = "smb://127.0.0.1:" + std::to_string(port) + "/ADMIN$/";
    LogMarkers seen;
    SMBCFILE* dir = nullptr;
    int error = 0;
    {
      const LogCapture capture(seen);
      dir = smbc_getFunctionOpendir(context)(context, url.c_str());
      error = errno;
    }
    if (dir != nullptr) {
      return 11;
    }
    if (!seen.attempted || seen.session_ok || seen.tcon_ok) {
      return 12;
    }
    if (error != ECONNREFUSED) {
      return 13;
    }
    // Once the capture is over, later calls leave the markers alone.
    seen = LogMarkers{};
    smbc_getFunctionOpendir(context)(context, url.c_str());
    if (seen.attempted) {
      return 14;
    }
    end_session(context);
    smbc_free_context(context, 1);
    return 0;
  });
  CHECK(result == 0);
}

TEST_CASE("smbclient library: a NetBIOS name in a URL resolves through the worker's one lmhosts entry only")
{
  const std::uint16_t port = test::closed_loopback_port();
  const int result = in_child([port] {
    init_library({});
    std::string problem;
    SMBCCTX* context = new_context(problem);
    if (context == nullptr) {
      return 10;
    }
    start_session(context, SessionOptions{});
    if (!set_lmhosts_entry("PCLOOPBACK", "127.0.0.1")) {
      return 11; // this libsmbclient cannot be given an lmhosts file
    }
    const std::string url = "smb://PCLOOPBACK:" + std::to_string(port) + "/ADMIN$/";
    errno = 0;
    if (smbc_getFunctionOpendir(context)(context, url.c_str()) != nullptr || errno != ECONNREFUSED) {
      return 12; // the name did not lead to 127.0.0.1 (refused there)
    }
    // Another name is not found: libsmbclient asks nobody else (no DNS, WINS
    // or broadcast), so nothing is refused either.
    const std::string other = "smb://PCELSEWHERE:" + std::to_string(port) + "/ADMIN$/";
    errno = 0;
    if (smbc_getFunctionOpendir(context)(context, other.c_str()) != nullptr || errno == ECONNREFUSED) {
      return 13;
    }
    smbc_free_context(context, 1);
    return 0;
  });
  CHECK(result == 0);
}

#endif
