// Tests for accounts/netapi_status.cpp: which libnetapi failures are a
// refused logon (the logon guard counts them) and which are not, from the
// messages Samba 4.17 prints, and the account from NetUserGetInfo's answer.
#include "smsscan/accounts/netapi_status.hpp"

#include <doctest/doctest.h>

using namespace smsscan::accounts;

TEST_CASE("netapi status: a refused logon counts against the guard")
{
  for (const char* status : {"NT_STATUS_LOGON_FAILURE", "NT_STATUS_ACCOUNT_LOCKED_OUT", "NT_STATUS_WRONG_PASSWORD",
                             "NT_STATUS_ACCOUNT_DISABLED", "NT_STATUS_PASSWORD_EXPIRED"}) {
    const ConnectFailure failure =
      classify_connect_failure(std::string("session setup failed: ") + status + "\n", "\\\\cap01");
    CHECK(failure.status == MachineStatus::auth_failed);
    CHECK(failure.logon == LogonResult::refused);
    CHECK(failure.detail == std::string("\\\\cap01: the logon (session setup) was refused: ") + status);
  }
}

TEST_CASE("netapi status: no connection is unreachable and no logon")
{
  const ConnectFailure refused =
    classify_connect_failure("Connection to 127.0.5.9 failed (Error NT_STATUS_CONNECTION_REFUSED)\n", "\\\\x");
  CHECK(refused.status == MachineStatus::unreachable);
  CHECK(refused.logon == LogonResult::not_attempted);
  CHECK(refused.detail == "\\\\x: no connection (NT_STATUS_CONNECTION_REFUSED)");
  const ConnectFailure timed_out =
    classify_connect_failure("Protocol negotiation (with timeout 20000 ms) timed out against server x\n", "\\\\x");
  CHECK(timed_out.status == MachineStatus::unreachable);
  CHECK(timed_out.logon == LogonResult::not_attempted);
  const ConnectFailure dropped = classify_connect_failure("session setup failed: NT_STATUS_IO_TIMEOUT\n", "\\\\x");
  CHECK(dropped.status == MachineStatus::unreachable);
  CHECK(dropped.logon == LogonResult::not_attempted);
}

TEST_CASE("netapi status: a protocol mismatch is an error before any logon")
{
  const ConnectFailure failure =
    classify_connect_failure("protocol negotiation failed: NT_STATUS_CONNECTION_DISCONNECTED\n", "\\\\nt4");
  CHECK(failure.status == MachineStatus::error);
  CHECK(failure.logon == LogonResult::not_attempted);
  CHECK(failure.detail.find("NT_STATUS_CONNECTION_DISCONNECTED") != std::string::npos);
  CHECK(classify_connect_failure("protocol negotiation failed: NT_STATUS_IO_TIMEOUT", "\\\\x").status ==
        MachineStatus::unreachable);
}

TEST_CASE("netapi status: a refused IPC$ after a good logon is access denied")
{
  const ConnectFailure failure = classify_connect_failure("tree connect failed: NT_STATUS_ACCESS_DENIED\n", "\\\\x");
  CHECK(failure.status == MachineStatus::access_denied);
  CHECK(failure.logon == LogonResult::accepted);
}

TEST_CASE("netapi status: an unexplained failure counts as a refused logon")
{
  for (const char* said : {"", "something else entirely\n", "session setup failed:", "Connection to x"}) {
    const ConnectFailure failure = classify_connect_failure(said, "\\\\x");
    CHECK(failure.status == MachineStatus::auth_failed);
    CHECK(failure.logon == LogonResult::refused);
  }
  // A marker without a status still names the failed step.
  const ConnectFailure odd = classify_connect_failure("session setup failed: oops\n", "\\\\x");
  CHECK(odd.status == MachineStatus::auth_failed);
  CHECK(odd.detail.find("refused: ?") != std::string::npos);
}

TEST_CASE("netapi status: control characters from the server do not reach the detail")
{
  const ConnectFailure failure =
    classify_connect_failure("session setup failed: NT_STATUS_LOGON_FAILURE", "\\\\a\x1b[2Jb");
  CHECK(failure.detail.find('\x1b') == std::string::npos);
}

TEST_CASE("netapi status: network statuses")
{
  CHECK(is_network_status("NT_STATUS_CONNECTION_REFUSED"));
  CHECK(is_network_status("NT_STATUS_IO_TIMEOUT"));
  CHECK_FALSE(is_network_status("NT_STATUS_LOGON_FAILURE"));
  CHECK_FALSE(is_network_status("NT_STATUS_ACCESS_DENIED"));
  CHECK(status_after("x: NT_STATUS_OK tail", "x: ") == "NT_STATUS_OK");
  CHECK(status_after("x: 42", "x: ") == "?");
  CHECK(status_after("nothing", "x: ").empty());
}

TEST_CASE("netapi status: the account from NetUserGetInfo's answer")
{
  UserAnswer locked;
  locked.flags = 0x211;
  locked.bad_password_count = 3;
  locked.last_logon = 946684800;
  const AccountInfo a = account_from_answer("SMSCliToknAcct&", locked);
  CHECK(a.state == AccountState::locked);
  CHECK(a.bad_password_count == 3u);
  CHECK(a.last_logon == 946684800);
  CHECK(a.error.empty());

  UserAnswer never;
  never.flags = 0x201;
  const AccountInfo b = account_from_answer("SMSCliSvcAcct&", never);
  CHECK(b.state == AccountState::active);
  CHECK(b.bad_password_count == 0u);
  CHECK_FALSE(b.last_logon); // 0: never logged on, or the server keeps no time

  for (const std::uint32_t missing : {k_net_none_mapped, k_net_user_not_found}) {
    UserAnswer answer;
    answer.status = missing;
    const AccountInfo c = account_from_answer("SMS&_X", answer);
    CHECK(c.state == AccountState::missing);
    CHECK_FALSE(c.bad_password_count);
    CHECK(c.error.empty());
  }

  UserAnswer denied;
  denied.status = k_net_access_denied;
  denied.status_text = "Access is denied.";
  const AccountInfo d = account_from_answer("x", denied);
  CHECK(d.state == AccountState::unknown);
  CHECK(d.error == "access denied: error 5 (Access is denied.)");
  CHECK(status_for_failure(k_net_access_denied) == MachineStatus::access_denied);
  CHECK(status_for_failure(k_net_dest_not_found) == MachineStatus::error);
}
