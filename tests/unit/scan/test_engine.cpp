// Tests for scan/engine.cpp: run_scan's ordering, the shared logon guard
// and its handling of targets without a transport, with the local transport
// over machine images and with test transports that delay or refuse logons.
#include "smsscan/scan/engine.hpp"

#include "scan_support.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <ctime>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

using smsscan::manifest::Manifest;
using smsscan::manifest::Platform;
using smsscan::scan::FileFinding;
using smsscan::scan::LogonGuard;
using smsscan::scan::MachineResult;
using smsscan::scan::ResultSink;
using smsscan::scan::ScanOptions;
using smsscan::scan::ScanSummary;
using smsscan::scan::Transports;
using smsscan::target::Credentials;
using smsscan::target::Target;
using smsscan::test::copy_file;
using smsscan::test::fixture_path;
using smsscan::test::make_folder;
using smsscan::test::TemporaryFolder;
using smsscan::test::write_file;
using smsscan::transport::MachineSession;
using smsscan::transport::OpenResult;
using smsscan::transport::OpenStatus;
using smsscan::transport::SessionSettings;
using smsscan::transport::Transport;
using smsscan::verdict::FileVerdict;
using smsscan::verdict::MachineStatus;

using smsscan::test::default_manifest;
using smsscan::test::garbage_pe;
using smsscan::test::k_client_names;
using smsscan::test::local_options;
using smsscan::test::local_target;
using smsscan::test::smb_target;

// Tests for src/scan_engine.cpp: LogonGuard, scan_machine and run_scan,
// with the local transport over machine images built in a temporary folder
// (using the mingw-built fixture DLLs where a real PE is needed) and with
// fake transports that refuse every logon.
#include "smsscan/scan/engine.hpp"

#include "smsscan/transport/local/local_transport.hpp"
#include "smsscan/util/text.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <ctime>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#ifndef SMSSCAN_HAVE_MINGW
#define SMSSCAN_HAVE_MINGW 0
#endif

using smsscan::manifest::Manifest;
using smsscan::manifest::Platform;
using smsscan::scan::FileFinding;
using smsscan::scan::LogonGuard;
using smsscan::scan::MachineResult;
using smsscan::scan::ResultSink;
using smsscan::scan::ScanOptions;
using smsscan::scan::ScanSummary;
using smsscan::scan::Transports;
using smsscan::target::Credentials;
using smsscan::target::Target;
using smsscan::test::copy_file;
using smsscan::test::fixture_path;
using smsscan::test::make_folder;
using smsscan::test::TemporaryFolder;
using smsscan::test::write_file;
using smsscan::transport::MachineSession;
using smsscan::transport::OpenResult;
using smsscan::transport::OpenStatus;
using smsscan::transport::SessionSettings;
using smsscan::transport::Transport;
using smsscan::verdict::FileVerdict;
using smsscan::verdict::MachineStatus;

namespace {

using namespace std::chrono_literals;

class CollectingSink : public ResultSink
{
public:
  struct Entry
  {
    std::size_t index;
    const Target* target;
    MachineStatus status;
    std::vector<std::string> errors;
  };

  void machine_done(const MachineResult& result) override
  {
    std::lock_guard<std::mutex> lock(m_mutex);
    entries.push_back({result.index, result.target, result.status, result.errors});
  }

  std::vector<Entry> entries;

private:
  std::mutex m_mutex;
};

class CountingObserver : public smsscan::scan::ProgressObserver
{
public:
  void progress(std::size_t done, std::size_t total) override
  {
    ++calls;
    last_done = done;
    last_total = total;
  }
  std::size_t calls = 0;
  std::size_t last_done = 0;
  std::size_t last_total = 0;
};

// Wraps a transport and delays start() for chosen targets, so machines
// finish out of order.
class DelayingTransport : public Transport
{
public:
  DelayingTransport(Transport& inner, std::map<const Target*, std::chrono::milliseconds> delays)
      : m_inner(inner), m_delays(std::move(delays))
  {
  }
  std::string_view name() const override { return "delaying"; }
  std::unique_ptr<MachineSession> start(const Target& target, const SessionSettings& settings) override
  {
    const auto delay = m_delays.find(&target);
    if (delay != m_delays.end()) {
      std::this_thread::sleep_for(delay->second);
    }
    return m_inner.start(target, settings);
  }

private:
  Transport& m_inner;
  std::map<const Target*, std::chrono::milliseconds> m_delays;
};

// A transport whose every open is a refused logon. Counts the logon attempts
// it refused and the most sessions that were trying at once.
class RefusingTransport : public Transport
{
public:
  std::string_view name() const override { return "refusing"; }
  std::unique_ptr<MachineSession> start(const Target&, const SessionSettings& settings) override
  {
    if (settings.credentials == nullptr) {
      ++starts_without_credentials;
    }
    return std::make_unique<Session>(*this);
  }

