// Tests for report/account_writer.cpp on real files: the CSV header before
// any machine, each machine's rows, JSON line and table line written as it
// finishes, a machine's CSV rows whole or not at all, the first failed write
// stopping every output with the file's name, and the write lock that holds
// writes back (Ctrl-C).
#include "smsscan/report/account_writer.hpp"

#include "accounts/accounts_support.hpp"
#include "report_support.hpp"
#include "smsscan/report/account_formats.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <csignal>
#include <future>
#include <string>
#include <thread>

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace smsscan::accounts;
using smsscan::report::account_csv_rows;
using smsscan::report::account_json_line;
using smsscan::report::account_table_line;
using smsscan::report::AccountWriter;
using smsscan::report::k_account_csv_header;
using smsscan::report::OutputFile;
using smsscan::test::failed_machine;
using smsscan::test::flushed_content;
using smsscan::test::host_target;
using smsscan::test::lines_of;
using smsscan::test::parse_csv;
using smsscan::test::queried_machine;
using smsscan::test::temporary_file;

namespace {

std::string joined(const std::vector<std::string>& rows)
{
  std::string text;
  for (const std::string& row : rows) {
    text += row + "\n";
  }
  return text;
}

OutputFile output_of(const smsscan::test::FilePointer& file, const std::string& name)
{
  return OutputFile(::dup(::fileno(file.get())), name);
}

} // namespace

TEST_CASE("AccountWriter: the CSV header first, then each machine's rows, JSON line and table line")
{
  const auto csv = temporary_file();
  const auto json = temporary_file();
  const auto table = temporary_file();
  OutputFile csv_out = output_of(csv, "accounts.csv");
  OutputFile json_out = output_of(json, "accounts.jsonl");
  OutputFile table_out = output_of(table, "standard output");
  AccountWriter writer({&csv_out, &json_out, &table_out});
  // The header is on disk before any machine answered; the others have none.
  CHECK(flushed_content(csv.get()) == std::string(k_account_csv_header) + "\n");
  CHECK(flushed_content(json.get()).empty());
  CHECK(flushed_content(table.get()).empty());

  const auto cap = host_target("cap01");
  const auto pc = host_target("pc07");
  const MachineAccounts locked = queried_machine(cap, 3, {AccountState::locked, AccountState::active});
  const MachineAccounts unreachable =
    failed_machine(pc, MachineStatus::unreachable, "\\\\pc07: no connection (NT_STATUS_CONNECTION_REFUSED)");
  writer.machine_done(locked);
  CHECK(flushed_content(csv.get()) == std::string(k_account_csv_header) + "\n" + joined(account_csv_rows(locked)));
  CHECK(flushed_content(json.get()) == account_json_line(locked) + "\n");
  CHECK(flushed_content(table.get()) == account_table_line(locked) + "\n");

  writer.machine_done(unreachable);
  CHECK_FALSE(writer.failed());
  CHECK(writer.failure().empty());
  const auto records = parse_csv(flushed_content(csv.get()));
  REQUIRE(records.size() == 5); // the header and a row per machine and account
  CHECK(records[1][0] == "cap01");
  CHECK(records[2][0] == "cap01");
  CHECK(records[3][0] == "pc07");
  CHECK(records[4][0] == "pc07");
  for (const auto& record : records) {
    CHECK(record.size() == records[0].size());
  }
  CHECK(lines_of(flushed_content(json.get())) ==
        std::vector<std::string>{account_json_line(locked), account_json_line(unreachable)});
  CHECK(lines_of(flushed_content(table.get())) ==
        std::vector<std::string>{account_table_line(locked), account_table_line(unreachable)});
}

