// The libcurl transport's failures without a server: a loopback port with
// nothing listening is unreachable, the machine's time and Ctrl-C are
// honoured before anything is sent, and bad requests are errors.
#include "smsscan/transport/curl/curl_transport.hpp"
#include "transport/transport_support.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <string>

using namespace smsscan;
using namespace smsscan::transport;
using namespace std::chrono_literals;

TEST_CASE("curl: a closed loopback port is unreachable, with libcurl's reason")
{
  auto transport = make_curl_transport();
  const target::Target target = test::loopback_target(test::closed_loopback_port());
  const target::Credentials credentials = test::test_credentials();
  auto session = transport->start(target, test::settings_for(5s, &credentials));
  const auto started = std::chrono::steady_clock::now();
  OpenResult opened = session->open("ADMIN$", "MS\\SMS\\CORE\\BIN", "CliCore.exe");
  CHECK(opened.status == OpenStatus::unreachable);
  CHECK(opened.detail.find("(libcurl error 7)") != std::string::npos);
  CHECK(opened.detail.find(credentials.password) == std::string::npos);
  CHECK(opened.file == nullptr);
  CHECK(std::chrono::steady_clock::now() - started < 3s);
}

TEST_CASE("curl: past the machine's deadline nothing is tried")
{
  auto transport = make_curl_transport();
  const target::Target target = test::loopback_target(test::closed_loopback_port());
  SessionSettings settings = test::settings_for(2500ms);
  settings.deadline = std::chrono::steady_clock::now() - 1s;
  auto session = transport->start(target, settings);
  OpenResult opened = session->open("ADMIN$", "", "win.ini");
  CHECK(opened.status == OpenStatus::unreachable);
  CHECK(opened.detail == timed_out_message(2500ms));
}

TEST_CASE("curl: Ctrl-C before an open is an error, not a verdict")
{
  auto transport = make_curl_transport();
  const std::atomic<bool> cancelled{true};
  const target::Target target = test::loopback_target(test::closed_loopback_port());
  auto session = transport->start(target, test::settings_for(5s, nullptr, &cancelled));
  OpenResult opened = session->open("ADMIN$", "", "win.ini");
  CHECK(opened.status == OpenStatus::error);
  CHECK(opened.detail == "cancelled");
}

TEST_CASE("curl: an empty share or name is refused before connecting")
{
  auto transport = make_curl_transport();
  const target::Target target = test::loopback_target(test::closed_loopback_port());
  auto session = transport->start(target, test::settings_for(5s));
  CHECK(session->open("", "", "win.ini").detail == "empty share or file name");
  CHECK(session->open("ADMIN$", "", "").status == OpenStatus::error);
}
