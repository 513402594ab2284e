// The lockout-critical decisions of the account query: what a libnetapi
// answer means for the machine and for the logon guard. Pure functions, no
// libnetapi, so that every case is unit-tested.
//
// libnetapi 4.17 answers every failure to reach a machine's IPC$ share with
// one status, 1003 (ERROR_CAN_NOT_COMPLETE, "Failed to connect to IPC$
// share on ..."), whether the connection, the protocol negotiation, the
// logon or the tree connect failed. Samba's client code prints the reason
// to standard output, which the worker captures around each call
// (netapi_library.hpp):
//   "Connection to <host> failed (Error NT_STATUS_...)"   no connection
//   "protocol negotiation failed: NT_STATUS_..."           no common dialect
//   "session setup failed: NT_STATUS_..."                  the logon failed
//   "tree connect failed: NT_STATUS_..."                   IPC$ was refused
// A 1003 whose reason cannot be told counts as a refused logon: the logon
// guard then stops after --max-auth-failures machines, which keeps the
// account from being locked out. Any other status means the logon and the
// IPC$ connection succeeded (libnetapi answers 1003 for all of those).
#pragma once

#include "smsscan/accounts/model.hpp"
#include "smsscan/accounts/protocol.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace smsscan::accounts {

// NET_API_STATUS values the query tells apart (winerror.h, lmerr.h).
inline constexpr std::uint32_t k_net_ok = 0;
inline constexpr std::uint32_t k_net_access_denied = 5;       // ERROR_ACCESS_DENIED
inline constexpr std::uint32_t k_net_can_not_complete = 1003; // ERROR_CAN_NOT_COMPLETE: IPC$ not reached
inline constexpr std::uint32_t k_net_none_mapped = 1332;      // ERROR_NONE_MAPPED: no such account
inline constexpr std::uint32_t k_net_dest_not_found = 2152;   // NERR_DestNotFound: the SAMR pipe failed
inline constexpr std::uint32_t k_net_user_not_found = 2221;   // NERR_UserNotFound

// What a failure to reach IPC$ means for the machine.
struct ConnectFailure
{
  MachineStatus status = MachineStatus::auth_failed;
  LogonResult logon = LogonResult::refused;
  std::string detail;
};

// From what Samba printed during the call (captured) and the machine's
// label ("\\host") for the detail:
//   a connection failure: unreachable, no logon;
//   a negotiation failure: unreachable when it timed out, else error; no logon;
//   a session setup failure with a network status: unreachable, no logon;
//   any other session setup failure: auth_failed, refused;
//   a tree connect failure: access_denied (unreachable for a network
//     status), the logon accepted;
//   nothing recognisable: auth_failed, refused (the side that protects the account).
ConnectFailure classify_connect_failure(std::string_view captured, std::string_view machine);

// NT_STATUS_... names that mean the network, not the server, failed.
bool is_network_status(std::string_view status);

// The first "NT_STATUS_..." word after marker in text, or "" when the
// marker is not there ("?" when it is but no status follows).
std::string status_after(std::string_view text, std::string_view marker);

// An account from NetUserGetInfo's answer: its state from usri3_flags, or
// missing (1332, 2221), or unknown with the reason (text names the status).
struct UserAnswer
{
  std::uint32_t status = k_net_ok;
  std::uint32_t flags = 0;
  std::uint32_t bad_password_count = 0;
  std::uint32_t last_logon = 0; // Unix seconds; 0 = never
  std::string status_text;      // libnetapi's words for a failed status
};

AccountInfo account_from_answer(const std::string& name, const UserAnswer& answer);

// What a failed NetUserModalsGet or NetUserGetInfo (not 1003) does to the
// machine's status: access denied gives access_denied, anything else error.
MachineStatus status_for_failure(std::uint32_t status);

// "error 5 (Access is denied.)" for details.
std::string status_detail(std::uint32_t status, std::string_view text);

} // namespace smsscan::accounts
