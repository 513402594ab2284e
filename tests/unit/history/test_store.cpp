// Tests for history/store.cpp on real SQLite files: scans recorded a
// machine at a time, listed with their counts, diffed; a file that is no
// history, a damaged one, one from a newer smsscan and one from an older
// (schema 1) smsscan; two writers on one file at once.
#include "smsscan/history/store.hpp"

#include "report/fleet_support.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

using smsscan::history::Database;
using smsscan::history::History;
using smsscan::history::k_schema_version;
using smsscan::history::NewScan;
using smsscan::history::ScanInfo;
using smsscan::history::ScanState;
using smsscan::test::TemporaryFolder;
using smsscan::verdict::MachineStatus;

namespace {

History open_ok(const std::string& path, History::Mode mode = History::Mode::record)
{
  auto opened = History::open(path, mode);
  REQUIRE_MESSAGE(opened.has_value(), (opened ? "" : opened.error().to_string()));
  return std::move(*opened);
}

std::string refusal(const std::string& path, History::Mode mode = History::Mode::record)
{
  auto opened = History::open(path, mode);
  REQUIRE_FALSE(opened.has_value());
  return opened.error().to_string();
}

NewScan new_scan(std::int64_t started_at, std::size_t planned, const std::string& kb = "Q231399")
{
  NewScan scan;
  scan.started_at = started_at;
  scan.kb = kb;
  scan.fix = "SMS 2.0 Service Pack 1";
  scan.manifest = "built-in";
  scan.options = "roles client; tolerance 24 h; quick";
  scan.generator = "smsscan test";
  scan.planned = planned;
  return scan;
}

// Records every machine of fleet as one scan; returns its id.
std::int64_t record(History& history, const smsscan::test::Fleet& fleet, std::int64_t started_at,
                    ScanState state = ScanState::complete)
{
  auto id = history.begin_scan(new_scan(started_at, fleet.results.size()));
  REQUIRE(id.has_value());
  for (const auto& result : fleet.results) {
    const auto added = history.add_machine(*id, result);
    REQUIRE_MESSAGE(added.has_value(), (added ? "" : added.error().to_string()));
  }
  REQUIRE(history.finish_scan(*id, state, started_at + 60).has_value());
  return *id;
}

std::vector<ScanInfo> scans_of(History& history)
{
  auto scans = history.scans();
  REQUIRE(scans.has_value());
  return *scans;
}

void write_bytes(const std::string& path, const std::string& bytes, std::uint64_t at)
{
  std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
  REQUIRE(file.good());
  file.seekp(static_cast<std::streamoff>(at));
  file.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  REQUIRE(file.good());
}

} // namespace

TEST_CASE("History: scans recorded a machine at a time, listed with their counts, read back in order")
{
  TemporaryFolder folder;
  const std::string path = folder / "fleet.history";
  smsscan::test::Fleet week1;
  week1.add("pc1", MachineStatus::needs_fix, "ABC");
  week1.add("pc2", MachineStatus::compliant, "ABC");
  week1.add("pc3", MachineStatus::unreachable, "XYZ");
  {
    History history = open_ok(path);
    CHECK(history.upgraded_from() == 0);
    record(history, week1, 1000);
    // A scan that never finished (the process was killed) stays "running".
    auto id = history.begin_scan(new_scan(2000, 3));
    REQUIRE(id.has_value());
    REQUIRE(history.add_machine(*id, week1.results[0]).has_value());
  }
  History history = open_ok(path, History::Mode::read);
  const auto scans = scans_of(history);
  REQUIRE(scans.size() == 2);
  CHECK(scans[0].id == 1);
  CHECK(scans[0].state == ScanState::complete);
  CHECK(scans[0].finished_at == 1060);
  CHECK(scans[0].machines == 3);
  CHECK(scans[0].planned == 3);
  CHECK(scans[0].counts.at("needs-fix") == 1);
  CHECK(scans[0].counts.at("unreachable") == 1);
  CHECK(scans[0].options == "roles client; tolerance 24 h; quick");
  CHECK(scans[1].state == ScanState::running);
  CHECK_FALSE(scans[1].finished_at.has_value());
  CHECK(scans[1].machines == 1);
  auto machines = history.machines(1);
  REQUIRE(machines.has_value());
  REQUIRE(machines->size() == 3);
  CHECK((*machines)[0].target == "pc1");
  CHECK((*machines)[0].identity == "smb:pc1:445/admin$/");
  CHECK((*machines)[0].site == "ABC");
  CHECK((*machines)[2].status == "unreachable");
}

