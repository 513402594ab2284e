// Tests for transport/samba/smbclient_handler.cpp: the libsmbclient worker
// handler answering raw protocol requests in a real forked worker (through
// worker::WorkerPool and worker::Channel), with real libsmbclient, where no
// SMB server is needed: garbled and out-of-order requests, the explicit
// port as the only one tried, the scanner's NetBIOS answer, names that
// cannot be resolved, the INSPECT time limit, the reset between sessions
// and the password masked in forwarded debug messages. Every connection
// goes to a loopback port with nothing listening; what needs a server is in
// tests/smb.
#ifdef SMSSCAN_TEST_HAVE_SMBCLIENT

#include "smsscan/transport/samba/smbclient_handler.hpp"

#include "smsscan/evidence/inspector.hpp"
#include "smsscan/transport/samba/protocol.hpp"
#include "smsscan/worker/channel.hpp"
#include "smsscan/worker/pool.hpp"
#include "test_support.hpp"
#include "transport/transport_support.hpp"

#include <doctest/doctest.h>

#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

using namespace smsscan;
using namespace smsscan::transport;
using namespace smsscan::transport::samba;
using namespace std::chrono_literals;

namespace {

const std::string k_password = "Sekrit-Pass-7731";

worker::ChannelLimits limits()
{
  worker::ChannelLimits limits;
  limits.hard_deadline = std::chrono::steady_clock::now() + 60s;
  return limits;
}

worker::PoolSettings pool_settings(const SmbclientOptions& options = {})
{
  return {"libsmbclient", [options] { return make_smbclient_handler(options); }};
}

BeginRequest begin_for(const std::string& host, std::uint16_t port)
{
  BeginRequest request;
  request.host = host;
  request.port = port;
  request.timeout_ms = 5000;
  request.has_credentials = true;
  request.domain = "FLEET";
  request.user = "smsscan-test";
  request.password = k_password;
  return request;
}

// Sends raw request bytes and returns the worker's raw reply.
std::vector<std::uint8_t> exchange(worker::Channel& channel, const worker::Writer& request)
{
  std::vector<std::uint8_t> answer;
  REQUIRE(channel.call(request, answer) == worker::Channel::Wait::ok);
  return answer;
}

OpenReply open_reply(worker::Channel& channel, const worker::Writer& request)
{
  const std::vector<std::uint8_t> answer = exchange(channel, request);
  worker::Reader in(answer);
  OpenReply reply;
  REQUIRE(decode(in, reply));
  return reply;
}

OpenReply ask_open(worker::Channel& channel, const std::string& share = "ADMIN$", const std::string& folder = "",
                   const std::string& name = "win.ini")
{
  return open_reply(channel, encode(OpenRequest{share, folder, name}));
}

InspectReply ask_inspect(worker::Channel& channel, const InspectRequest& request)
{
  const std::vector<std::uint8_t> answer = exchange(channel, encode(request));
  worker::Reader in(answer);
  InspectReply reply;
  REQUIRE(decode(in, reply));
  return reply;
}

void begin(worker::Channel& channel, const BeginRequest& request)
{
  REQUIRE(channel.post(encode(request)) == worker::Channel::Wait::ok);
}

} // namespace

