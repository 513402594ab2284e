// Tests for src/scan_engine.cpp: LogonGuard, scan_machine and run_scan,
// with the local transport over machine images built in a temporary folder
// (using the mingw-built fixture DLLs where a real PE is needed) and with
// fake transports that refuse every logon.
#include "scan_engine.hpp"

#include "local_transport.hpp"
#include "test_support.hpp"
#include "text.hpp"

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

using smsscan::Credentials;
using smsscan::FileFinding;
using smsscan::FileVerdict;
using smsscan::LogonGuard;
using smsscan::MachineResult;
using smsscan::MachineSession;
using smsscan::MachineStatus;
using smsscan::Manifest;
using smsscan::OpenResult;
using smsscan::OpenStatus;
using smsscan::Platform;
using smsscan::ResultSink;
using smsscan::ScanOptions;
using smsscan::ScanSummary;
using smsscan::SessionSettings;
using smsscan::Target;
using smsscan::Transport;
using smsscan::Transports;
using smsscan::test::copy_file;
using smsscan::test::fixture_path;
using smsscan::test::make_folder;
using smsscan::test::TemporaryFolder;
using smsscan::test::write_file;

namespace {

using namespace std::chrono_literals;

const char* const k_fixture_1239 = "pe-template-2.0.1239.0.dll";
const char* const k_fixture_1380 = "pe-template-2.0.1380.1000.dll";
const char* const k_client_bin = "MS/SMS/CORE/BIN";
// The nine distinct file names of Q231399 that can live in the client folder.
constexpr std::size_t k_client_names = 9;

// True when the fixtures exist. Without mingw-w64 the caller skips its checks
// with a MESSAGE; with mingw-w64 a missing fixture is a failure.
bool have_fixtures()
{
  if (smsscan::test::fixtures_present({k_fixture_1239, k_fixture_1380})) {
    return true;
  }
  if (SMSSCAN_HAVE_MINGW) {
    FAIL_CHECK("mingw-w64 was found but the PE fixtures are missing");
  }
  return false;
}

Manifest default_manifest()
{
  const auto loaded = smsscan::load_default_manifest();
  REQUIRE_MESSAGE(loaded.manifest.has_value(), loaded.error.to_string());
  return *loaded.manifest;
}

ScanOptions local_options()
{
  ScanOptions options;
  options.jobs = 4;
  options.timeout = 30s;
  options.verdict.now = static_cast<std::int64_t>(std::time(nullptr));
  return options;
}

Target local_target(const std::string& path)
{
  const auto parsed = smsscan::parse_target(path);
  REQUIRE_MESSAGE(parsed.target.has_value(), parsed.error);
  REQUIRE(parsed.target->kind == Target::Kind::local);
  return *parsed.target;
}

Target smb_target(const std::string& host)
{
  const auto parsed = smsscan::parse_target(host);
  REQUIRE_MESSAGE(parsed.target.has_value(), parsed.error);
  REQUIRE(parsed.target->kind == Target::Kind::smb);
  return *parsed.target;
}

// "MZ" and junk: named like a PE image but not one.
std::string garbage_pe()
{
  return "MZ" + std::string(200, 'x');
}

const FileFinding* finding_for(const MachineResult& result, const std::string& wanted)
{
  for (const FileFinding& finding : result.files) {
    if (smsscan::iequals(finding.wanted, wanted)) {
      return &finding;
    }
  }
  return nullptr;
}

std::size_t found_count(const MachineResult& result)
{
  return static_cast<std::size_t>(
    std::count_if(result.files.begin(), result.files.end(), [](const FileFinding& f) { return f.found; }));
}

MachineResult scan_local(const Manifest& manifest, const Target& target)
{
  const std::unique_ptr<Transport> transport = smsscan::make_local_transport();
  return smsscan::scan_machine(manifest, target, *transport, local_options(), nullptr);
}

// acquire() on a detached thread: a guard that wrongly blocks forever leaves
// only a stuck thread behind, not a hung test run.
std::future<bool> acquire_in_background(const std::shared_ptr<LogonGuard>& guard)
{
  auto promise = std::make_shared<std::promise<bool>>();
  std::future<bool> future = promise->get_future();
  std::thread([guard, promise] { promise->set_value(guard->acquire()); }).detach();
  return future;
}

bool still_blocked(std::future<bool>& future)
{
  return future.wait_for(200ms) == std::future_status::timeout;
}

bool returns_soon(std::future<bool>& future)
{
  return future.wait_for(5s) == std::future_status::ready;
}

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

class CountingObserver : public smsscan::ProgressObserver
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

TEST_CASE("LogonGuard: a fourth unproven logon waits until one of three ends")
{
  const auto guard = std::make_shared<LogonGuard>(3);
  REQUIRE(guard->acquire());
  REQUIRE(guard->acquire());
  REQUIRE(guard->acquire());
  std::future<bool> fourth = acquire_in_background(guard);
  CHECK(still_blocked(fourth));

  // A machine that never tried to log on frees its place.
  guard->release(LogonGuard::Outcome::not_attempted);
  REQUIRE(returns_soon(fourth));
  CHECK(fourth.get());
  CHECK(guard->failures() == 0);
  CHECK_FALSE(guard->retired());
  guard->release(LogonGuard::Outcome::accepted); // unblocks anything left, whatever happened
}

TEST_CASE("LogonGuard: a refusal shrinks the logons in flight; three refusals retire the credentials")
{
  const auto guard = std::make_shared<LogonGuard>(3);
  REQUIRE(guard->acquire());
  REQUIRE(guard->acquire());
  REQUIRE(guard->acquire());
  std::future<bool> fourth = acquire_in_background(guard);
  CHECK(still_blocked(fourth));

  // One refused: two failures are still affordable and two logons are in flight.
  guard->release(LogonGuard::Outcome::refused);
  CHECK(guard->failures() == 1);
  CHECK(still_blocked(fourth));

  guard->release(LogonGuard::Outcome::refused);
  guard->release(LogonGuard::Outcome::refused);
  REQUIRE(returns_soon(fourth));
  CHECK_FALSE(fourth.get());
  CHECK(guard->failures() == 3);
  CHECK(guard->retired());

  // Retired for good: no waiting, just no.
  std::future<bool> later = acquire_in_background(guard);
  REQUIRE(returns_soon(later));
  CHECK_FALSE(later.get());
  guard->release(LogonGuard::Outcome::accepted);
}

TEST_CASE("LogonGuard: once accepted, acquires do not block")
{
  const auto guard = std::make_shared<LogonGuard>(3);
  REQUIRE(guard->acquire());
  guard->release(LogonGuard::Outcome::accepted);
  auto promise = std::make_shared<std::promise<bool>>();
  std::future<bool> many = promise->get_future();
  std::thread([guard, promise] {
    bool all = true;
    for (int i = 0; i < 20; ++i) {
      all = guard->acquire() && all;
    }
    promise->set_value(all);
  }).detach();
  REQUIRE(returns_soon(many));
  CHECK(many.get());
  CHECK(guard->failures() == 0);
}

TEST_CASE("LogonGuard: a limit of one allows one unproven logon at a time")
{
  const auto guard = std::make_shared<LogonGuard>(1);
  REQUIRE(guard->acquire());
  std::future<bool> second = acquire_in_background(guard);
  CHECK(still_blocked(second));
  guard->release(LogonGuard::Outcome::refused);
  REQUIRE(returns_soon(second));
  CHECK_FALSE(second.get());
  CHECK(guard->retired());
}

TEST_CASE("scan_machine: the local transport over machine images")
{
  const Manifest manifest = default_manifest();
  TemporaryFolder folder;

  SUBCASE("a fixed client: the version decides although the size differs")
  {
    if (!have_fixtures()) {
      return;
    }
    copy_file(fixture_path(k_fixture_1380), folder / "pc01/MS/SMS/CORE/BIN/CliCore.exe");
    const Target target = local_target(folder / "pc01");
    const MachineResult result = scan_local(manifest, target);
    CHECK(result.status == MachineStatus::compliant);
    CHECK(result.platform == "Intel");
    CHECK(result.errors.empty());
    CHECK(result.target == &target);
    CHECK(result.files.size() == k_client_names);
    CHECK(found_count(result) == 1);
    const FileFinding* clicore = finding_for(result, "CliCore.exe");
    REQUIRE(clicore != nullptr);
    REQUIRE(clicore->found);
    CHECK(clicore->share == "ADMIN$");
    CHECK(clicore->folder == "MS\\SMS\\CORE\\BIN");
    CHECK(clicore->evidence.size != 3118422);
    CHECK(clicore->judgement.verdict == FileVerdict::current);
    CHECK(clicore->judgement.version == "2.0.1380.1000");
    CHECK(clicore->judgement.platform == Platform::intel);
    REQUIRE(clicore->judgement.row != nullptr);
    CHECK(clicore->judgement.row->size == 3118422);
    const FileFinding* compver = finding_for(result, "Compver.ini");
    REQUIRE(compver != nullptr);
    CHECK_FALSE(compver->found);
    CHECK(compver->judgement.verdict == FileVerdict::missing);
    CHECK(result.scanned_at > 0);
  }

  SUBCASE("an old Clisvcl.exe: needs the fix")
  {
    if (!have_fixtures()) {
      return;
    }
    copy_file(fixture_path(k_fixture_1380), folder / "pc02/MS/SMS/CORE/BIN/CliCore.exe");
    copy_file(fixture_path(k_fixture_1239), folder / "pc02/MS/SMS/CORE/BIN/Clisvcl.exe");
    const Target target = local_target(folder / "pc02");
    const MachineResult result = scan_local(manifest, target);
    CHECK(result.status == MachineStatus::needs_fix);
    CHECK(found_count(result) == 2);
    const FileFinding* clisvcl = finding_for(result, "Clisvcl.exe");
    REQUIRE(clisvcl != nullptr);
    REQUIRE(clisvcl->found);
    CHECK(clisvcl->judgement.verdict == FileVerdict::outdated);
    CHECK(clisvcl->judgement.reason == "version 2.0.1239.0 is older than build 1380");
  }

  SUBCASE("no client installed")
  {
    make_folder(folder / "pc03/system32");
    const Target target = local_target(folder / "pc03");
    const MachineResult result = scan_local(manifest, target);
    CHECK(result.status == MachineStatus::not_installed);
    CHECK(result.files.size() == k_client_names);
    CHECK(found_count(result) == 0);
    CHECK(result.errors.empty());
    CHECK(result.platform.empty());
  }

  SUBCASE("the image folder does not exist: unreachable")
  {
    const Target target = local_target(folder / "no-such-machine");
    const MachineResult result = scan_local(manifest, target);
    CHECK(result.status == MachineStatus::unreachable);
    REQUIRE(result.errors.size() == 1);
    CHECK(result.errors[0] == "no such folder: " + (folder / "no-such-machine"));
    CHECK(found_count(result) == 0);
  }

  SUBCASE("a CliCore.exe that is not a PE image: review, with the file corrupt")
  {
    write_file(folder / "pc04/MS/SMS/CORE/BIN/CliCore.exe", garbage_pe());
    const Target target = local_target(folder / "pc04");
    const MachineResult result = scan_local(manifest, target);
    CHECK(result.status == MachineStatus::review);
    const FileFinding* clicore = finding_for(result, "CliCore.exe");
    REQUIRE(clicore != nullptr);
    REQUIRE(clicore->found);
    CHECK(clicore->evidence.size == 202);
    CHECK(clicore->judgement.verdict == FileVerdict::corrupt);
    CHECK(clicore->judgement.reason.rfind("not a readable PE image: ", 0) == 0);
  }

  SUBCASE("names and folders match whatever their case")
  {
    write_file(folder / "pc05/ms/Sms/core/BIN/clicore.EXE", garbage_pe());
    write_file(folder / "pc05/ms/Sms/core/BIN/COMPVER.INI", "[Version]\n");
    const Target target = local_target(folder / "pc05");
    const MachineResult result = scan_local(manifest, target);
    CHECK(found_count(result) == 2);
    const FileFinding* clicore = finding_for(result, "CliCore.exe");
    REQUIRE(clicore != nullptr);
    REQUIRE(clicore->found);
    CHECK(clicore->wanted == "CliCore.exe");
    CHECK(clicore->evidence.name == "clicore.EXE");
    CHECK(clicore->judgement.verdict == FileVerdict::corrupt);
    const FileFinding* compver = finding_for(result, "Compver.ini");
    REQUIRE(compver != nullptr);
    REQUIRE(compver->found);
    CHECK(compver->evidence.name == "COMPVER.INI");
    CHECK(compver->evidence.size == 10);
    CHECK(compver->judgement.date_source == "mtime");
  }

  SUBCASE("the site-server role reads SMS_{site} from a mapped folder, per platform")
  {
    write_file(folder / "site/bin/alpha/Clicore.exe", garbage_pe());
    Target target = local_target(folder / "pc06");
    make_folder(folder / "pc06");
    target.roles = {"site-server"};
    target.site_code = "ABC";
    target.share_dirs["SMS_ABC"] = folder / "site";
    const MachineResult result = scan_local(manifest, target);
    CHECK(result.status == MachineStatus::review);
    CHECK(found_count(result) == 1);
    bool seen = false;
    for (const FileFinding& finding : result.files) {
      if (finding.found) {
        seen = true;
        CHECK(finding.share == "SMS_ABC");
        CHECK(finding.folder == "bin\\Alpha");
        CHECK(finding.wanted == "Clicore.exe");
      }
    }
    CHECK(seen);
  }
}

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
      make_folder(image);
      expected.push_back(MachineStatus::not_installed);
      break;
    default: // a damaged client
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
  const std::unique_ptr<Transport> local = smsscan::make_local_transport();
  DelayingTransport delaying(*local, delays);
  Transports transports;
  transports.local = &delaying;
  ScanOptions options = local_options();
  options.jobs = 4;
  CollectingSink sink;
  CountingObserver observer;

