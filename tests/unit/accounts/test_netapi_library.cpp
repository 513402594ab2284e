// Tests for accounts/netapi_library.cpp: libnetapi's set-up in a worker, with
// real libnetapi and Samba's loadparm, each case in a forked child (the
// settings are process-wide and would otherwise reach the libsmbclient
// workers later tests fork): the environment Samba's credential guess reads
// is cleared, capture_output keeps what a call prints out of the reports and
// copies it for SMSSCAN_NETAPI_DEBUG with the password masked, and the
// connection set-up refuses what libnetapi cannot do, takes the scanner's
// NetBIOS answer as it is, and makes the client settings the query relies on
// (no LANMAN, no plain text, no Kerberos, no resolver but the host's, NTLMv1
// only when asked), which libnetapi_init's reading of smb.conf leaves alone.
// Nothing here opens a connection.
#ifdef SMSSCAN_TEST_HAVE_NETAPI

#include "smsscan/accounts/netapi_library.hpp"

#include "test_support.hpp"

#include <doctest/doctest.h>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
// netapi.h uses the fixed-width types without including their header.
#include <netapi.h>

// Samba's loadparm getters, exported by libsmbconf without a public header
// (like lp_set_cmdline, which the module calls).
extern "C" {
bool lp_client_lanman_auth(void);
bool lp_client_plaintext_auth(void);
bool lp_client_ntlmv2_auth(void);
int lp_client_use_kerberos(void);
const char** lp_name_resolve_order(void);
}

using namespace smsscan;
using namespace smsscan::accounts;

namespace {

// enum credentials_use_kerberos in Samba's credentials.h.
constexpr int k_kerberos_disabled = 0;

// Runs body in a child process and returns its exit status (body's result:
// 0 when every step held, else the number of the first that did not).
template <typename Body>
int in_child(Body body)
{
  std::fflush(stdout);
  std::fflush(stderr);
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::_exit(body());
  }
  int status = 0;
  REQUIRE(::waitpid(pid, &status, 0) == pid);
  REQUIRE(WIFEXITED(status));
  return WEXITSTATUS(status);
}

// Points a standard stream of this (child) process at a file.
bool redirect(int fd, const std::string& path)
{
  const int file = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (file < 0) {
    return false;
  }
  const bool done = ::dup2(file, fd) == fd;
  ::close(file);
  return done;
}

std::string file_text(const std::string& path)
{
  return test::read_file(path).value_or("<unreadable>");
}

QueryRequest request_for(const std::string& host, std::uint16_t port)
{
  QueryRequest request;
  request.host = host;
  request.port = port;
  return request;
}

// The settings set_up_connection makes, as loadparm now has them.
bool settings_hold(bool ntlmv1)
{
  const char** order = lp_name_resolve_order();
  return !lp_client_lanman_auth() && !lp_client_plaintext_auth() && lp_client_ntlmv2_auth() == !ntlmv1 &&
         lp_client_use_kerberos() == k_kerberos_disabled && order != nullptr && order[0] != nullptr &&
         std::strcmp(order[0], "host") == 0 && order[1] == nullptr;
}

} // namespace

TEST_CASE("netapi library: the environment Samba takes credentials from is cleared, once per process")
{
  const int result = in_child([] {
    const char* names[] = {"USER", "LOGNAME", "PASSWD", "PASSWD_FD", "PASSWD_FILE", "KRB5CCNAME"};
    for (const char* name : names) {
      ::setenv(name, "from-the-environment", 1);
    }
    ::setenv("HOME", "/home/kept", 1);
    init_netapi_process();
    for (const char* name : names) {
      if (std::getenv(name) != nullptr) {
        return 1;
      }
    }
    if (std::getenv("HOME") == nullptr) {
      return 2; // only those six
    }
    ::setenv("USER", "set-later", 1);
    init_netapi_process(); // does nothing the second time
    return std::getenv("USER") != nullptr ? 0 : 3;
  });
  CHECK(result == 0);
}

TEST_CASE("netapi library: capture_output keeps what a call prints on standard output and error, then puts them back")
{
  test::TemporaryFolder folder;
  const std::string out_path = folder / "stdout.txt";
  const std::string err_path = folder / "stderr.txt";
  const int result = in_child([&] {
    ::unsetenv("SMSSCAN_NETAPI_DEBUG");
    if (!redirect(STDOUT_FILENO, out_path) || !redirect(STDERR_FILENO, err_path)) {
      return 1;
    }
    std::printf("before\n");
    std::fflush(stdout);
    const std::string said = capture_output(
      [] {
        std::printf("Connection to 10.1.2.3 failed (Error NT_STATUS_CONNECTION_REFUSED)\n");
        std::fputs("session setup failed: NT_STATUS_LOGON_FAILURE\n", stderr);
        const char raw[] = "raw write\n";
        if (::write(STDERR_FILENO, raw, sizeof raw - 1) < 0) {
          std::_Exit(9);
        }
      },
      "secret");
    if (said.find("Connection to 10.1.2.3 failed (Error NT_STATUS_CONNECTION_REFUSED)") == std::string::npos ||
        said.find("session setup failed: NT_STATUS_LOGON_FAILURE") == std::string::npos ||
        said.find("raw write") == std::string::npos) {
      return 2;
    }
    // Each capture holds only its own call's text.
    const std::string next = capture_output([] { std::printf("second call\n"); }, "");
    if (next != "second call\n") {
      return 3;
    }
    // At most 64 KiB is kept of a long output.
    const std::string flood = capture_output([] { std::printf("%s", std::string(100 * 1024, 'x').c_str()); }, "");
    if (flood.size() != 64 * 1024 || flood.find_first_not_of('x') != std::string::npos) {
      return 4;
    }
    // However much earlier calls printed, a call's own text is all there
    // (the markers that tell an unreachable machine from a refused logon).
    const std::string later =
      capture_output([] { std::printf("Connection to 10.1.2.4 failed (Error NT_STATUS_IO_TIMEOUT)\n"); }, "");
    if (later != "Connection to 10.1.2.4 failed (Error NT_STATUS_IO_TIMEOUT)\n") {
      return 5;
    }
    std::printf("after\n");
    std::fputs("after on stderr\n", stderr);
    std::fflush(stdout);
    std::fflush(stderr);
    return 0;
  });
  CHECK(result == 0);
  // Nothing captured reached the streams, which work again afterwards.
  CHECK(file_text(out_path) == "before\nafter\n");
  CHECK(file_text(err_path) == "after on stderr\n");
}

