// The lockout-critical decision of the libsmbclient transport: what a failed
// libsmbclient call means for the machine. libsmbclient 4.17 answers a
// refused logon and a refused tree connect alike (EACCES/EPERM); they are
// told apart by its own progress messages, captured at debug level 4 around
// each call that may connect:
//   "SMBC_server: server_n="  a new connection is being made
//   " session setup ok"       the logon was accepted
//   " tconx ok"               the share was accepted
//   "login failed: <reason>"  why a logon failed (older wordings)
// A refused logon must count as auth_failed, because the logon guard stops
// after --max-auth-failures machines to keep the account from being locked
// out. So whenever the messages cannot prove that the logon succeeded, an
// access refusal counts as a refused logon. Pure functions; no libsmbclient.
#pragma once

#include "smsscan/transport/transport.hpp"

#include <string>
#include <string_view>

namespace smsscan::transport::samba {

// What libsmbclient's log showed during one call.
struct LogMarkers
{
  bool attempted = false;    // "SMBC_server: server_n=": a new connection was being made
  bool session_ok = false;   // " session setup ok"
  bool tcon_ok = false;      // " tconx ok"
  std::string logon_problem; // the text after "login failed: ", trailing blanks removed

  // Takes one log message into account (a new connection attempt resets the
  // two "ok" markers).
  void observe(std::string_view message);
};

// A call that succeeded and connected must have shown both "ok" markers; if
// it did not, this libsmbclient words them differently and the markers are
// no longer to be trusted.
bool markers_consistent(const LogMarkers& seen);

// How far a failure reaches: this call only, every later call on the share,
// or the whole session (the machine is done).
enum class FailureScope { call, share, session };

struct FailureContext
{
  std::string_view machine;     // "\\host", for details
  std::string_view share;       // the share the call was on
  std::string_view item;        // the UNC path of the folder or file
  bool share_connected = false; // an earlier call of this session reached the share
  bool markers_trusted = true;  // false once markers_consistent failed in this worker
  bool netbios_port = false;    // the machine answered on port 139, as NT 4.0 does
  bool ntlmv1_allowed = false;  // --ntlmv1
};

struct Classification
{
  OpenStatus status = OpenStatus::error;
  std::string detail;
  FailureScope scope = FailureScope::call;
  bool share_reached = false; // the log shows the share was connected during the call
};

// What a failed call means, from the log markers and errno:
//  EACCES/EPERM: a connection attempt without " session setup ok" is a
//    refused logon (auth_failed, session; on port 139 without --ntlmv1 the
//    detail adds that NT 4.0 before SP4 accepts no NTLMv2 and names --ntlmv1); with it but without " tconx ok"
//    a refused share (access_denied, share); no connection attempt on a share
//    never reached (or untrusted markers) is a refused logon too; otherwise
//    the file or folder was refused (access_denied, call).
//  ENODEV, or ENOENT/ENOTDIR after a logon whose tree connect failed: no such
//    share (not_found, share). ENOENT/ENOTDIR otherwise: not_found (call).
//  A network errno (is_unreachable_errno): unreachable (session).
//  Anything else: error (call).
Classification classify_failure(const LogMarkers& seen, int error, const FailureContext& context);

// ECONNREFUSED, EHOSTUNREACH, ETIMEDOUT, ECONNRESET and the other errno
// values that mean the machine could not be reached or talked to.
bool is_unreachable_errno(int error);

// The errno values after which a machine without a port given is tried on
// port 139 once port 445 failed: refused, no answer, or reset before any
// logon was made.
bool is_port_fallback_errno(int error);

} // namespace smsscan::transport::samba
