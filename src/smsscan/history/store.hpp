// The scan history (--history FILE): an SQLite file recording each scan
// (time, article, the options that decide verdicts) and, per machine, its
// target, site, roles, status, platform and found files with their verdicts.
//
// Each machine is committed in its own transaction as the reports write it,
// so a scan that stops (Ctrl-C, a crash) keeps what finished, and its scan
// stays marked "running" (never finished) or "interrupted"; only "complete"
// scans take part in the default diff. The file uses SQLite's write-ahead
// log (commits without a disk flush each; the history survives a killed
// process, and readers never wait for a writer) and a busy timeout, so two
// scans can write one history at once. The file carries an application id
// and a schema version: a history from an older smsscan is upgraded in
// place, one from a newer smsscan or any other database is refused.
#pragma once

#include "smsscan/history/diff.hpp"
#include "smsscan/history/sqlite.hpp"
#include "smsscan/scan/results.hpp"
#include "smsscan/target/target.hpp"
#include "smsscan/util/expected.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace smsscan::history {

// "SMSS": the file's SQLite application id.
inline constexpr std::int64_t k_application_id = 0x534d5353;
// Schema 1 recorded machines without site and roles; schema 2 has them.
inline constexpr std::int64_t k_schema_version = 2;

enum class ScanState { running, interrupted, complete };
std::string_view state_name(ScanState state);

// What is known of a scan when it starts.
struct NewScan
{
  std::int64_t started_at = 0;
  std::string kb;
  std::string fix;
  std::string manifest; // its source ("built-in Q231399.xml", a path)
  std::string options;  // the options that decide verdicts, in words
  std::string generator;
  std::size_t planned = 0; // machines to scan
};

struct ScanInfo
{
  std::int64_t id = 0;
  std::int64_t started_at = 0;
  std::optional<std::int64_t> finished_at;
  ScanState state = ScanState::running;
  std::string kb;
  std::string fix;
  std::string options;
  std::size_t planned = 0;
  std::size_t machines = 0;                  // recorded
  std::map<std::string, std::size_t> counts; // by status name
  bool complete() const { return state == ScanState::complete; }
};

// The identity that matches a machine across scans: the host (any case) and
// port and share for SMB, the absolute folder for a machine image.
std::string machine_identity(const target::Target& target);

class History
{
public:
  enum class Mode {
    record, // a scan writes it: created when missing
    read,   // history list|diff: it must exist
  };
  // Opens (creates, upgrades) and checks the file. The error names the file
  // and says what is wrong in words.
  static util::Expected<History> open(const std::string& path, Mode mode);

  // The schema version the file had when open upgraded it, else 0.
  std::int64_t upgraded_from() const { return m_upgraded_from; }
  const std::string& path() const { return m_db.path(); }

  util::Expected<std::int64_t> begin_scan(const NewScan& scan);
  util::Expected<void> add_machine(std::int64_t scan, const scan::MachineResult& result);
  util::Expected<void> finish_scan(std::int64_t scan, ScanState state, std::int64_t finished_at);

  // Every scan, oldest first.
  util::Expected<std::vector<ScanInfo>> scans();
  util::Expected<std::vector<MachineRecord>> machines(std::int64_t scan);
  // What changed from older to newer.
  util::Expected<ScanDiff> diff(const ScanInfo& older, const ScanInfo& newer);

private:
  History(Database db, std::int64_t upgraded_from) : m_db(std::move(db)), m_upgraded_from(upgraded_from) {}
  util::Expected<void> in_transaction(const std::function<util::Expected<void>()>& work);

  Database m_db;
  std::int64_t m_upgraded_from = 0;
};

// The scans a default diff compares: the last two complete scans of the same
// article as the last complete scan; nullopt when there are not two.
std::optional<std::pair<ScanInfo, ScanInfo>> default_diff_pair(const std::vector<ScanInfo>& scans);

// The latest complete scan of kb other than exclude, or nullopt.
std::optional<ScanInfo> previous_complete(const std::vector<ScanInfo>& scans, const std::string& kb,
                                          std::int64_t exclude);

} // namespace smsscan::history