  std::atomic<int> refused_logons{0};
  std::atomic<int> starts_without_credentials{0};
  std::atomic<int> concurrent{0};
  std::atomic<int> most_concurrent{0};

private:
  class Session : public MachineSession
  {
  public:
    explicit Session(RefusingTransport& owner) : m_owner(owner) {}
    OpenResult open(const std::string&, const std::string&, const std::string&) override
    {
      const int now = ++m_owner.concurrent;
      int seen = m_owner.most_concurrent.load();
      while (now > seen && !m_owner.most_concurrent.compare_exchange_weak(seen, now)) {
      }
      // Hold the logon briefly so that parallel workers would overlap.
      std::this_thread::sleep_for(5ms);
      --m_owner.concurrent;
      ++m_owner.refused_logons;
      OpenResult result;
      result.status = OpenStatus::auth_failed;
      result.detail = "NT_STATUS_LOGON_FAILURE";
      return result;
    }

  private:
    RefusingTransport& m_owner;
  };
};

// A transport where every logon works and no file exists.
class EmptyMachinesTransport : public Transport
{
public:
  std::string_view name() const override { return "empty"; }
  std::unique_ptr<MachineSession> start(const Target&, const SessionSettings&) override
  {
    return std::make_unique<Session>(*this);
  }
  std::atomic<int> opens{0};

private:
  class Session : public MachineSession
  {
  public:
    explicit Session(EmptyMachinesTransport& owner) : m_owner(owner) {}
    OpenResult open(const std::string&, const std::string&, const std::string&) override
    {
      ++m_owner.opens;
      OpenResult result;
      result.status = OpenStatus::not_found;
      return result;
    }

  private:
    EmptyMachinesTransport& m_owner;
  };
};

} // namespace

TEST_CASE("run_scan: results reach the sink in input order, whatever order they finish in")
{
  const Manifest manifest = default_manifest();
  TemporaryFolder folder;
  std::vector<Target> targets;
  std::vector<MachineStatus> expected;
  for (int i = 0; i < 20; ++i) {
    const std::string image = folder / ("pc" + std::to_string(i));
    switch (i % 3) {
    case 0: // not there
      expected.push_back(MachineStatus::unreachable);
      break;
    case 1: // no client
      make_folder(image + "/System32");
      expected.push_back(MachineStatus::not_installed);
      break;
    default: // a damaged client
      make_folder(image + "/System32");
      write_file(image + "/MS/SMS/CORE/BIN/CliCore.exe", garbage_pe());
      expected.push_back(MachineStatus::review);
      break;
    }
    targets.push_back(local_target(image));
  }
  // Every fourth machine is slow, so later ones finish first.
  std::map<const Target*, std::chrono::milliseconds> delays;
  for (std::size_t i = 0; i < targets.size(); i += 4) {
    delays[&targets[i]] = 30ms;
  }
  const std::unique_ptr<Transport> local = smsscan::transport::make_local_transport();
  DelayingTransport delaying(*local, delays);
  Transports transports;
  transports.local = &delaying;
  ScanOptions options = local_options();
  options.jobs = 4;
  CollectingSink sink;
  CountingObserver observer;

  const ScanSummary summary = smsscan::scan::run_scan(manifest, targets, transports, options, sink, &observer);

  REQUIRE(sink.entries.size() == 20);
  for (std::size_t i = 0; i < sink.entries.size(); ++i) {
    CAPTURE(i);
    CHECK(sink.entries[i].index == i);
    CHECK(sink.entries[i].target == &targets[i]);
    CHECK(sink.entries[i].status == expected[i]);
  }
  CHECK(summary.scanned == 20);
  CHECK(summary.count(MachineStatus::unreachable) == 7);
  CHECK(summary.count(MachineStatus::not_installed) == 7);
  CHECK(summary.count(MachineStatus::review) == 6);
  CHECK_FALSE(summary.interrupted);
  CHECK_FALSE(summary.credentials_retired);
  CHECK(observer.calls == 20);
  CHECK(observer.last_done == 20);
  CHECK(observer.last_total == 20);
}

