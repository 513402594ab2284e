#include "smsscan/history/store.hpp"

#include "smsscan/util/text.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <thread>

namespace smsscan::history {

namespace {

using util::Error;
using util::Expected;

constexpr int k_busy_ms = 30000;

// Schema 2. Statuses and verdicts are stored by name (verdict::status_name,
// verdict_name), so that a reader never depends on enum values.
const char* const k_schema = R"sql(
CREATE TABLE scans(
  id INTEGER PRIMARY KEY,
  started_at INTEGER NOT NULL,
  finished_at INTEGER,
  state TEXT NOT NULL CHECK (state IN ('running', 'interrupted', 'complete')),
  kb TEXT NOT NULL,
  fix TEXT NOT NULL,
  manifest TEXT NOT NULL,
  options TEXT NOT NULL,
  generator TEXT NOT NULL,
  planned INTEGER NOT NULL);
CREATE TABLE machines(
  scan_id INTEGER NOT NULL REFERENCES scans(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  target TEXT NOT NULL,
  identity TEXT NOT NULL,
  site TEXT NOT NULL DEFAULT '',
  roles TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL,
  platform TEXT NOT NULL,
  scanned_at INTEGER NOT NULL,
  error TEXT NOT NULL,
  PRIMARY KEY (scan_id, position));
CREATE TABLE files(
  scan_id INTEGER NOT NULL,
  position INTEGER NOT NULL,
  share TEXT NOT NULL,
  folder TEXT NOT NULL,
  file TEXT NOT NULL,
  verdict TEXT NOT NULL,
  version TEXT NOT NULL,
  size INTEGER NOT NULL,
  date INTEGER,
  date_source TEXT NOT NULL,
  reason TEXT NOT NULL,
  FOREIGN KEY (scan_id, position) REFERENCES machines(scan_id, position) ON DELETE CASCADE);
CREATE INDEX files_by_machine ON files(scan_id, position);
)sql";

// Schema 1 -> 2: machines gain their site and roles (empty for old scans).
const char* const k_upgrade_1_to_2 = R"sql(
ALTER TABLE machines ADD COLUMN site TEXT NOT NULL DEFAULT '';
ALTER TABLE machines ADD COLUMN roles TEXT NOT NULL DEFAULT '';
)sql";

// A refusal about the file, for any Expected.
util::Unexpected<Error> fail(const std::string& path, const std::string& message)
{
  return util::unexpected(Error(path, 0, message));
}

// Switching to the write-ahead log needs the file to itself for a moment;
// another smsscan opening it at the same time is waited for.
Expected<void> use_write_ahead_log(Database& db)
{
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(k_busy_ms);
  while (true) {
    Expected<Statement> pragma = db.prepare("PRAGMA journal_mode=WAL");
    if (!pragma) {
      return util::unexpected(pragma.error());
    }
    const Expected<bool> row = pragma->step();
    if (row) {
      return {};
    }
    if (!db.busy() || std::chrono::steady_clock::now() > deadline) {
      return util::unexpected(row.error());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

// What the file says it is: SQLite's application id and user version, and
// how many tables it has (0 for a new file).
struct Identity
{
  std::int64_t application = 0;
  std::int64_t version = 0;
  std::int64_t tables = 0;
  bool fresh() const { return application == 0 && version == 0 && tables == 0; }
};

// One statement, so that the three values come from one snapshot even while
// another smsscan creates the file.
Expected<Identity> identify(Database& db)
{
  Expected<Statement> query = db.prepare("SELECT (SELECT application_id FROM pragma_application_id), "
                                         "(SELECT user_version FROM pragma_user_version), "
                                         "(SELECT count(*) FROM sqlite_schema)");
  if (!query) {
    return util::unexpected(query.error());
  }
  const Expected<bool> row = query->step();
  if (!row) {
    return util::unexpected(row.error());
  }
  Identity identity;
  if (*row) {
    identity.application = query->integer(0);
    identity.version = query->integer(1);
    identity.tables = query->integer(2);
  }
  return identity;
}

// Refuses what smsscan must not write to: another program's database, a
// history of a newer smsscan, a damaged one, or (to read) an empty file.
Expected<void> refuse_foreign(const std::string& path, const Identity& identity, History::Mode mode)
{
  if (identity.fresh()) {
    if (mode == History::Mode::read) {
      return fail(path, "the history holds no scans yet (an empty file)");
    }
    return {};
  }
  if (identity.application != k_application_id) {
    return fail(path, "not an smsscan history: an SQLite database of another program (application id " +
                        std::to_string(identity.application) + "); give --history another file");
  }
  if (identity.version > k_schema_version) {
    return fail(path, "written by a newer smsscan (history schema " + std::to_string(identity.version) +
                        "; this smsscan knows schema " + std::to_string(k_schema_version) +
                        " and older): use that smsscan, or give --history another file");
  }
  if (identity.version < 1) {
    return fail(path, "the history is damaged: it has no schema version");
  }
  return {};
}

// Inside the open transaction: creates the schema in a new file or upgrades
// an older one. Returns the version the file had (0 = new).
Expected<std::int64_t> settle_schema(Database& db, History::Mode mode)
{
  const Expected<Identity> identity = identify(db);
  if (!identity) {
    return util::unexpected(identity.error());
  }
  if (const Expected<void> allowed = refuse_foreign(db.path(), *identity, mode); !allowed) {
    return util::unexpected(allowed.error());
  }
  std::vector<std::string> steps;
  if (identity->fresh()) {
    steps = {k_schema, "PRAGMA application_id=" + std::to_string(k_application_id)};
  } else if (identity->version == 1) {
    steps = {k_upgrade_1_to_2};
  }
  if (identity->version < k_schema_version) {
    steps.push_back("PRAGMA user_version=" + std::to_string(k_schema_version));
  }
  for (const std::string& sql : steps) {
    if (const Expected<void> done = db.exec(sql); !done) {
      return util::unexpected(done.error());
    }
  }
  return identity->version;
}

// A damaged page anywhere is found when the file is opened rather than
// half-way through a scan. (The statement ends here: an open read would
// keep the snapshot and stop this connection from writing.)
Expected<void> check_pages(Database& db)
{
  Expected<Statement> check = db.prepare("PRAGMA quick_check(1)");
  if (!check) {
    return util::unexpected(check.error());
  }
  const Expected<bool> row = check->step();
  if (!row) {
    return util::unexpected(row.error());
  }
  if (*row && check->text(0) != "ok") {
    return fail(db.path(), "the history is damaged (" + check->text(0) +
                             "); keep the file for inspection and give --history a new file");
  }
  return {};
}

Expected<ScanState> state_from_name(const std::string& path, const std::string& name)
{
  for (const ScanState state : {ScanState::running, ScanState::interrupted, ScanState::complete}) {
    if (state_name(state) == name) {
      return state;
    }
  }
  return util::unexpected(Error(path, 0, "damaged: a scan in the unknown state \"" + name + "\""));
}

} // namespace

std::string_view state_name(ScanState state)
{
  switch (state) {
  case ScanState::running:
    return "running";
  case ScanState::interrupted:
    return "interrupted";
  case ScanState::complete:
    return "complete";
  }
  return "running";
}

std::string machine_identity(const target::Target& target)
{
  if (target.kind != target::Target::Kind::local) {
    return target::target_identity(target);
  }
  std::error_code ignored;
  std::string path = std::filesystem::absolute(target.admin_dir, ignored).lexically_normal().string();
  while (path.size() > 1 && path.back() == '/') {
    path.pop_back();
  }
  return "local:" + path;
}

Expected<History> History::open(const std::string& path, Mode mode)
{
  struct stat info
  {
  };
  if (::stat(path.c_str(), &info) != 0) {
    if (mode == Mode::read || errno != ENOENT) {
      return fail(path, std::string("cannot open the history: ") + std::strerror(errno));
    }
  } else if (!S_ISREG(info.st_mode)) {
    return fail(path, "cannot open the history: not a regular file");
  }
  Expected<Database> opened = Database::open(path, mode == Mode::record, k_busy_ms);
  if (!opened) {
    return util::unexpected(opened.error());
  }
  Database db = std::move(*opened);
  // Nothing is written before the file is known to be a history (or new):
  // reading the header here fails for a file that is no database at all.
  const Expected<Identity> identity = identify(db);
  if (!identity) {
    return util::unexpected(identity.error());
  }
  if (const Expected<void> allowed = refuse_foreign(path, *identity, mode); !allowed) {
    return util::unexpected(allowed.error());
  }
  for (const char* sql : {"PRAGMA foreign_keys=ON", "PRAGMA synchronous=NORMAL", "PRAGMA cache_size=-256"}) {
    if (const Expected<void> done = db.exec(sql); !done) {
      return util::unexpected(done.error());
    }
  }
  if (const Expected<void> wal = use_write_ahead_log(db); !wal) {
    return util::unexpected(wal.error());
  }
  if (const Expected<void> sound = check_pages(db); !sound) {
    return util::unexpected(sound.error());
  }
  // Two scans may open a new file at once: the schema is settled under the write lock.
  if (const Expected<void> begun = db.exec("BEGIN IMMEDIATE"); !begun) {
    return util::unexpected(begun.error());
  }
  const Expected<std::int64_t> found = settle_schema(db, mode);
  if (!found) {
    (void)db.exec("ROLLBACK");
    return util::unexpected(found.error());
  }
  if (const Expected<void> committed = db.exec("COMMIT"); !committed) {
    return util::unexpected(committed.error());
  }
  const std::int64_t upgraded_from = *found > 0 && *found < k_schema_version ? *found : 0;
  return History(std::move(db), upgraded_from);
}

Expected<void> History::in_transaction(const std::function<Expected<void>()>& work)
{
  if (const Expected<void> begun = m_db.exec("BEGIN IMMEDIATE"); !begun) {
    return begun;
  }
  const Expected<void> done = work();
  if (!done) {
    (void)m_db.exec("ROLLBACK");
    return done;
  }
  return m_db.exec("COMMIT");
}

Expected<std::int64_t> History::begin_scan(const NewScan& scan)
{
  std::int64_t id = 0;
  const Expected<void> done = in_transaction([&]() -> Expected<void> {
    Expected<Statement> insert =
      m_db.prepare("INSERT INTO scans(started_at, state, kb, fix, manifest, options, generator, planned) "
                   "VALUES (?, 'running', ?, ?, ?, ?, ?, ?)");
    if (!insert) {
      return util::unexpected(insert.error());
    }
    insert->bind(1, scan.started_at).bind(2, scan.kb).bind(3, scan.fix).bind(4, scan.manifest);
    insert->bind(5, scan.options).bind(6, scan.generator).bind(7, static_cast<std::int64_t>(scan.planned));
    const Expected<void> ran = insert->run();
    id = m_db.last_insert_id();
    return ran;
  });
  if (!done) {
    return util::unexpected(done.error());
  }
  return id;
}

Expected<void> History::add_machine(std::int64_t scan, const scan::MachineResult& result)
{
  return in_transaction([&]() -> Expected<void> {
    Expected<Statement> machine =
      m_db.prepare("INSERT INTO machines(scan_id, position, target, identity, site, roles, status, platform, "
                   "scanned_at, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!machine) {
      return util::unexpected(machine.error());
    }
    const auto position = static_cast<std::int64_t>(result.index);
    machine->bind(1, scan).bind(2, position).bind(3, result.target->text).bind(4, machine_identity(*result.target));
    machine->bind(5, result.site).bind(6, util::join(result.roles, ";"));
    machine->bind(7, verdict::status_name(result.status)).bind(8, result.platform).bind(9, result.scanned_at);
    machine->bind(10, util::join(result.errors, "; "));
    if (const Expected<void> ran = machine->run(); !ran) {
      return ran;
    }
    Expected<Statement> file =
      m_db.prepare("INSERT INTO files(scan_id, position, share, folder, file, verdict, version, size, date, "
                   "date_source, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!file) {
      return util::unexpected(file.error());
    }
    for (const scan::FileFinding& finding : result.files) {
      if (!finding.found) {
        continue;
      }
      file->bind(1, scan).bind(2, position).bind(3, finding.share).bind(4, finding.folder);
      file->bind(5, finding.evidence.name).bind(6, verdict::verdict_name(finding.judgement.verdict));
      file->bind(7, finding.judgement.version).bind(8, static_cast<std::int64_t>(finding.evidence.size));
      file->bind(9, finding.judgement.date).bind(10, finding.judgement.date_source).bind(11, finding.judgement.reason);
      if (const Expected<void> ran = file->run(); !ran) {
        return ran;
      }
      file->reset();
    }
    return {};
  });
}

Expected<void> History::finish_scan(std::int64_t scan, ScanState state, std::int64_t finished_at)
{
  return in_transaction([&]() -> Expected<void> {
    Expected<Statement> update = m_db.prepare("UPDATE scans SET state = ?, finished_at = ? WHERE id = ?");
    if (!update) {
      return util::unexpected(update.error());
    }
    update->bind(1, state_name(state)).bind(2, finished_at).bind(3, scan);
    return update->run();
  });
}

Expected<std::vector<ScanInfo>> History::scans()
{
  Expected<Statement> query =
    m_db.prepare("SELECT id, started_at, finished_at, state, kb, fix, options, planned FROM scans ORDER BY id");
  if (!query) {
    return util::unexpected(query.error());
  }
  std::vector<ScanInfo> scans;
  std::map<std::int64_t, std::size_t> by_id;
  while (true) {
    const Expected<bool> row = query->step();
    if (!row) {
      return util::unexpected(row.error());
    }
    if (!*row) {
      break;
    }
    ScanInfo info;
    info.id = query->integer(0);
    info.started_at = query->integer(1);
    if (!query->is_null(2)) {
      info.finished_at = query->integer(2);
    }
    const Expected<ScanState> state = state_from_name(path(), query->text(3));
    if (!state) {
      return util::unexpected(state.error());
    }
    info.state = *state;
    info.kb = query->text(4);
    info.fix = query->text(5);
    info.options = query->text(6);
    info.planned = static_cast<std::size_t>(query->integer(7));
    by_id[info.id] = scans.size();
    scans.push_back(std::move(info));
  }
  Expected<Statement> counts =
    m_db.prepare("SELECT scan_id, status, count(*) FROM machines GROUP BY scan_id, status ORDER BY scan_id");
  if (!counts) {
    return util::unexpected(counts.error());
  }
  while (true) {
    const Expected<bool> row = counts->step();
    if (!row) {
      return util::unexpected(row.error());
    }
    if (!*row) {
      break;
    }
    const auto found = by_id.find(counts->integer(0));
    if (found != by_id.end()) {
      const auto n = static_cast<std::size_t>(counts->integer(2));
      scans[found->second].counts[counts->text(1)] += n;
      scans[found->second].machines += n;
    }
  }
  return scans;
}

Expected<std::vector<MachineRecord>> History::machines(std::int64_t scan)
{
  Expected<Statement> query =
    m_db.prepare("SELECT identity, target, site, status FROM machines WHERE scan_id = ? ORDER BY position");
  if (!query) {
    return util::unexpected(query.error());
  }
  query->bind(1, scan);
  std::vector<MachineRecord> machines;
  while (true) {
    const Expected<bool> row = query->step();
    if (!row) {
      return util::unexpected(row.error());
    }
    if (!*row) {
      return machines;
    }
    machines.push_back({query->text(0), query->text(1), query->text(2), query->text(3)});
  }
}

Expected<ScanDiff> History::diff(const ScanInfo& older, const ScanInfo& newer)
{
  const Expected<std::vector<MachineRecord>> before = machines(older.id);
  if (!before) {
    return util::unexpected(before.error());
  }
  const Expected<std::vector<MachineRecord>> after = machines(newer.id);
  if (!after) {
    return util::unexpected(after.error());
  }
  ScanDiff diff;
  diff.older = {older.id, older.started_at, older.complete()};
  diff.newer = {newer.id, newer.started_at, newer.complete()};
  diff.changes = diff_machines(*before, older.complete(), *after, newer.complete());
  return diff;
}

std::optional<std::pair<ScanInfo, ScanInfo>> default_diff_pair(const std::vector<ScanInfo>& scans)
{
  for (auto newer = scans.rbegin(); newer != scans.rend(); ++newer) {
    if (!newer->complete()) {
      continue;
    }
    if (std::optional<ScanInfo> older = previous_complete(scans, newer->kb, newer->id)) {
      return std::make_pair(*older, *newer);
    }
    return std::nullopt;
  }
  return std::nullopt;
}

std::optional<ScanInfo> previous_complete(const std::vector<ScanInfo>& scans, const std::string& kb,
                                          std::int64_t before)
{
  for (auto scan = scans.rbegin(); scan != scans.rend(); ++scan) {
    if (scan->id < before && scan->complete() && scan->kb == kb) {
      return *scan;
    }
  }
  return std::nullopt;
}

} // namespace smsscan::history
