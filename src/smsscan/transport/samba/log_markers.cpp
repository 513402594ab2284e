#include "smsscan/transport/samba/log_markers.hpp"

#include "smsscan/util/error.hpp"

#include <cerrno>

namespace smsscan::transport::samba {

namespace {

constexpr std::string_view k_connecting = "SMBC_server: server_n=";
constexpr std::string_view k_session_ok = " session setup ok";
constexpr std::string_view k_tcon_ok = " tconx ok";
constexpr std::string_view k_login_failed = "login failed: ";

bool contains(std::string_view text, std::string_view part)
{
  return text.find(part) != std::string_view::npos;
}

Classification refused(FailureContext context, const LogMarkers& seen, int error)
{
  Classification result;
  const std::string machine(context.machine);
  const std::string share = machine + "\\" + std::string(context.share);
  if (seen.attempted && !seen.session_ok) {
    result.status = OpenStatus::auth_failed;
    result.scope = FailureScope::session;
    result.detail = machine + ": the logon (session setup) was refused";
    if (!seen.logon_problem.empty()) {
      result.detail += ": " + seen.logon_problem;
    }
    if (context.netbios_port && !context.ntlmv1_allowed) {
      result.detail += " (it answered on port 139, as NT 4.0 does; NT 4.0 before Service Pack 4 accepts no "
                       "NTLMv2: if the password is right, allow NTLMv1 with --ntlmv1)";
    }
  } else if (seen.attempted && !seen.tcon_ok) {
    result.status = OpenStatus::access_denied;
    result.scope = FailureScope::share;
    result.detail = share + ": the logon succeeded but the share refused the connection";
  } else if (!seen.attempted && !context.share_connected) {
    // libsmbclient said nothing about connecting although this share was
    // never reached (or its messages proved unreliable): count it as a
    // refused logon, the side that protects the account from lockout.
    result.status = OpenStatus::auth_failed;
    result.scope = FailureScope::session;
    result.detail = share + ": access refused (" + util::errno_text(error) +
                    "); libsmbclient did not say whether the logon or the share refused it";
  } else {
    result.status = OpenStatus::access_denied;
    result.detail = std::string(context.item) + ": access denied";
  }
  return result;
}

} // namespace

void LogMarkers::observe(std::string_view message)
{
  if (contains(message, k_connecting)) {
    attempted = true;
    session_ok = false;
    tcon_ok = false;
  } else if (contains(message, k_session_ok)) {
    session_ok = true;
  } else if (contains(message, k_tcon_ok)) {
    tcon_ok = true;
  } else if (const std::size_t at = message.find(k_login_failed); at != std::string_view::npos) {
    std::string_view reason = message.substr(at + k_login_failed.size());
    while (!reason.empty() && (reason.back() == '\n' || reason.back() == ' ')) {
      reason.remove_suffix(1);
    }
    logon_problem = std::string(reason);
  }
}

bool markers_consistent(const LogMarkers& seen)
{
  return !seen.attempted || (seen.session_ok && seen.tcon_ok);
}

Classification classify_failure(const LogMarkers& log, int error, const FailureContext& context)
{
  LogMarkers seen = log;
  if (!context.markers_trusted) {
    seen.attempted = false;
  }
  const bool reached = seen.attempted && seen.session_ok && seen.tcon_ok;
  Classification result;
  if (error == EACCES || error == EPERM) {
    result = refused(context, seen, error);
  } else if (error == ENODEV ||
             ((error == ENOENT || error == ENOTDIR) && seen.attempted && seen.session_ok && !seen.tcon_ok)) {
    result.status = OpenStatus::not_found;
    result.scope = FailureScope::share;
    result.detail = std::string(context.machine) + "\\" + std::string(context.share) + ": no such share";
  } else if (error == ENOENT || error == ENOTDIR) {
    result.status = OpenStatus::not_found;
  } else if (is_unreachable_errno(error)) {
    result.status = OpenStatus::unreachable;
    result.scope = FailureScope::session;
    result.detail = std::string(context.machine) + ": " + util::errno_text(error);
  } else {
    result.status = OpenStatus::error;
    result.detail = std::string(context.item) + ": " + util::errno_text(error);
  }
  result.share_reached = reached;
  return result;
}

bool is_unreachable_errno(int error)
{
  switch (error) {
  case ECONNREFUSED:
  case EHOSTUNREACH:
  case ENETUNREACH:
  case ETIMEDOUT:
#ifdef ETIME
  case ETIME:
#endif
  case ECONNRESET:
  case ECONNABORTED:
  case ENETDOWN:
  case EHOSTDOWN:
  case ENETRESET:
  case ESHUTDOWN:
  case ENOTCONN:
  case EPIPE:
    return true;
  default:
    return false;
  }
}

bool is_port_fallback_errno(int error)
{
  return error == ECONNREFUSED || error == ETIMEDOUT || error == ECONNRESET;
}

} // namespace smsscan::transport::samba
