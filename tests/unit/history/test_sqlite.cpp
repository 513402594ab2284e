// Tests for history/sqlite.cpp: statements with bound values and NULLs, and
// failures that name the file and say what went wrong.
#include "smsscan/history/sqlite.hpp"

#include "test_support.hpp"

#include <doctest/doctest.h>

#include <optional>
#include <string>

using smsscan::history::Database;
using smsscan::test::TemporaryFolder;

TEST_CASE("Database: bound text (any bytes), integers and NULLs come back as they went in")
{
  TemporaryFolder folder;
  auto db = Database::open(folder / "t.db", true, 1000);
  REQUIRE(db.has_value());
  REQUIRE(db->exec("CREATE TABLE t(a TEXT, b INTEGER, c INTEGER)").has_value());
  auto insert = db->prepare("INSERT INTO t VALUES (?, ?, ?)");
  REQUIRE(insert.has_value());
  const std::string odd("quote ' and nul \0 and \xff", 24);
  insert->bind(1, odd).bind(2, std::int64_t{-7}).bind(3, std::optional<std::int64_t>());
  REQUIRE(insert->run().has_value());
  insert->reset();
  insert->bind(1, std::string_view("second")).bind(2, std::int64_t{1} << 40).bind(3, std::optional<std::int64_t>(5));
  REQUIRE(insert->run().has_value());
  CHECK(db->last_insert_id() == 2);
  auto query = db->prepare("SELECT a, b, c FROM t ORDER BY rowid");
  REQUIRE(query.has_value());
  REQUIRE(*query->step());
  CHECK(query->text(0) == odd);
  CHECK(query->integer(1) == -7);
  CHECK(query->is_null(2));
  REQUIRE(*query->step());
  CHECK(query->integer(1) == (std::int64_t{1} << 40));
  CHECK(query->integer(2) == 5);
  CHECK_FALSE(*query->step());
  CHECK(*db->query_int("SELECT count(*) FROM t") == 2);
}

TEST_CASE("Database: failures name the file and the reason")
{
  TemporaryFolder folder;
  auto missing = Database::open(folder / "no/such/folder/t.db", true, 1000);
  REQUIRE_FALSE(missing.has_value());
  CHECK(missing.error().source == folder / "no/such/folder/t.db");
  CHECK(missing.error().message.find("cannot open: unable to open database file") != std::string::npos);

  auto db = Database::open(folder / "t.db", true, 1000);
  REQUIRE(db.has_value());
  auto bad = db->prepare("SELECT * FROM nowhere");
  REQUIRE_FALSE(bad.has_value());
  CHECK(bad.error().to_string() == folder / "t.db" + ": cannot read the history: no such table: nowhere");

  // A second connection waits for the first one's write lock, then gives up saying so.
  REQUIRE(db->exec("CREATE TABLE t(a)").has_value());
  REQUIRE(db->exec("BEGIN IMMEDIATE").has_value());
  auto other = Database::open(folder / "t.db", false, 100);
  REQUIRE(other.has_value());
  const auto locked = other->exec("BEGIN IMMEDIATE");
  REQUIRE_FALSE(locked.has_value());
  CHECK(other->busy());
  CHECK(locked.error().message.find("locked by another smsscan for too long") != std::string::npos);
  REQUIRE(db->exec("COMMIT").has_value());
  CHECK(other->exec("BEGIN IMMEDIATE").has_value());
}