// Scans ten SMB machines through transport with credentials, 8 jobs and a
// limit of 3 refused logons.
static ScanSummary scan_ten_with_credentials(Transport& transport, const std::string& password, CollectingSink& sink)
{
  const Manifest manifest = default_manifest();
  std::vector<Target> targets;
  for (int i = 0; i < 10; ++i) {
    targets.push_back(smb_target("pc" + std::to_string(i)));
  }
  Transports transports;
  transports.remote = &transport;
  const Credentials credentials{"CORP", "admin", password};
  ScanOptions options = local_options();
  options.credentials = &credentials;
  options.max_auth_failures = 3;
  options.jobs = 8;
  return smsscan::scan::run_scan(manifest, targets, transports, options, sink, nullptr);
}

TEST_CASE("run_scan: refused credentials stop after max_auth_failures logons")
{
  RefusingTransport refusing;
  CollectingSink sink;
  const ScanSummary summary = scan_ten_with_credentials(refusing, "wrong", sink);

  REQUIRE(sink.entries.size() == 10);
  int auth_failed = 0;
  int skipped = 0;
  for (std::size_t i = 0; i < sink.entries.size(); ++i) {
    CAPTURE(i);
    const auto& entry = sink.entries[i];
    CHECK(entry.index == i);
    if (entry.status == MachineStatus::auth_failed) {
      ++auth_failed;
      REQUIRE(entry.errors.size() == 1);
      CHECK(entry.errors[0] == "logon refused: NT_STATUS_LOGON_FAILURE");
    } else if (entry.status == MachineStatus::skipped) {
      ++skipped;
      REQUIRE(entry.errors.size() == 1);
      CHECK(entry.errors[0].rfind("not scanned: the credentials were refused by 3 machines", 0) == 0);
    }
  }
  CHECK(auth_failed == 3);
  CHECK(skipped == 7);
  CHECK(refusing.refused_logons.load() <= 3);
  CHECK(refusing.refused_logons.load() == 3);
  CHECK(refusing.most_concurrent.load() <= 3);
  CHECK(refusing.starts_without_credentials.load() == 0);
  CHECK(summary.auth_failures == 3);
  CHECK(summary.credentials_retired);
  CHECK(summary.count(MachineStatus::auth_failed) == 3);
  CHECK(summary.count(MachineStatus::skipped) == 7);
}

TEST_CASE("run_scan: accepted credentials scan every machine")
{
  EmptyMachinesTransport empty;
  CollectingSink sink;
  const ScanSummary summary = scan_ten_with_credentials(empty, "right", sink);

  REQUIRE(sink.entries.size() == 10);
  for (const auto& entry : sink.entries) {
    CHECK(entry.status == MachineStatus::not_installed);
  }
  CHECK(empty.opens.load() == static_cast<int>(10 * k_client_names));
  CHECK(summary.auth_failures == 0);
  CHECK_FALSE(summary.credentials_retired);
}

TEST_CASE("run_scan: an SMB target without an SMB transport is an error, not a crash")
{
  const Manifest manifest = default_manifest();
  const std::vector<Target> targets = {smb_target("pc01")};
  Transports transports; // neither transport
  CollectingSink sink;
  const ScanSummary summary = smsscan::scan::run_scan(manifest, targets, transports, local_options(), sink, nullptr);
  REQUIRE(sink.entries.size() == 1);
  CHECK(sink.entries[0].status == MachineStatus::error);
  REQUIRE(sink.entries[0].errors.size() == 1);
  CHECK(sink.entries[0].errors[0] == "this build has no SMB transport");
  CHECK(summary.count(MachineStatus::error) == 1);
}
