// The lockout-critical classification of a failed libsmbclient call: every
// branch, and above all that an access refusal the log cannot explain counts
// as a refused logon (the logon guard then stops before the account locks).
#include "smsscan/transport/samba/log_markers.hpp"

#include <doctest/doctest.h>

#include <cerrno>
#include <string>

using namespace smsscan::transport;
using namespace smsscan::transport::samba;

namespace {

LogMarkers markers(bool attempted, bool session_ok, bool tcon_ok)
{
  LogMarkers seen;
  seen.attempted = attempted;
  seen.session_ok = session_ok;
  seen.tcon_ok = tcon_ok;
  return seen;
}

FailureContext context(bool share_connected = false, bool trusted = true)
{
  FailureContext c;
  c.machine = "\\\\pc042";
  c.share = "ADMIN$";
  c.item = "\\\\pc042\\ADMIN$\\MS\\SMS\\CORE\\BIN";
  c.share_connected = share_connected;
  c.markers_trusted = trusted;
  return c;
}

} // namespace

TEST_CASE("log markers: messages set the markers; a new connection starts them over")
{
  LogMarkers seen;
  seen.observe("SMBC_server: server_n=[127.0.2.5] server=[127.0.2.5]\n");
  CHECK(seen.attempted);
  CHECK_FALSE(seen.session_ok);
  seen.observe(" session setup ok\n");
  seen.observe(" tconx ok\n");
  CHECK(seen.session_ok);
  CHECK(seen.tcon_ok);
  CHECK(markers_consistent(seen));
  seen.observe("SMBC_server: server_n=[127.0.2.5] server=[127.0.2.5]\n");
  CHECK(seen.attempted);
  CHECK_FALSE(seen.session_ok);
  CHECK_FALSE(seen.tcon_ok);
  seen.observe("cli_session_setup: NT1 login failed: NT_STATUS_LOGON_FAILURE  \n");
  CHECK(seen.logon_problem == "NT_STATUS_LOGON_FAILURE");
  seen.observe("Case sensitive: False\n"); // anything else changes nothing
  CHECK(seen.logon_problem == "NT_STATUS_LOGON_FAILURE");
}

TEST_CASE("log markers: a connection that succeeded without both markers makes them untrusted")
{
  CHECK(markers_consistent(markers(false, false, false))); // no connection made: nothing to prove
  CHECK(markers_consistent(markers(true, true, true)));
  CHECK_FALSE(markers_consistent(markers(true, true, false)));
  CHECK_FALSE(markers_consistent(markers(true, false, true)));
  CHECK_FALSE(markers_consistent(markers(true, false, false)));
}

TEST_CASE("log markers: EACCES after a connection attempt without session setup is a refused logon")
{
  LogMarkers seen = markers(true, false, false);
  seen.logon_problem = "NT_STATUS_LOGON_FAILURE";
  for (const int error : {EACCES, EPERM}) {
    const Classification c = classify_failure(seen, error, context());
    CHECK(c.status == OpenStatus::auth_failed);
    CHECK(c.scope == FailureScope::session);
    CHECK(c.detail == "\\\\pc042: the logon (session setup) was refused: NT_STATUS_LOGON_FAILURE");
    CHECK_FALSE(c.share_reached);
  }
  const Classification plain = classify_failure(markers(true, false, false), EPERM, context());
  CHECK(plain.detail == "\\\\pc042: the logon (session setup) was refused");
}

TEST_CASE("log markers: a logon refused on port 139 names --ntlmv1, unless it is on already")
{
  FailureContext on_139 = context();
  on_139.netbios_port = true;
  const Classification hint = classify_failure(markers(true, false, false), EPERM, on_139);
  CHECK(hint.status == OpenStatus::auth_failed);
  CHECK(hint.detail.find("--ntlmv1") != std::string::npos);
  CHECK(hint.detail.find("NT 4.0 before Service Pack 4 accepts no NTLMv2") != std::string::npos);

  on_139.ntlmv1_allowed = true;
  CHECK(classify_failure(markers(true, false, false), EPERM, on_139).detail.find("--ntlmv1") == std::string::npos);
  CHECK(classify_failure(markers(true, false, false), EPERM, context()).detail.find("--ntlmv1") ==
        std::string::npos); // port 445: not an NT 4.0 machine
}

TEST_CASE("log markers: which failures on port 445 send a machine without a port to 139")
{
  CHECK(is_port_fallback_errno(ECONNREFUSED));
  CHECK(is_port_fallback_errno(ETIMEDOUT));
  CHECK(is_port_fallback_errno(ECONNRESET));
  CHECK_FALSE(is_port_fallback_errno(EHOSTUNREACH)); // no such machine: 139 is no nearer
  CHECK_FALSE(is_port_fallback_errno(EACCES));       // a refused logon is never tried again
  CHECK_FALSE(is_port_fallback_errno(EPERM));
}

