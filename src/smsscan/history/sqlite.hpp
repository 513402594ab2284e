// A thin layer over SQLite's C API for the history: one connection, prepared
// statements with bound values, and every failure as a util::Error naming
// the file, with a plain word for the failures a user can meet (a damaged
// file, a file that is no database, a history locked for too long).
// sqlite3.h stays out of the headers: the library is linked privately.
#pragma once

#include "smsscan/util/expected.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace smsscan::history {

class Statement;

class Database
{
public:
  // Opens path; create = make the file when it is missing. Waits up to
  // busy_ms for locks other connections hold.
  static util::Expected<Database> open(const std::string& path, bool create, int busy_ms);

  Database(Database&& other) noexcept;
  Database& operator=(Database&& other) noexcept;
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  ~Database();

  // Runs statements without results ("BEGIN IMMEDIATE", DDL).
  util::Expected<void> exec(const std::string& sql);
  util::Expected<Statement> prepare(const std::string& sql);
  // The first column of the first row of a query (a PRAGMA, a count).
  util::Expected<std::int64_t> query_int(const std::string& sql);
  std::int64_t last_insert_id() const;

  // The connection's last failure while doing `what`, naming the file.
  util::Error failure(const std::string& what) const;
  // True when the last failure was a lock another connection held too long.
  bool busy() const;
  const std::string& path() const { return m_path; }

private:
  Database(sqlite3* handle, std::string path) : m_db(handle), m_path(std::move(path)) {}
  sqlite3* m_db = nullptr;
  std::string m_path;
  friend class Statement;
};

class Statement
{
public:
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) = delete;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  // Binds the 1-based parameter index.
  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, std::string_view text);
  Statement& bind(int index, const std::optional<std::int64_t>& value);

  // Steps once: true when a row is there, false when done.
  util::Expected<bool> step();
  // Runs to the end (an INSERT, an UPDATE).
  util::Expected<void> run();
  // Clears bindings and rewinds, for the next row.
  void reset();

  std::int64_t integer(int column) const;
  std::string text(int column) const;
  bool is_null(int column) const;

private:
  Statement(Database& db, sqlite3_stmt* handle) : m_db(&db), m_stmt(handle) {}
  Database* m_db;
  sqlite3_stmt* m_stmt;
  friend class Database;
};

} // namespace smsscan::history
