// Tests for accounts/protocol.cpp: the request and the reply survive the
// codec whole, and a short or garbled message is refused.
#include "smsscan/accounts/protocol.hpp"

#include <doctest/doctest.h>

using namespace smsscan::accounts;
using smsscan::worker::Reader;
using smsscan::worker::Writer;

namespace {

QueryReply sample_reply()
{
  QueryReply reply;
  reply.status = MachineStatus::access_denied;
  reply.logon = LogonResult::accepted;
  reply.detail = "detail";
  reply.policy = LockoutPolicy{5, k_lockout_forever, 1800};
  reply.accounts.push_back(AccountInfo{"SMSCliToknAcct&", AccountState::locked, 5u, 946684800, {}});
  reply.accounts.push_back(AccountInfo{"SMSCliSvcAcct&", AccountState::unknown, {}, {}, "access denied"});
  return reply;
}

} // namespace

TEST_CASE("accounts protocol: a request round-trips")
{
  QueryRequest request;
  request.host = "cap01";
  request.port = 139;
  request.has_credentials = true;
  request.domain = "CORP";
  request.user = "admin";
  request.password = "pw";
  request.accounts = {"SMSCliToknAcct&", "SMSCliSvcAcct&"};
  const Writer message = encode(request);
  Reader in(message.data());
  REQUIRE(in.u8() == k_query_op);
  QueryRequest decoded;
  REQUIRE(decode(in, decoded));
  CHECK(decoded.host == "cap01");
  CHECK(decoded.port == 139);
  CHECK(decoded.has_credentials);
  CHECK(decoded.domain == "CORP");
  CHECK(decoded.user == "admin");
  CHECK(decoded.password == "pw");
  CHECK(decoded.accounts == request.accounts);
}

TEST_CASE("accounts protocol: a reply round-trips")
{
  Writer out;
  encode(out, sample_reply());
  Reader in(out.data());
  QueryReply decoded;
  REQUIRE(decode(in, decoded));
  CHECK(decoded.status == MachineStatus::access_denied);
  CHECK(decoded.logon == LogonResult::accepted);
  CHECK(decoded.detail == "detail");
  REQUIRE(decoded.policy);
  CHECK(decoded.policy->threshold == 5);
  CHECK(decoded.policy->duration_seconds == k_lockout_forever);
  CHECK(decoded.policy->window_seconds == 1800);
  REQUIRE(decoded.accounts.size() == 2);
  CHECK(decoded.accounts[0].name == "SMSCliToknAcct&");
  CHECK(decoded.accounts[0].state == AccountState::locked);
  CHECK(decoded.accounts[0].bad_password_count == 5u);
  CHECK(decoded.accounts[0].last_logon == 946684800);
  CHECK(decoded.accounts[1].state == AccountState::unknown);
  CHECK_FALSE(decoded.accounts[1].bad_password_count);
  CHECK_FALSE(decoded.accounts[1].last_logon);
  CHECK(decoded.accounts[1].error == "access denied");
}

TEST_CASE("accounts protocol: short, padded or impossible replies are refused")
{
  Writer out;
  encode(out, sample_reply());
  const std::vector<std::uint8_t>& bytes = out.data();
  for (std::size_t cut = 0; cut < bytes.size(); ++cut) {
    Reader in(bytes.data(), cut);
    QueryReply decoded;
    CHECK_FALSE(decode(in, decoded));
  }
  std::vector<std::uint8_t> padded = bytes;
  padded.push_back(0);
  Reader long_in(padded);
  QueryReply decoded;
  CHECK_FALSE(decode(long_in, decoded));
  std::vector<std::uint8_t> bad_status = bytes;
  bad_status[0] = 99;
  Reader status_in(bad_status);
  CHECK_FALSE(decode(status_in, decoded));
}

TEST_CASE("accounts protocol: a request with an impossible port or count is refused")
{
  Writer out;
  out.str("host");
  out.u32(70000);
  out.boolean(false);
  out.str("");
  out.str("");
  out.str("");
  out.u32(0);
  Reader in(out.data());
  QueryRequest decoded;
  CHECK_FALSE(decode(in, decoded));
}
