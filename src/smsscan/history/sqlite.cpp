#include "smsscan/history/sqlite.hpp"

#include <sqlite3.h>

namespace smsscan::history {

util::Expected<Database> Database::open(const std::string& path, bool create, int busy_ms)
{
  sqlite3* handle = nullptr;
  const int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);
  const int status = sqlite3_open_v2(path.c_str(), &handle, flags, nullptr);
  Database db(handle, path);
  if (status != SQLITE_OK) {
    return util::unexpected(db.failure("cannot open"));
  }
  sqlite3_extended_result_codes(handle, 1);
  sqlite3_busy_timeout(handle, busy_ms);
  return db;
}

Database::Database(Database&& other) noexcept : m_db(other.m_db), m_path(std::move(other.m_path))
{
  other.m_db = nullptr;
}

Database& Database::operator=(Database&& other) noexcept
{
  if (this != &other) {
    sqlite3_close_v2(m_db);
    m_db = other.m_db;
    m_path = std::move(other.m_path);
    other.m_db = nullptr;
  }
  return *this;
}

Database::~Database()
{
  sqlite3_close_v2(m_db); // a no-op for null
}

util::Error Database::failure(const std::string& what) const
{
  if (m_db == nullptr) {
    return util::Error(m_path, 0, what + ": out of memory");
  }
  const int code = sqlite3_extended_errcode(m_db) & 0xff;
  std::string message = what + ": " + sqlite3_errmsg(m_db);
  if (code == SQLITE_NOTADB) {
    message = "not an smsscan history: the file is not an SQLite database";
  } else if (code == SQLITE_CORRUPT) {
    message = "the history is damaged (" + std::string(sqlite3_errmsg(m_db)) +
              "); keep the file for inspection and give --history a new file";
  } else if (code == SQLITE_BUSY || code == SQLITE_LOCKED) {
    message = what + ": the history stayed locked by another smsscan for too long (" + sqlite3_errmsg(m_db) + ")";
  } else if (code == SQLITE_CANTOPEN) {
    message = what + ": " + sqlite3_errmsg(m_db) + " (check the folder exists and can be written)";
  }
  return util::Error(m_path, 0, message);
}

bool Database::busy() const
{
  const int code = m_db == nullptr ? SQLITE_OK : sqlite3_extended_errcode(m_db) & 0xff;
  return code == SQLITE_BUSY || code == SQLITE_LOCKED;
}

util::Expected<void> Database::exec(const std::string& sql)
{
  if (sqlite3_exec(m_db, sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) {
    return util::unexpected(failure("cannot update the history"));
  }
  return {};
}

util::Expected<Statement> Database::prepare(const std::string& sql)
{
  sqlite3_stmt* handle = nullptr;
  if (sqlite3_prepare_v2(m_db, sql.c_str(), -1, &handle, nullptr) != SQLITE_OK) {
    return util::unexpected(failure("cannot read the history"));
  }
  return Statement(*this, handle);
}

util::Expected<std::int64_t> Database::query_int(const std::string& sql)
{
  util::Expected<Statement> statement = prepare(sql);
  if (!statement) {
    return util::unexpected(statement.error());
  }
  const util::Expected<bool> row = statement->step();
  if (!row) {
    return util::unexpected(row.error());
  }
  return *row ? statement->integer(0) : 0;
}

std::int64_t Database::last_insert_id() const
{
  return static_cast<std::int64_t>(sqlite3_last_insert_rowid(m_db));
}

Statement::Statement(Statement&& other) noexcept : m_db(other.m_db), m_stmt(other.m_stmt)
{
  other.m_stmt = nullptr;
}

Statement::~Statement()
{
  sqlite3_finalize(m_stmt); // a no-op for null
}

Statement& Statement::bind(int index, std::int64_t value)
{
  sqlite3_bind_int64(m_stmt, index, static_cast<sqlite3_int64>(value));
  return *this;
}

Statement& Statement::bind(int index, std::string_view text)
{
  sqlite3_bind_text(m_stmt, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  return *this;
}

Statement& Statement::bind(int index, const std::optional<std::int64_t>& value)
{
  if (value) {
    return bind(index, *value);
  }
  sqlite3_bind_null(m_stmt, index);
  return *this;
}

util::Expected<bool> Statement::step()
{
  const int status = sqlite3_step(m_stmt);
  if (status == SQLITE_ROW) {
    return true;
  }
  if (status == SQLITE_DONE) {
    return false;
  }
  return util::unexpected(m_db->failure("cannot use the history"));
}

util::Expected<void> Statement::run()
{
  while (true) {
    const util::Expected<bool> row = step();
    if (!row) {
      return util::unexpected(row.error());
    }
    if (!*row) {
      return {};
    }
  }
}

void Statement::reset()
{
  sqlite3_reset(m_stmt);
  sqlite3_clear_bindings(m_stmt);
}

std::int64_t Statement::integer(int column) const
{
  return static_cast<std::int64_t>(sqlite3_column_int64(m_stmt, column));
}

std::string Statement::text(int column) const
{
  const unsigned char* value = sqlite3_column_text(m_stmt, column);
  if (value == nullptr) {
    return {};
  }
  return std::string(reinterpret_cast<const char*>(value),
                     static_cast<std::size_t>(sqlite3_column_bytes(m_stmt, column)));
}

bool Statement::is_null(int column) const
{
  return sqlite3_column_type(m_stmt, column) == SQLITE_NULL;
}

} // namespace smsscan::history
