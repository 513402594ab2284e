// libnetapi inside a worker process: the process-wide set-up, the capture of
// what Samba prints during a call, and the connection set-up of a session.
//
// libnetapi keeps one process-wide context (libnetapi_init returns the same
// one until libnetapi_free) and reads its client settings from Samba's
// loadparm globals, loaded from smb.conf at libnetapi_init. Settings made
// with lp_set_cmdline before that survive the load and win over smb.conf, so
// the query sets what it relies on itself and never edits smb.conf.
// libnetapi's own messages (and Samba's client code's) go to standard output
// and standard error; capture_output keeps them from the scanner's reports
// and hands them to the classification (netapi_status.hpp).
#pragma once

#include "smsscan/accounts/model.hpp"
#include "smsscan/accounts/protocol.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace smsscan::accounts {

// Once per worker process (later calls do nothing): clears the environment
// variables Samba's credential guess would take a user, password or
// Kerberos credential cache from (USER, LOGNAME, PASSWD, PASSWD_FD,
// PASSWD_FILE, KRB5CCNAME), so only the scanner's own credentials are used.
void init_netapi_process();

// Runs call with standard output and standard error going to a buffer and
// returns what was written there (at most 64 KiB). With
// SMSSCAN_NETAPI_DEBUG=N in the environment the text is copied to stderr,
// with secret masked.
std::string capture_output(const std::function<void()>& call, const std::string& secret);

// The debug level asked for with SMSSCAN_NETAPI_DEBUG (0 when unset).
int netapi_debug_level();

// Where and how one session connects.
struct Connection
{
  std::string address; // the numeric address libnetapi is given as the server name
  std::string label;   // "\\host", for details
};

struct ConnectionProblem
{
  MachineStatus status = MachineStatus::error;
  std::string detail;
};

// The account query's connection set-up, all in this one function:
//  - name resolution: the host's address from the system resolver (DNS,
//    /etc/hosts), IPv4 first; libnetapi is given the address, so it never
//    broadcasts NetBIOS name queries ("name resolve order = host");
//  - port: libnetapi 4.17 has no port setting: it tries 445, then 139, by
//    itself; a target naming another port is refused;
//  - protocols NT1 (SMB1) to SMB3, for the IPC$ connection too, so that an
//    SMB1-only NT 4.0 server is reached;
//  - NTLMv2 without Kerberos (no credential cache), no LANMAN, no plain text.
// The loadparm settings are made here, before libnetapi_init.
std::optional<ConnectionProblem> set_up_connection(const QueryRequest& request, Connection& connection);

} // namespace smsscan::accounts