TEST_CASE("History: the default diff compares the last two complete scans of one article")
{
  TemporaryFolder folder;
  History history = open_ok(folder / "fleet.history");
  smsscan::test::Fleet before;
  before.add("pc1", MachineStatus::needs_fix);
  before.add("pc2", MachineStatus::compliant);
  before.add("pc3", MachineStatus::compliant);
  smsscan::test::Fleet after;
  after.add("pc1", MachineStatus::compliant);
  after.add("pc2", MachineStatus::needs_fix);
  after.add("pc4", MachineStatus::compliant);
  record(history, before, 1000);
  record(history, after, 2000, ScanState::interrupted); // not part of the default diff
  record(history, after, 3000);
  auto other = history.begin_scan(new_scan(4000, 0, "Q999999")); // another article, later
  REQUIRE(other.has_value());
  REQUIRE(history.finish_scan(*other, ScanState::complete, 4001).has_value());

  const auto scans = scans_of(history);
  const auto pair = smsscan::history::default_diff_pair(scans);
  // The last complete scan is of Q999999, which has no earlier one.
  CHECK_FALSE(pair.has_value());
  std::vector<ScanInfo> q231399(scans.begin(), scans.begin() + 3);
  const auto chosen = smsscan::history::default_diff_pair(q231399);
  REQUIRE(chosen.has_value());
  CHECK(chosen->first.id == 1);
  CHECK(chosen->second.id == 3);
  CHECK(smsscan::history::previous_complete(scans, "Q231399", 3)->id == 1);
  CHECK_FALSE(smsscan::history::previous_complete(scans, "Q231399", 1).has_value());

  auto diff = history.diff(chosen->first, chosen->second);
  REQUIRE(diff.has_value());
  CHECK(diff->older.id == 1);
  CHECK(diff->newer.complete);
  REQUIRE(diff->changes.size() == 4);
  CHECK(diff->changes[0].target == "pc2"); // regressed
  CHECK(diff->changes[1].target == "pc4"); // new
  CHECK(diff->changes[2].target == "pc3"); // gone
  CHECK(diff->changes[3].target == "pc1"); // fixed
}

TEST_CASE("History: a file that is not a history is refused, and left as it was")
{
  TemporaryFolder folder;
  const std::string text = folder / "notes.txt";
  smsscan::test::write_file(text, std::string(4096, 'x'));
  CHECK(refusal(text) == text + ": not an smsscan history: the file is not an SQLite database");
  CHECK(smsscan::test::read_file(text) == std::string(4096, 'x'));

  const std::string other = folder / "other.db";
  {
    auto db = Database::open(other, true, 1000);
    REQUIRE(db.has_value());
    REQUIRE(db->exec("CREATE TABLE contacts(name TEXT)").has_value());
  }
  const auto size = std::filesystem::file_size(other);
  CHECK(refusal(other) == other +
                            ": not an smsscan history: an SQLite database of another program (application id 0); give "
                            "--history another file");
  CHECK(std::filesystem::file_size(other) == size);
  CHECK_FALSE(std::filesystem::exists(other + "-wal"));

  CHECK(refusal(folder / "missing.history", History::Mode::read) ==
        folder / "missing.history" + ": cannot open the history: No such file or directory");
  CHECK_FALSE(std::filesystem::exists(folder / "missing.history"));
  CHECK(refusal(folder.path()).find("not a regular file") != std::string::npos);
  smsscan::test::write_file(folder / "empty", "");
  CHECK(refusal(folder / "empty", History::Mode::read).find("holds no scans") != std::string::npos);
}

TEST_CASE("History: a damaged file gets a clear error, before anything is written to it")
{
  TemporaryFolder folder;
  const std::string path = folder / "fleet.history";
  smsscan::test::Fleet fleet;
  for (int i = 0; i < 300; ++i) {
    fleet.add("pc" + std::to_string(i), i % 3 == 0 ? MachineStatus::needs_fix : MachineStatus::compliant);
  }
  {
    History history = open_ok(path);
    record(history, fleet, 1000);
  }
  const auto size = std::filesystem::file_size(path);
  REQUIRE(size > 16 * 4096);
  SUBCASE("pages overwritten")
  {
    write_bytes(path, std::string(3 * 4096, '\x5a'), 4 * 4096);
    const std::string message = refusal(path);
    CAPTURE(message);
    CHECK(message.rfind(path + ": the history is damaged (", 0) == 0);
    CHECK(message.find("give --history a new file") != std::string::npos);
  }
  SUBCASE("cut short")
  {
    std::filesystem::resize_file(path, size / 2);
    const std::string message = refusal(path, History::Mode::read);
    CAPTURE(message);
    CHECK(message.rfind(path + ": the history is damaged (", 0) == 0);
  }
  SUBCASE("header overwritten")
  {
    write_bytes(path, "garbage garbage!", 0);
    CHECK(refusal(path).find("not an SQLite database") != std::string::npos);
  }
}