TEST_CASE("smbclient handler: garbled or out-of-order requests get an answer, and the worker serves the next one")
{
  worker::WorkerPool pool(pool_settings());
  worker::Channel channel(pool, limits());
  std::string problem;
  REQUIRE(channel.open(problem));
  const pid_t pid = *channel.worker_pid();

  // An op no scanner sends: a reply the scanner side refuses to decode.
  worker::Writer unknown;
  unknown.u8(0x7f);
  const std::vector<std::uint8_t> odd = exchange(channel, unknown);
  CHECK(odd == std::vector<std::uint8_t>{0xff});
  worker::Reader odd_in(odd);
  OpenReply not_an_open;
  CHECK_FALSE(decode(odd_in, not_an_open));

  // OPEN and READ before any BEGIN.
  OpenReply reply = ask_open(channel);
  CHECK(reply.status == OpenStatus::error);
  CHECK(reply.detail == "libsmbclient session not started");
  {
    const std::vector<std::uint8_t> answer = exchange(channel, encode(ReadRequest{1, 0, 16}));
    worker::Reader in(answer);
    ReadReply read;
    REQUIRE(decode(in, read));
    CHECK_FALSE(read.ok);
    CHECK(read.detail == "bad read request");
  }

  // A BEGIN cut short: every open of the session says so, none connects.
  const worker::Writer whole = encode(begin_for("127.0.0.1", test::closed_loopback_port()));
  worker::Writer cut;
  cut.raw(whole.data().data(), whole.size() / 2);
  REQUIRE(channel.post(cut) == worker::Channel::Wait::ok);
  reply = ask_open(channel);
  CHECK(reply.status == OpenStatus::error);
  CHECK(reply.detail == "bad request from the scanner");

  // A good BEGIN starts over; an OPEN cut short is answered and ends nothing.
  const std::uint16_t port = test::closed_loopback_port();
  begin(channel, begin_for("127.0.0.1", port));
  const worker::Writer open_whole = encode(OpenRequest{"ADMIN$", "", "win.ini"});
  worker::Writer open_cut;
  open_cut.raw(open_whole.data().data(), open_whole.size() - 3);
  reply = open_reply(channel, open_cut);
  CHECK(reply.status == OpenStatus::error);
  CHECK(reply.detail == "bad request from the scanner");
  CHECK(reply.handle == 0);

  // CLOSE of a handle never given: no reply, and the worker goes on.
  REQUIRE(channel.post(encode(CloseRequest{42})) == worker::Channel::Wait::ok);
  reply = ask_open(channel);
  CHECK(reply.status == OpenStatus::unreachable);
  CHECK(reply.detail.rfind("\\\\127.0.0.1: Connection refused", 0) == 0);
  CHECK(*channel.worker_pid() == pid);
}

TEST_CASE("smbclient handler: a port given is the only one tried, and every reply says where the machine is")
{
  worker::WorkerPool pool(pool_settings());
  worker::Channel channel(pool, limits());
  std::string problem;
  REQUIRE(channel.open(problem));
  const std::uint16_t port = test::closed_loopback_port();
  begin(channel, begin_for("127.0.0.1", port));
  const OpenReply reply = ask_open(channel, "ADMIN$", "MS\\SMS\\CORE\\BIN", "CliCore.exe");
  CHECK(reply.status == OpenStatus::unreachable);
  CHECK(reply.detail.rfind("\\\\127.0.0.1: Connection refused", 0) == 0);
  // Without a port the detail would name the ports tried ("on port 445 ...").
  CHECK(reply.detail.find("on port") == std::string::npos);
  CHECK(reply.detail.find(k_password) == std::string::npos);
  CHECK(reply.address == "127.0.0.1");
  CHECK(reply.port == port);
  CHECK(reply.handle == 0);

  // The machine is unreachable for the rest of the session, whatever share.
  const OpenReply again = ask_open(channel, "C$", "WINNT", "notepad.exe");
  CHECK(again.status == OpenStatus::unreachable);
  CHECK(again.detail == reply.detail);
  CHECK(again.port == port);
}

TEST_CASE("smbclient handler: the scanner's NetBIOS answer is used as it is, without resolving the name again")
{
  worker::WorkerPool pool(pool_settings());
  worker::Channel channel(pool, limits());
  std::string problem;
  REQUIRE(channel.open(problem));
  const std::uint16_t port = test::closed_loopback_port();

  // The NetBIOS name goes into the URL and reaches the address through the
  // worker's one lmhosts entry: refused at 127.0.0.1.
  BeginRequest netbios = begin_for("pcloopback", port);
  netbios.address = "127.0.0.1";
  netbios.netbios_name = "PCLOOPBACK";
  begin(channel, netbios);
  OpenReply reply = ask_open(channel);
  CHECK(reply.status == OpenStatus::unreachable);
  CHECK(reply.detail.rfind("\\\\pcloopback: Connection refused", 0) == 0);
  CHECK(reply.address == "127.0.0.1");
  CHECK(reply.port == port);

  // An address from the scanner wins over a host the system resolver could
  // not resolve (an empty label: refused without a DNS query).
  BeginRequest found = begin_for("no-such..host", port);
  found.address = "127.0.0.1";
  begin(channel, found);
  reply = ask_open(channel);
  CHECK(reply.status == OpenStatus::unreachable);
  CHECK(reply.detail.rfind("\\\\no-such..host: Connection refused", 0) == 0);
  CHECK(reply.address == "127.0.0.1");
}

