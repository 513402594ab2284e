// libsmbclient inside a worker process: the process-wide set-up (done once),
// the capture of its progress messages for the log markers (log_markers.hpp),
// the logon callback and the creation of a context for one session.
//
// libsmbclient's module state (loadparm, talloc, debug) lives for the whole
// process; an anchor context that is never freed keeps it from being torn
// down and smb.conf re-read at every session. Its log callback is
// process-wide too: every message goes to the capture of the call in
// progress, and with SMSSCAN_SMBCLIENT_DEBUG=N in the environment messages up
// to level N are copied to stderr with the password masked.
//
// The worker gives libsmbclient a configuration of its own (a memfd
// smb.conf, smbc_setConfiguration), so the system's smb.conf plays no part:
//   name resolve order = lmhosts  with the lmhosts file set to a memfd that
//       holds only the current machine's "ADDRESS NAME" (the scanner resolved
//       it, name_resolver.hpp): a URL can then name the machine by its
//       NetBIOS name, which libsmbclient sends as the called name of the
//       NetBIOS session request on port 139, and libsmbclient itself never
//       queries WINS, DNS or broadcasts. (The lmhosts path is set through
//       libsamba-util's set_dyn_LMHOSTSFILE, looked up at run time; without
//       it the URL holds the address, and on port 139 libsmbclient calls the
//       address, then *SMBSERVER.)
//   name cache timeout = 0        nothing cached from one machine to the next
//   client ntlmv2 auth = no       only with --ntlmv1
//   client lanman auth = no       never LM
#pragma once

#include "smsscan/transport/samba/log_markers.hpp"

#include <libsmbclient.h>

#include <cstdint>
#include <string>

namespace smsscan::transport::samba {

struct WorkerCredentials
{
  std::string domain; // empty: libsmbclient's default workgroup
  std::string user;   // empty: anonymous
  std::string password;
};

struct LibraryOptions
{
  bool ntlmv1 = false; // --ntlmv1
};

// Once per worker process; later calls do nothing.
void init_library(const LibraryOptions& options);

// Makes name resolve to address for libsmbclient (the only lmhosts entry);
// false when this libsmbclient cannot be given an lmhosts file.
bool set_lmhosts_entry(const std::string& name, const std::string& address);

// The password that forwarded debug messages mask (empty: none).
void set_debug_secret(const std::string& password);

// Captures the markers of the libsmbclient calls made while it lives (every
// context logs at level 4; messages outside a capture are dropped unless
// SMSSCAN_SMBCLIENT_DEBUG forwards them).
class LogCapture
{
public:
  explicit LogCapture(LogMarkers& into);
  ~LogCapture();
  LogCapture(const LogCapture&) = delete;
  LogCapture& operator=(const LogCapture&) = delete;

private:
  LogMarkers* m_previous;
};

// The worker's context, made once and used for every session: client
// protocols NT1 to SMB3, NTLM without Kerberos or a credential cache, no
// anonymous fallback after a refused logon, one connection per share.
// Making a context costs more than a session with it (smb.conf is loaded
// each time), so sessions share it; end_session makes sure none leaves a
// connection behind. Null (problem set) on failure.
SMBCCTX* new_context(std::string& problem);

struct SessionOptions
{
  std::uint32_t timeout_ms = 30000;
  const WorkerCredentials* credentials = nullptr; // null: anonymous; must outlive the session
};

// Points the context at one machine's session: its time-out and credentials
// (the workgroup is the credentials' domain, else libsmbclient's default).
void start_session(SMBCCTX* context, const SessionOptions& options);

// Ends the session: every cached server connection of the context (each
// share's logon and tree connect) is closed, so that no session or logon
// outlives its machine and the next machine's first call logs on afresh.
// The caller closes its files first.
void end_session(SMBCCTX* context);

} // namespace smsscan::transport::samba
