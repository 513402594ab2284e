// Tests for accounts/netapi_handler.cpp: the libnetapi handler answering
// QueryRequests in a real forked worker, with real libnetapi, where no SMB
// server is needed: a garbled request, a port libnetapi cannot use (refused
// before any connection) and a name that cannot resolve. Nothing here opens
// a connection: what needs a server, or an address to connect to, runs in a
// private network namespace in tests/smb/test_accounts.py.
#ifdef SMSSCAN_TEST_HAVE_NETAPI

#include "smsscan/accounts/netapi_handler.hpp"

#include "smsscan/accounts/protocol.hpp"
#include "smsscan/worker/channel.hpp"
#include "smsscan/worker/pool.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <string>
#include <vector>

#include <unistd.h>

using namespace smsscan;
using namespace smsscan::accounts;
using namespace std::chrono_literals;

namespace {

const std::vector<std::string> k_accounts = {"SMSCliToknAcct&", "SMSCliSvcAcct&"};

worker::ChannelLimits limits()
{
  worker::ChannelLimits limits;
  limits.hard_deadline = std::chrono::steady_clock::now() + 60s;
  return limits;
}

QueryRequest request_for(const std::string& host, std::uint16_t port = 0)
{
  QueryRequest request;
  request.host = host;
  request.port = port;
  request.has_credentials = true;
  request.domain = "FLEET";
  request.user = "smsscan-test";
  request.password = "Sekrit-Pass-7731";
  request.accounts = k_accounts;
  return request;
}

// Sends raw request bytes to the worker and decodes its reply.
QueryReply ask(worker::Channel& channel, const worker::Writer& request)
{
  std::vector<std::uint8_t> answer;
  REQUIRE(channel.call(request, answer) == worker::Channel::Wait::ok);
  worker::Reader in(answer);
  QueryReply reply;
  REQUIRE(decode(in, reply));
  return reply;
}

QueryReply ask(worker::Channel& channel, const QueryRequest& request)
{
  return ask(channel, encode(request));
}

// Every account asked for is in the reply, in order, its state unknown.
void check_accounts_unknown(const QueryReply& reply)
{
  REQUIRE(reply.accounts.size() == k_accounts.size());
  for (std::size_t i = 0; i < k_accounts.size(); ++i) {
    CHECK(reply.accounts[i].name == k_accounts[i]);
    CHECK(reply.accounts[i].state == AccountState::unknown);
  }
  CHECK_FALSE(reply.policy.has_value());
}

} // namespace

TEST_CASE("netapi handler: a garbled request gets an error reply, and the worker serves the next one")
{
  worker::WorkerPool pool({"libnetapi", make_netapi_handler});
  worker::Channel channel(pool, limits());
  std::string problem;
  REQUIRE(channel.open(problem));
  const pid_t pid = *channel.worker_pid();

  worker::Writer other_op;
  other_op.u8(k_query_op + 1);
  QueryReply reply = ask(channel, other_op);
  CHECK(reply.status == MachineStatus::error);
  CHECK(reply.detail == "bad request from the scanner");
  CHECK(reply.logon == LogonResult::not_attempted);

  const worker::Writer whole = encode(request_for("127.0.0.1"));
  worker::Writer cut;
  cut.raw(whole.data().data(), whole.size() / 2);
  reply = ask(channel, cut);
  CHECK(reply.status == MachineStatus::error);
  CHECK(reply.detail == "bad request from the scanner");
  CHECK(reply.logon == LogonResult::not_attempted);

  reply = ask(channel, request_for("127.0.0.1", 8445));
  CHECK(reply.status == MachineStatus::error);
  CHECK(*channel.worker_pid() == pid);
}

TEST_CASE("netapi handler: a port other than 445 or 139 is refused before any connection")
{
  worker::WorkerPool pool({"libnetapi", make_netapi_handler});
  worker::Channel channel(pool, limits());
  std::string problem;
  REQUIRE(channel.open(problem));
  const QueryReply reply = ask(channel, request_for("cap01", 8445));
  CHECK(reply.status == MachineStatus::error);
  CHECK(reply.logon == LogonResult::not_attempted);
  CHECK(reply.detail == "\\\\cap01: libnetapi connects on ports 445 and 139 only; port 8445 cannot be queried");
  check_accounts_unknown(reply);
}

TEST_CASE("netapi handler: a name that cannot be resolved is unreachable, saying what was tried")
{
  worker::WorkerPool pool({"libnetapi", make_netapi_handler});
  worker::Channel channel(pool, limits());
  std::string problem;
  REQUIRE(channel.open(problem));
  QueryReply reply = ask(channel, request_for("no-such..host"));
  CHECK(reply.status == MachineStatus::unreachable);
  CHECK(reply.logon == LogonResult::not_attempted);
  CHECK(reply.detail.rfind("cannot resolve no-such..host: ", 0) == 0);
  CHECK(reply.detail.size() > std::string("cannot resolve no-such..host: ").size()); // the resolver's reason
  check_accounts_unknown(reply);

  // The NetBIOS lookup ran on the scanner's side and found nothing: the
  // message says so before the system resolver's reason. (Both names have an
  // empty label, which the system resolver refuses without a DNS query.)
  QueryRequest netbios = request_for("NOSUCH..PC");
  netbios.tried = "not in the lmhosts file";
  reply = ask(channel, netbios);
  CHECK(reply.status == MachineStatus::unreachable);
  CHECK(reply.detail.rfind("cannot resolve NOSUCH..PC: not in the lmhosts file; ", 0) == 0);
}

#endif