TEST_CASE("smbclient handler: an IPv6 address is reached whole")
{
  const std::optional<std::uint16_t> port = test::closed_ipv6_loopback_port();
  if (!port) {
    MESSAGE("no IPv6 loopback on this machine: the IPv6 case is skipped");
    return;
  }
  worker::WorkerPool pool(pool_settings());
  worker::Channel channel(pool, limits());
  std::string problem;
  REQUIRE(channel.open(problem));
  begin(channel, begin_for("::1", *port));
  const OpenReply reply = ask_open(channel);
  CHECK(reply.status == OpenStatus::unreachable);
  CHECK(reply.detail.rfind("\\\\::1: Connection refused", 0) == 0);
  CHECK(reply.address == "::1");
  CHECK(reply.port == *port);
}

TEST_CASE("smbclient handler: a name that cannot be resolved is unreachable, saying what was tried")
{
  SmbclientOptions options;
  options.inspector = evidence::make_evidence_inspector(false);
  worker::WorkerPool pool(pool_settings(options));
  worker::Channel channel(pool, limits());
  std::string problem;
  REQUIRE(channel.open(problem));

  // Both names have an empty label, which the system resolver refuses
  // without a DNS query.
  begin(channel, begin_for("no-such..host", 0));
  OpenReply reply = ask_open(channel);
  CHECK(reply.status == OpenStatus::unreachable);
  const std::string prefix = "cannot resolve no-such..host: ";
  CHECK(reply.detail.rfind(prefix, 0) == 0);
  CHECK(reply.detail.size() > prefix.size()); // the resolver's reason
  CHECK(reply.address.empty());
  CHECK(reply.port == 0);
  // INSPECT answers the same for every file of the folder.
  const InspectReply inspected = ask_inspect(channel, InspectRequest{"ADMIN$", "", {"win.ini", "system.ini"}, 60000});
  REQUIRE(inspected.files.size() == 2);
  for (const InspectedFile& file : inspected.files) {
    CHECK(file.status == OpenStatus::unreachable);
    CHECK(file.detail == reply.detail);
    CHECK(file.inspection.empty());
  }

  // The scanner's NetBIOS lookup found nothing: the detail says so first.
  BeginRequest netbios = begin_for("NOSUCH..PC", 0);
  netbios.tried = "not in the lmhosts file";
  begin(channel, netbios);
  reply = ask_open(channel);
  CHECK(reply.status == OpenStatus::unreachable);
  CHECK(reply.detail.rfind("cannot resolve NOSUCH..PC: not in the lmhosts file; DNS: ", 0) == 0);
}

TEST_CASE("smbclient handler: INSPECT answers each name in order, and begins no file once the time given is up")
{
  SUBCASE("without an inspector in the worker")
  {
    worker::WorkerPool pool(pool_settings());
    worker::Channel channel(pool, limits());
    std::string problem;
    REQUIRE(channel.open(problem));
    begin(channel, begin_for("127.0.0.1", test::closed_loopback_port()));
    const InspectReply reply = ask_inspect(channel, InspectRequest{"ADMIN$", "", {"a.dll", "b.dll", "c.dll"}, 60000});
    REQUIRE(reply.files.size() == 3);
    for (const InspectedFile& file : reply.files) {
      CHECK(file.status == OpenStatus::error);
      CHECK(file.detail == "no inspector in this worker");
    }
  }
  SUBCASE("with the evidence inspector")
  {
    SmbclientOptions options;
    options.inspector = evidence::make_evidence_inspector(false);
    worker::WorkerPool pool(pool_settings(options));
    worker::Channel channel(pool, limits());
    std::string problem;
    REQUIRE(channel.open(problem));
    const std::uint16_t port = test::closed_loopback_port();
    BeginRequest request = begin_for("127.0.0.1", port);
    request.timeout_ms = 2500;
    begin(channel, request);

    // No time left: not even the first file is begun (it would be refused
    // by the closed port otherwise), and the machine is timed out.
    InspectReply reply = ask_inspect(channel, InspectRequest{"ADMIN$", "MS\\SMS", {"a.dll", "b.dll"}, 0});
    REQUIRE(reply.files.size() == 2);
    for (const InspectedFile& file : reply.files) {
      CHECK(file.status == OpenStatus::unreachable);
      CHECK(file.detail == timed_out_message(2500ms));
      CHECK(file.inspection.empty());
    }
    CHECK(reply.address == "127.0.0.1");
    CHECK(reply.port == port);
    // The machine stays timed out for the rest of the session.
    CHECK(ask_open(channel).detail == timed_out_message(2500ms));

    // A garbled INSPECT is answered, with as many results as names it held.
    const worker::Writer whole = encode(InspectRequest{"ADMIN$", "", {"a.dll"}, 60000});
    worker::Writer cut;
    cut.raw(whole.data().data(), whole.size() - 2);
    const std::vector<std::uint8_t> answer = exchange(channel, cut);
    worker::Reader in(answer);
    InspectReply garbled;
    REQUIRE(decode(in, garbled));
    REQUIRE(garbled.files.size() == 1);
    for (const InspectedFile& file : garbled.files) {
      CHECK(file.status == OpenStatus::error);
      CHECK(file.detail == "bad request from the scanner");
    }
  }
}