TEST_CASE("log markers: EACCES after a good logon but no tree connect is a refused share")
{
  const Classification c = classify_failure(markers(true, true, false), EACCES, context());
  CHECK(c.status == OpenStatus::access_denied);
  CHECK(c.scope == FailureScope::share);
  CHECK(c.detail == "\\\\pc042\\ADMIN$: the logon succeeded but the share refused the connection");
}

TEST_CASE("log markers: an ambiguous EACCES on a share never reached counts as a refused logon")
{
  // No connection message at all (a libsmbclient that words it otherwise).
  const Classification silent = classify_failure(markers(false, false, false), EACCES, context(false));
  CHECK(silent.status == OpenStatus::auth_failed);
  CHECK(silent.scope == FailureScope::session);
  CHECK(silent.detail.find("libsmbclient did not say whether the logon or the share refused it") != std::string::npos);
  CHECK(silent.detail.find("\\\\pc042\\ADMIN$: access refused (") == 0);

  // The markers were proven unreliable earlier: even a log that looks like a
  // refused share is not believed.
  const Classification untrusted = classify_failure(markers(true, true, false), EACCES, context(false, false));
  CHECK(untrusted.status == OpenStatus::auth_failed);
  CHECK(untrusted.scope == FailureScope::session);
  const Classification untrusted_eperm = classify_failure(markers(true, true, true), EPERM, context(false, false));
  CHECK(untrusted_eperm.status == OpenStatus::auth_failed);
}

TEST_CASE("log markers: EACCES on a share already reached is about the file or folder")
{
  const Classification cached = classify_failure(markers(false, false, false), EACCES, context(true));
  CHECK(cached.status == OpenStatus::access_denied);
  CHECK(cached.scope == FailureScope::call);
  CHECK(cached.detail == "\\\\pc042\\ADMIN$\\MS\\SMS\\CORE\\BIN: access denied");

  const Classification fresh = classify_failure(markers(true, true, true), EACCES, context(false));
  CHECK(fresh.status == OpenStatus::access_denied);
  CHECK(fresh.scope == FailureScope::call);
  CHECK(fresh.share_reached);
}

TEST_CASE("log markers: missing shares, files and folders")
{
  const Classification nodev = classify_failure(markers(false, false, false), ENODEV, context());
  CHECK(nodev.status == OpenStatus::not_found);
  CHECK(nodev.scope == FailureScope::share);
  CHECK(nodev.detail == "\\\\pc042\\ADMIN$: no such share");

  const Classification bad_name = classify_failure(markers(true, true, false), ENOENT, context());
  CHECK(bad_name.status == OpenStatus::not_found);
  CHECK(bad_name.scope == FailureScope::share);

  for (const int error : {ENOENT, ENOTDIR}) {
    const Classification file = classify_failure(markers(true, true, true), error, context());
    CHECK(file.status == OpenStatus::not_found);
    CHECK(file.scope == FailureScope::call);
    CHECK(file.detail.empty());
    CHECK(file.share_reached);
  }
  const Classification cached_missing = classify_failure(markers(false, false, false), ENOENT, context(true));
  CHECK(cached_missing.status == OpenStatus::not_found);
  CHECK(cached_missing.scope == FailureScope::call);
}

TEST_CASE("log markers: network errors end the machine, anything else is an error of the call")
{
  for (const int error : {ECONNREFUSED, EHOSTUNREACH, ENETUNREACH, ETIMEDOUT, ECONNRESET, EPIPE, ENOTCONN}) {
    CHECK(is_unreachable_errno(error));
    const Classification c = classify_failure(markers(true, false, false), error, context());
    CHECK(c.status == OpenStatus::unreachable);
    CHECK(c.scope == FailureScope::session);
    CHECK(c.detail.find("\\\\pc042: ") == 0);
  }
  CHECK_FALSE(is_unreachable_errno(EACCES));
  CHECK_FALSE(is_unreachable_errno(EINVAL));
  const Classification other = classify_failure(markers(true, true, true), EINVAL, context());
  CHECK(other.status == OpenStatus::error);
  CHECK(other.scope == FailureScope::call);
  CHECK(other.detail.find("\\\\pc042\\ADMIN$\\MS\\SMS\\CORE\\BIN: ") == 0);
  CHECK(other.detail.find("(errno " + std::to_string(EINVAL) + ")") != std::string::npos);
}