TEST_CASE("AccountWriter: outputs not asked for are skipped; a machine without accounts has no CSV row")
{
  const auto json = temporary_file();
  OutputFile json_out = output_of(json, "accounts.jsonl");
  AccountWriter writer({nullptr, &json_out, nullptr});
  const auto target = host_target("cap01");
  writer.machine_done(queried_machine(target, 0, {}));
  CHECK_FALSE(writer.failed());
  CHECK(lines_of(flushed_content(json.get())).size() == 1);

  const auto csv = temporary_file();
  OutputFile csv_out = output_of(csv, "accounts.csv");
  AccountWriter csv_only({&csv_out, nullptr, nullptr});
  csv_only.machine_done(queried_machine(target, 0, {}));
  CHECK(flushed_content(csv.get()) == std::string(k_account_csv_header) + "\n");
}

TEST_CASE("AccountWriter: a failed write stops every output and names the file")
{
  const auto csv = temporary_file();
  OutputFile csv_out = output_of(csv, "accounts.csv");
  // /dev/full takes the open and refuses every write with ENOSPC.
  OutputFile table_out(::open("/dev/full", O_WRONLY | O_CLOEXEC), "/dev/full");
  AccountWriter writer({&csv_out, nullptr, &table_out});
  CHECK_FALSE(writer.failed()); // only the CSV has a header
  const auto target = host_target("cap01");
  const MachineAccounts machine = queried_machine(target, 3, {AccountState::active, AccountState::active});
  writer.machine_done(machine);
  CHECK(writer.failed());
  CHECK(writer.failure() == "/dev/full: No space left on device");
  // The CSV rows of that machine went out before its table line failed;
  // nothing follows them.
  const std::string before = flushed_content(csv.get());
  CHECK(before == std::string(k_account_csv_header) + "\n" + joined(account_csv_rows(machine)));
  writer.machine_done(machine);
  CHECK(flushed_content(csv.get()) == before);
  CHECK(writer.failure() == "/dev/full: No space left on device"); // the first failure is kept

  SUBCASE("a CSV on /dev/full fails at its header")
  {
    OutputFile full(::open("/dev/full", O_WRONLY | O_CLOEXEC), "/dev/full");
    AccountWriter at_once({&full, nullptr, nullptr});
    CHECK(at_once.failed());
    CHECK(at_once.failure() == "/dev/full: No space left on device");
  }
}

TEST_CASE("AccountWriter: a machine's CSV rows are written whole or not at all")
{
  smsscan::test::TemporaryFolder folder;
  const std::string path = folder / "accounts.csv";
  const auto target = host_target("cap01");
  const MachineAccounts machine =
    queried_machine(target, 3, {AccountState::active, AccountState::locked, AccountState::missing});
  const std::string header = std::string(k_account_csv_header) + "\n";
  const std::string rows = joined(account_csv_rows(machine));
  // In a child, whose file size limit lets the header and the first row
  // through and cuts the machine's second row part-way.
  const rlim_t limit = static_cast<rlim_t>(header.size() + rows.size() - 10);
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    std::signal(SIGXFSZ, SIG_IGN);
    const rlimit size_limit{limit, limit};
    ::setrlimit(RLIMIT_FSIZE, &size_limit);
    OutputFile out(::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644), path);
    AccountWriter writer({&out, nullptr, nullptr});
    const bool header_written = !writer.failed();
    writer.machine_done(machine);
    ::_exit(header_written && writer.failure() == path + ": File too large" ? 0 : 1);
  }
  int status = 0;
  REQUIRE(::waitpid(child, &status, 0) == child);
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  CHECK(smsscan::test::read_file(path) == header);
}

TEST_CASE("AccountWriter: while the write lock is held, no machine is written")
{
  const auto json = temporary_file();
  OutputFile json_out = output_of(json, "accounts.jsonl");
  AccountWriter writer({nullptr, &json_out, nullptr});
  const auto target = host_target("cap01");
  const MachineAccounts machine = queried_machine(target, 3, {AccountState::active});
  std::future<void> writing;
  {
    std::lock_guard<std::mutex> stop(writer.write_mutex());
    writing = std::async(std::launch::async, [&] { writer.machine_done(machine); });
    CHECK(writing.wait_for(std::chrono::milliseconds(200)) == std::future_status::timeout);
    CHECK(flushed_content(json.get()).empty());
  }
  writing.get();
  CHECK(flushed_content(json.get()) == account_json_line(machine) + "\n");
}