TEST_CASE("smbclient handler: a session's end forgets its outcome; the next session on the worker starts afresh")
{
  worker::WorkerPool pool(pool_settings());
  pid_t first = 0;
  {
    worker::Channel channel(pool, limits());
    std::string problem;
    REQUIRE(channel.open(problem));
    first = *channel.worker_pid();
    begin(channel, begin_for("no-such..host", 0));
    CHECK(ask_open(channel).detail.rfind("cannot resolve no-such..host: ", 0) == 0);
  } // the channel resets the worker and gives it back
  REQUIRE(pool.idle() == 1);
  worker::Channel channel(pool, limits());
  std::string problem;
  REQUIRE(channel.open(problem));
  CHECK(*channel.worker_pid() == first);
  // Before a BEGIN, nothing of the last session is left.
  CHECK(ask_open(channel).detail == "libsmbclient session not started");
  const std::uint16_t port = test::closed_loopback_port();
  begin(channel, begin_for("127.0.0.1", port));
  const OpenReply reply = ask_open(channel);
  CHECK(reply.status == OpenStatus::unreachable);
  CHECK(reply.detail.rfind("\\\\127.0.0.1: Connection refused", 0) == 0);
  CHECK(reply.port == port);
}

TEST_CASE("smbclient handler: with SMSSCAN_SMBCLIENT_DEBUG, forwarded messages never show the password")
{
  // The worker's standard error (inherited by the spawner when the pool is
  // made) goes to a file. The password is also the share's name, so that
  // libsmbclient's messages about the URL carry it and the masking shows.
  test::TemporaryFolder folder;
  const std::string log_path = folder / "stderr.txt";
  std::optional<worker::WorkerPool> pool;
  {
    const test::ScopedEnvironment debug("SMSSCAN_SMBCLIENT_DEBUG", "10");
    const int log = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    REQUIRE(log >= 0);
    const int saved = ::dup(STDERR_FILENO);
    REQUIRE(saved >= 0);
    REQUIRE(::dup2(log, STDERR_FILENO) == STDERR_FILENO);
    pool.emplace(pool_settings());
    ::dup2(saved, STDERR_FILENO);
    ::close(saved);
    ::close(log);
  }
  {
    worker::Channel channel(*pool, limits());
    std::string problem;
    REQUIRE(channel.open(problem));
    begin(channel, begin_for("127.0.0.1", test::closed_loopback_port()));
    const OpenReply reply = ask_open(channel, k_password, "", "win.ini");
    CHECK(reply.status == OpenStatus::unreachable);
    CHECK(reply.detail.find(k_password) == std::string::npos);
  }
  pool.reset(); // the workers are gone: everything they wrote is in the file
  const std::optional<std::string> log = test::read_file(log_path);
  REQUIRE(log.has_value());
  CHECK(log->find("smbclient[") != std::string::npos); // messages were forwarded
  CHECK(log->find("****") != std::string::npos);       // the share's name, masked
  CHECK(log->find(k_password) == std::string::npos);
}

#endif
