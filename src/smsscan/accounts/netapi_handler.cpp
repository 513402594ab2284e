#include "smsscan/accounts/netapi_handler.hpp"

#include "smsscan/accounts/netapi_library.hpp"
#include "smsscan/accounts/netapi_status.hpp"
#include "smsscan/accounts/protocol.hpp"

#include <cstddef>
#include <cstdint>
// netapi.h uses the fixed-width types without including their header.
#include <netapi.h>

#include <algorithm>
#include <string>

namespace smsscan::accounts {

namespace {

using worker::Reader;
using worker::Writer;

// netapi.h declares NET_API_STATUS as an enum with the one value 0, yet
// every call returns a Windows error code through it: the query keeps
// statuses as numbers and converts only at the boundary.
std::uint32_t number(NET_API_STATUS status)
{
  return static_cast<std::uint32_t>(status);
}

// libnetapi's words for a status; the context's own error string is not
// used, as it keeps the text of an earlier failure.
std::string status_text(std::uint32_t status)
{
  char* text = libnetapi_errstr(static_cast<NET_API_STATUS>(status));
  std::string words = text != nullptr ? text : "";
  if (text != nullptr) {
    NetApiBufferFree(text);
  }
  return words;
}

class NetapiHandler : public worker::Handler
{
public:
  NetapiHandler() { init_netapi_process(); }
  ~NetapiHandler() override { reset(); }

  bool handle(Reader& in, Writer& out) override
  {
    QueryReply reply;
    QueryRequest request;
    if (in.u8() != k_query_op || !decode(in, request)) {
      reply.status = MachineStatus::error;
      reply.detail = "bad request from the scanner";
    } else {
      reply = query(request);
    }
    worker::wipe(request.password);
    encode(out, reply);
    return true;
  }

  void reset() override
  {
    if (m_ctx != nullptr) {
      capture_output([&] { libnetapi_free(m_ctx); }, m_secret);
      m_ctx = nullptr;
    }
    worker::wipe(m_secret);
  }

private:
  QueryReply query(const QueryRequest& request)
  {
    reset();
    QueryReply reply;
    for (const std::string& name : request.accounts) {
      reply.accounts.push_back(AccountInfo{name, AccountState::unknown, {}, {}, {}});
    }
    Connection connection;
    if (const auto problem = set_up_connection(request, connection)) {
      reply.status = problem->status;
      reply.detail = problem->detail;
      return reply;
    }
    m_secret = request.password;
    if (const std::string problem = start(request); !problem.empty()) {
      reply.status = MachineStatus::error;
      reply.detail = problem;
      return reply;
    }
    reply.status = MachineStatus::queried;
    if (!read_policy(connection, reply)) {
      return reply;
    }
    for (AccountInfo& account : reply.accounts) {
      if (!read_account(connection, account, reply)) {
        break;
      }
    }
    return reply;
  }

  // libnetapi's context with this session's credentials; "" or why not.
  std::string start(const QueryRequest& request)
  {
    std::uint32_t status = 0;
    const std::string said = capture_output([&] { status = number(libnetapi_init(&m_ctx)); }, m_secret);
    if (status != 0 || m_ctx == nullptr) {
      m_ctx = nullptr;
      return "libnetapi cannot start: " + status_detail(status, said.empty() ? status_text(status) : said);
    }
    // Samba reports a failed connection only at debug level 1 (a warning
    // to stderr, which capture_output keeps): without it an unreachable
    // machine could not be told from a refused logon.
    const int level = std::max(1, netapi_debug_level());
    libnetapi_set_debuglevel(m_ctx, std::to_string(level).c_str());
    const std::string user = request.has_credentials ? request.user : "";
    const std::string password = request.has_credentials ? request.password : "";
    if (number(libnetapi_set_username(m_ctx, user.c_str())) != 0 ||
        number(libnetapi_set_password(m_ctx, password.c_str())) != 0 ||
        (!request.domain.empty() && number(libnetapi_set_workgroup(m_ctx, request.domain.c_str())) != 0)) {
      return "libnetapi refused the credentials";
    }
    return {};
  }

  // The lockout policy; false when IPC$ was not reached (the query ends).
  bool read_policy(const Connection& connection, QueryReply& reply)
  {
    std::uint32_t status = 0;
    std::uint8_t* buffer = nullptr;
    const std::string said =
      capture_output([&] { status = number(NetUserModalsGet(connection.address.c_str(), 3, &buffer)); }, m_secret);
    if (status == k_net_can_not_complete) {
      const ConnectFailure failure = classify_connect_failure(said, connection.label);
      reply.status = failure.status;
      reply.logon = failure.logon;
      reply.detail = failure.detail;
      return false;
    }
    reply.logon = LogonResult::accepted;
    if (status == 0 && buffer != nullptr) {
      const auto* info = reinterpret_cast<const USER_MODALS_INFO_3*>(buffer);
      reply.policy = LockoutPolicy{info->usrmod3_lockout_threshold, info->usrmod3_lockout_duration,
                                   info->usrmod3_lockout_observation_window};
    } else {
      reply.policy_error = (status == k_net_access_denied ? "access denied: " : "cannot read the lockout policy: ") +
                           status_detail(status, status_text(status));
      reply.status = worse(reply.status, status_for_failure(status));
    }
    if (buffer != nullptr) {
      NetApiBufferFree(buffer);
    }
    return true;
  }

  // One account; false when the connection was lost (the query ends).
  bool read_account(const Connection& connection, AccountInfo& account, QueryReply& reply)
  {
    std::uint32_t status = 0;
    std::uint8_t* buffer = nullptr;
    const std::string said = capture_output(
      [&] { status = number(NetUserGetInfo(connection.address.c_str(), account.name.c_str(), 3, &buffer)); }, m_secret);
    UserAnswer answer;
    answer.status = status;
    if (status == 0 && buffer != nullptr) {
      const auto* info = reinterpret_cast<const USER_INFO_3*>(buffer);
      answer.flags = info->usri3_flags;
      answer.bad_password_count = info->usri3_bad_pw_count;
      answer.last_logon = info->usri3_last_logon;
    } else if (status != 0) {
      answer.status_text = status_text(status);
    }
    if (buffer != nullptr) {
      NetApiBufferFree(buffer);
    }
    if (status == 0 && buffer == nullptr) {
      answer.status = k_net_dest_not_found; // success without an answer: treated as a failure
      answer.status_text = "no answer";
    }
    if (status == k_net_can_not_complete) {
      const ConnectFailure failure = classify_connect_failure(said, connection.label);
      reply.status = worse(reply.status, failure.status);
      reply.detail = failure.detail;
      account.error = failure.detail;
      return false;
    }
    account = account_from_answer(account.name, answer);
    if (account.state == AccountState::unknown) {
      reply.status = worse(reply.status, status_for_failure(answer.status));
    }
    return true;
  }

  libnetapi_ctx* m_ctx = nullptr;
  std::string m_secret; // masked in forwarded debug output
};

} // namespace

std::unique_ptr<worker::Handler> make_netapi_handler()
{
  return std::make_unique<NetapiHandler>();
}

} // namespace smsscan::accounts
