#include "smsscan/accounts/netapi_status.hpp"

#include "smsscan/util/text.hpp"
#include "smsscan/util/utf8.hpp"

#include <array>

namespace smsscan::accounts {

namespace {

constexpr std::string_view k_connection_failed = "Connection to ";
constexpr std::string_view k_connection_failed_tail = " failed (Error ";
constexpr std::string_view k_negotiation_failed = "protocol negotiation failed: ";
constexpr std::string_view k_negotiation_timed_out = "Protocol negotiation (with timeout";
constexpr std::string_view k_session_failed = "session setup failed: ";
constexpr std::string_view k_tree_failed = "tree connect failed: ";

bool status_char(char c)
{
  return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// The "Connection to X failed (Error S)" line's status, or "" when absent.
std::string connection_status(std::string_view text)
{
  for (std::size_t at = text.find(k_connection_failed); at != std::string_view::npos;
       at = text.find(k_connection_failed, at + 1)) {
    const std::size_t end_of_line = text.find('\n', at);
    const std::string_view line = text.substr(at, end_of_line == std::string_view::npos ? text.npos : end_of_line - at);
    if (line.find(k_connection_failed_tail) != std::string_view::npos) {
      const std::string status = status_after(line, k_connection_failed_tail);
      return status.empty() ? "?" : status;
    }
  }
  return {};
}

} // namespace

std::string status_after(std::string_view text, std::string_view marker)
{
  const std::size_t at = text.find(marker);
  if (at == std::string_view::npos) {
    return {};
  }
  std::size_t start = at + marker.size();
  std::size_t end = start;
  while (end < text.size() && status_char(text[end])) {
    ++end;
  }
  const std::string_view word = text.substr(start, end - start);
  return util::starts_with(word, "NT_STATUS_") ? std::string(word) : std::string("?");
}

bool is_network_status(std::string_view status)
{
  static constexpr std::array<std::string_view, 14> k_network = {"NT_STATUS_CONNECTION_REFUSED",
                                                                 "NT_STATUS_HOST_UNREACHABLE",
                                                                 "NT_STATUS_NETWORK_UNREACHABLE",
                                                                 "NT_STATUS_PORT_UNREACHABLE",
                                                                 "NT_STATUS_IO_TIMEOUT",
                                                                 "NT_STATUS_CONNECTION_RESET",
                                                                 "NT_STATUS_CONNECTION_DISCONNECTED",
                                                                 "NT_STATUS_CONNECTION_ABORTED",
                                                                 "NT_STATUS_PIPE_BROKEN",
                                                                 "NT_STATUS_PIPE_DISCONNECTED",
                                                                 "NT_STATUS_NETWORK_NAME_DELETED",
                                                                 "NT_STATUS_END_OF_FILE",
                                                                 "NT_STATUS_INVALID_NETWORK_RESPONSE",
                                                                 "NT_STATUS_HOST_DOWN"};
  for (const std::string_view known : k_network) {
    if (status == known) {
      return true;
    }
  }
  return false;
}

ConnectFailure classify_connect_failure(std::string_view captured, std::string_view machine_label)
{
  const std::string machine(machine_label);
  ConnectFailure result;
  if (const std::string status = connection_status(captured); !status.empty()) {
    result.status = MachineStatus::unreachable;
    result.logon = LogonResult::not_attempted;
    result.detail = machine + ": no connection (" + status + ")";
  } else if (captured.find(k_negotiation_timed_out) != std::string_view::npos) {
    result.status = MachineStatus::unreachable;
    result.logon = LogonResult::not_attempted;
    result.detail = machine + ": the SMB protocol negotiation timed out";
  } else if (const std::string negotiation = status_after(captured, k_negotiation_failed); !negotiation.empty()) {
    result.status = negotiation == "NT_STATUS_IO_TIMEOUT" ? MachineStatus::unreachable : MachineStatus::error;
    result.logon = LogonResult::not_attempted;
    result.detail = machine + ": the SMB protocol negotiation failed (" + negotiation +
                    "); the server speaks none of the dialects NT1 to SMB3";
  } else if (const std::string session = status_after(captured, k_session_failed); !session.empty()) {
    if (is_network_status(session)) {
      result.status = MachineStatus::unreachable;
      result.logon = LogonResult::not_attempted;
      result.detail = machine + ": the connection failed during the logon (" + session + ")";
    } else {
      result.status = MachineStatus::auth_failed;
      result.logon = LogonResult::refused;
      result.detail = machine + ": the logon (session setup) was refused: " + session;
    }
  } else if (const std::string tree = status_after(captured, k_tree_failed); !tree.empty()) {
    result.logon = LogonResult::accepted;
    result.status = is_network_status(tree) ? MachineStatus::unreachable : MachineStatus::access_denied;
    result.detail = machine + "\\IPC$: the logon succeeded but IPC$ refused the connection (" + tree + ")";
  } else {
    result.status = MachineStatus::auth_failed;
    result.logon = LogonResult::refused;
    result.detail = machine + ": libnetapi could not connect to IPC$ and did not say why; counted as a refused "
                              "logon to protect the account from lockout";
  }
  result.detail = util::printable(result.detail);
  return result;
}

std::string status_detail(std::uint32_t status, std::string_view text)
{
  std::string detail = "error " + std::to_string(status);
  const std::string words(util::trim(util::printable(text)));
  if (!words.empty()) {
    detail += " (" + words + ")";
  }
  return detail;
}

AccountInfo account_from_answer(const std::string& name, const UserAnswer& answer)
{
  AccountInfo account;
  account.name = name;
  if (answer.status == k_net_ok) {
    account.state = state_from_flags(answer.flags);
    account.bad_password_count = answer.bad_password_count;
    if (answer.last_logon != 0) {
      account.last_logon = static_cast<std::int64_t>(answer.last_logon);
    }
  } else if (answer.status == k_net_none_mapped || answer.status == k_net_user_not_found) {
    account.state = AccountState::missing;
  } else {
    account.state = AccountState::unknown;
    account.error = (answer.status == k_net_access_denied ? "access denied: " : "cannot read the account: ") +
                    status_detail(answer.status, answer.status_text);
  }
  return account;
}

MachineStatus status_for_failure(std::uint32_t status)
{
  return status == k_net_access_denied ? MachineStatus::access_denied : MachineStatus::error;
}

} // namespace smsscan::accounts