TEST_CASE("History: a history of a newer smsscan is refused; one of schema 1 is upgraded in place")
{
  TemporaryFolder folder;
  const std::string newer = folder / "newer.history";
  {
    History history = open_ok(newer);
  }
  {
    auto db = Database::open(newer, false, 1000);
    REQUIRE(db.has_value());
    REQUIRE(db->exec("PRAGMA user_version=" + std::to_string(k_schema_version + 1)).has_value());
  }
  CHECK(refusal(newer) == newer + ": written by a newer smsscan (history schema 3; this smsscan knows schema 2 and "
                                  "older): use that smsscan, or give --history another file");

  // Schema 1: the machines had no site and roles.
  const std::string older = folder / "older.history";
  {
    auto db = Database::open(older, true, 1000);
    REQUIRE(db.has_value());
    REQUIRE(db->exec(R"sql(
      CREATE TABLE scans(id INTEGER PRIMARY KEY, started_at INTEGER NOT NULL, finished_at INTEGER,
        state TEXT NOT NULL CHECK (state IN ('running', 'interrupted', 'complete')), kb TEXT NOT NULL,
        fix TEXT NOT NULL, manifest TEXT NOT NULL, options TEXT NOT NULL, generator TEXT NOT NULL,
        planned INTEGER NOT NULL);
      CREATE TABLE machines(scan_id INTEGER NOT NULL REFERENCES scans(id) ON DELETE CASCADE,
        position INTEGER NOT NULL, target TEXT NOT NULL, identity TEXT NOT NULL, status TEXT NOT NULL,
        platform TEXT NOT NULL, scanned_at INTEGER NOT NULL, error TEXT NOT NULL, PRIMARY KEY (scan_id, position));
      CREATE TABLE files(scan_id INTEGER NOT NULL, position INTEGER NOT NULL, share TEXT NOT NULL,
        folder TEXT NOT NULL, file TEXT NOT NULL, verdict TEXT NOT NULL, version TEXT NOT NULL,
        size INTEGER NOT NULL, date INTEGER, date_source TEXT NOT NULL, reason TEXT NOT NULL,
        FOREIGN KEY (scan_id, position) REFERENCES machines(scan_id, position) ON DELETE CASCADE);
      INSERT INTO scans VALUES (1, 1000, 1060, 'complete', 'Q231399', 'SMS 2.0 Service Pack 1', 'built-in', '',
        'smsscan 0.0.9', 1);
      INSERT INTO machines VALUES (1, 0, 'pc1', 'smb:pc1:445/admin$/', 'needs-fix', 'Intel', 1030, '');
      PRAGMA application_id=1397576531;
      PRAGMA user_version=1;)sql")
              .has_value());
  }
  {
    History history = open_ok(older);
    CHECK(history.upgraded_from() == 1);
    smsscan::test::Fleet fleet;
    fleet.add("pc1", MachineStatus::compliant, "ABC");
    record(history, fleet, 2000);
    const auto scans = scans_of(history);
    REQUIRE(scans.size() == 2);
    auto diff = history.diff(scans[0], scans[1]);
    REQUIRE(diff.has_value());
    REQUIRE(diff->changes.size() == 1);
    CHECK(diff->changes[0].change == smsscan::history::Change::fixed);
  }
  History again = open_ok(older, History::Mode::read);
  CHECK(again.upgraded_from() == 0);
  auto machines = again.machines(2);
  REQUIRE(machines.has_value());
  CHECK((*machines)[0].site == "ABC");
}

TEST_CASE("History: two writers on one file at once both keep every machine")
{
  TemporaryFolder folder;
  const std::string path = folder / "fleet.history";
  smsscan::test::Fleet fleet;
  for (int i = 0; i < 150; ++i) {
    fleet.add("pc" + std::to_string(i), i % 2 == 0 ? MachineStatus::needs_fix : MachineStatus::compliant);
  }
  std::vector<std::string> errors(2);
  const auto writer = [&](int n) {
    auto opened = History::open(path, History::Mode::record); // both may create the file
    if (!opened) {
      errors[static_cast<std::size_t>(n)] = opened.error().to_string();
      return;
    }
    auto id = opened->begin_scan(new_scan(1000 + n, fleet.results.size()));
    for (const auto& result : fleet.results) {
      if (const auto added = opened->add_machine(*id, result); !added) {
        errors[static_cast<std::size_t>(n)] = added.error().to_string();
        return;
      }
    }
    (void)opened->finish_scan(*id, ScanState::complete, 2000);
  };
  std::thread first(writer, 0);
  std::thread second(writer, 1);
  first.join();
  second.join();
  CHECK(errors[0] == "");
  CHECK(errors[1] == "");
  History history = open_ok(path, History::Mode::read);
  const auto scans = scans_of(history);
  REQUIRE(scans.size() == 2);
  for (const ScanInfo& scan : scans) {
    CHECK(scan.complete());
    CHECK(scan.machines == 150);
    CHECK(scan.counts.at("needs-fix") == 75);
  }
}

TEST_CASE("machine_identity: hosts in any case, images by their absolute folder")
{
  smsscan::target::Target smb;
  smb.kind = smsscan::target::Target::Kind::smb;
  smb.host = "PC042";
  smsscan::target::Target same = smb;
  same.host = "pc042";
  CHECK(smsscan::history::machine_identity(smb) == smsscan::history::machine_identity(same));
  smsscan::target::Target image;
  image.kind = smsscan::target::Target::Kind::local;
  image.admin_dir = "images/./pc042/";
  const smsscan::test::ScopedWorkingDirectory cwd("/tmp");
  CHECK(smsscan::history::machine_identity(image) == "local:/tmp/images/pc042");
}