  const ScanSummary summary = smsscan::run_scan(manifest, targets, transports, options, sink, &observer);

  REQUIRE(sink.entries.size() == 20);
  for (std::size_t i = 0; i < sink.entries.size(); ++i) {
    CAPTURE(i);
    CHECK(sink.entries[i].index == i);
    CHECK(sink.entries[i].target == &targets[i]);
    CHECK(sink.entries[i].status == expected[i]);
  }
  CHECK(summary.scanned == 20);
  CHECK(summary.counts[static_cast<int>(MachineStatus::unreachable)] == 7);
  CHECK(summary.counts[static_cast<int>(MachineStatus::not_installed)] == 7);
  CHECK(summary.counts[static_cast<int>(MachineStatus::review)] == 6);
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
  return smsscan::run_scan(manifest, targets, transports, options, sink, nullptr);
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
  CHECK(summary.counts[static_cast<int>(MachineStatus::auth_failed)] == 3);
  CHECK(summary.counts[static_cast<int>(MachineStatus::skipped)] == 7);
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
  const ScanSummary summary = smsscan::run_scan(manifest, targets, transports, local_options(), sink, nullptr);
  REQUIRE(sink.entries.size() == 1);
  CHECK(sink.entries[0].status == MachineStatus::error);
  REQUIRE(sink.entries[0].errors.size() == 1);
  CHECK(sink.entries[0].errors[0] == "this build has no SMB transport");
  CHECK(summary.counts[static_cast<int>(MachineStatus::error)] == 1);
}

TEST_CASE("shares_for_roles: the shares a role list needs, with the site code")
{
  const Manifest manifest = default_manifest();
  CHECK(smsscan::shares_for_roles(manifest, {"client"}, "ABC") == std::vector<std::string>{"ADMIN$"});
  CHECK(smsscan::shares_for_roles(manifest, {"client", "site-server", "cap", "logon-point"}, "ABC") ==
        std::vector<std::string>{"ADMIN$", "SMS_ABC", "CAP_ABC", "SMSLOGON"});
}
