// The libsmbclient transport end to end without a server: the scanner side,
// a real forked worker and libsmbclient against a loopback port with nothing
// listening. What needs a server is in tests/smb.
#ifdef SMSSCAN_TEST_HAVE_SMBCLIENT

#include "smsscan/transport/samba/smbclient_transport.hpp"
#include "transport/transport_support.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <string>

using namespace smsscan;
using namespace smsscan::transport;
using namespace std::chrono_literals;

TEST_CASE("smbclient: a closed loopback port is unreachable, and stays so without another try")
{
  auto transport = make_smbclient_transport();
  CHECK(transport->name() == "smbclient");
  const target::Target target = test::loopback_target(test::closed_loopback_port());
  const target::Credentials credentials = test::test_credentials();
  auto session = transport->start(target, test::settings_for(10s, &credentials));
  const auto started = std::chrono::steady_clock::now();
  OpenResult opened = session->open("ADMIN$", "MS\\SMS\\CORE\\BIN", "CliCore.exe");
  CHECK(opened.status == OpenStatus::unreachable);
  CHECK(opened.detail.find("\\\\127.0.0.1: Connection refused") == 0);
  CHECK(opened.detail.find(credentials.password) == std::string::npos);
  CHECK(std::chrono::steady_clock::now() - started < 5s);
  OpenResult again = session->open("ADMIN$", "", "win.ini");
  CHECK(again.status == OpenStatus::unreachable);
  CHECK(again.detail == opened.detail);
}

TEST_CASE("smbclient: past the machine's deadline, or after Ctrl-C, no worker is asked")
{
  auto transport = make_smbclient_transport();
  const target::Target target = test::loopback_target(test::closed_loopback_port());
  SessionSettings late = test::settings_for(1500ms);
  late.deadline = std::chrono::steady_clock::now() - 1s;
  OpenResult timed_out = transport->start(target, late)->open("ADMIN$", "", "win.ini");
  CHECK(timed_out.status == OpenStatus::unreachable);
  CHECK(timed_out.detail == timed_out_message(1500ms));

  const std::atomic<bool> cancelled{true};
  OpenResult interrupted =
    transport->start(target, test::settings_for(5s, nullptr, &cancelled))->open("ADMIN$", "", "win.ini");
  CHECK(interrupted.status == OpenStatus::error);
  CHECK(interrupted.detail == "interrupted");
}

TEST_CASE("smbclient: with an inspector, a folder is inspected in the worker; without, it is not offered")
{
  class Size : public FileInspector
  {
  public:
    std::string inspect(RemoteFile& file) const override { return std::to_string(file.size()); }
  };
  RemoteOptions options;
  options.inspector = std::make_shared<Size>();
  auto inspecting = make_smbclient_transport(options);
  const target::Target target = test::loopback_target(test::closed_loopback_port());
  auto session = inspecting->start(target, test::settings_for(5s));
  auto inspected = session->inspect_files("ADMIN$", "", {"win.ini", "system.ini"});
  REQUIRE(inspected.has_value());
  REQUIRE(inspected->size() == 2);
  for (const InspectResult& result : *inspected) {
    CHECK(result.status == OpenStatus::unreachable); // the second answers like the first, untried
    CHECK(result.detail.find("Connection refused") != std::string::npos);
    CHECK(result.inspection.empty());
  }

  auto plain = make_smbclient_transport();
  CHECK_FALSE(plain->start(target, test::settings_for(5s))->inspect_files("ADMIN$", "", {"win.ini"}).has_value());
}

TEST_CASE("smbclient: sessions one after another reuse the worker")
{
  auto transport = make_smbclient_transport();
  const target::Target target = test::loopback_target(test::closed_loopback_port());
  for (int round = 0; round < 3; ++round) {
    auto session = transport->start(target, test::settings_for(5s));
    CHECK(session->open("ADMIN$", "", "win.ini").status == OpenStatus::unreachable);
  }
}

#endif