TEST_CASE("netapi library: with SMSSCAN_NETAPI_DEBUG the captured text goes to standard error, the password masked")
{
  test::TemporaryFolder folder;
  const std::string password = "Sekrit-Pass-7731";
  for (const bool debug : {true, false}) {
    CAPTURE(debug);
    const std::string err_path = folder / (debug ? "debug.txt" : "quiet.txt");
    const int result = in_child([&] {
      if (debug) {
        ::setenv("SMSSCAN_NETAPI_DEBUG", "3", 1);
      } else {
        ::unsetenv("SMSSCAN_NETAPI_DEBUG");
      }
      if (!redirect(STDERR_FILENO, err_path)) {
        return 1;
      }
      const std::string said =
        capture_output([&] { std::printf("cli_full_connection: password %s refused\n", password.c_str()); }, password);
      // The classification gets the text as it was printed.
      return said == "cli_full_connection: password " + password + " refused\n" ? 0 : 2;
    });
    CHECK(result == 0);
    const std::string err = file_text(err_path);
    CHECK(err.find(password) == std::string::npos);
    if (debug) {
      CHECK(err.find("netapi[") == 0);
      CHECK(err.find("]: cli_full_connection: password **** refused") != std::string::npos);
    } else {
      CHECK(err.empty());
    }
  }
}

TEST_CASE("netapi library: the debug level is SMSSCAN_NETAPI_DEBUG's number, kept between 0 and 10")
{
  {
    const test::ScopedEnvironment unset("SMSSCAN_NETAPI_DEBUG", std::nullopt);
    CHECK(netapi_debug_level() == 0);
  }
  const std::pair<const char*, int> cases[] = {{"3", 3}, {"10", 10}, {"99", 10}, {"-4", 0}, {"none", 0}, {"", 0}};
  for (const auto& [text, level] : cases) {
    CAPTURE(text);
    const test::ScopedEnvironment set("SMSSCAN_NETAPI_DEBUG", std::string(text));
    CHECK(netapi_debug_level() == level);
  }
}

TEST_CASE("netapi library: ports 445, 139 or none pass, and the NetBIOS lookup's address is used as it is")
{
  const int result = in_child([] {
    for (const std::uint16_t port : {std::uint16_t{0}, std::uint16_t{445}, std::uint16_t{139}}) {
      Connection connection;
      if (set_up_connection(request_for("127.0.0.1", port), connection) || connection.address != "127.0.0.1" ||
          connection.label != "\\\\127.0.0.1") {
        return 1;
      }
    }
    // A port refused leaves the address unresolved (nothing is asked).
    Connection refused;
    const auto problem = set_up_connection(request_for("127.0.0.1", 8445), refused);
    if (!problem || problem->status != MachineStatus::error || !refused.address.empty() ||
        refused.label != "\\\\127.0.0.1") {
      return 2;
    }
    // The scanner found the name: the host is not resolved again (this one
    // could not be: an empty label, refused without a DNS query).
    QueryRequest found = request_for("no-such..host", 0);
    found.address = "10.1.2.3";
    Connection netbios;
    if (set_up_connection(found, netbios) || netbios.address != "10.1.2.3" || netbios.label != "\\\\no-such..host") {
      return 3;
    }
    Connection ipv6;
    if (set_up_connection(request_for("::1", 445), ipv6) || ipv6.address != "::1") {
      return 4;
    }
    return 0;
  });
  CHECK(result == 0);
}

TEST_CASE("netapi library: the connection set-up makes the client settings the query relies on, and they last")
{
  const int result = in_child([] {
    if (!redirect(STDOUT_FILENO, "/dev/null") || !redirect(STDERR_FILENO, "/dev/null")) {
      return 1;
    }
    init_netapi_process();
    Connection connection;
    if (set_up_connection(request_for("127.0.0.1", 0), connection) || !settings_hold(false)) {
      return 2;
    }
    // libnetapi_init reads smb.conf: the settings made before win over it.
    libnetapi_ctx* context = nullptr;
    if (static_cast<std::uint32_t>(libnetapi_init(&context)) != 0 || context == nullptr) {
      return 3;
    }
    if (!settings_hold(false)) {
      return 4;
    }
    // --ntlmv1 for one machine, then a worker reused for one without it.
    QueryRequest ntlmv1 = request_for("127.0.0.1", 139);
    ntlmv1.ntlmv1 = true;
    if (set_up_connection(ntlmv1, connection) || !settings_hold(true)) {
      return 5;
    }
    if (set_up_connection(request_for("127.0.0.1", 445), connection) || !settings_hold(false)) {
      return 6;
    }
    libnetapi_free(context);
    return 0;
  });
  CHECK(result == 0);
}

#endif
