// Tests for report/account_formats.cpp: the CSV rows (a row per machine and
// account, hostile text made safe), the JSON line, the table line and the
// summary sentence.
#include "smsscan/report/account_formats.hpp"

#include "accounts/accounts_support.hpp"
#include "report_support.hpp"

#include <doctest/doctest.h>

using namespace smsscan::accounts;
using smsscan::report::account_csv_rows;
using smsscan::report::account_json_line;
using smsscan::report::account_summary_line;
using smsscan::report::account_table_line;
using smsscan::report::k_account_csv_header;
using smsscan::test::failed_machine;
using smsscan::test::host_target;
using smsscan::test::parse_csv;
using smsscan::test::queried_machine;

namespace {

const std::string k_fix = "SMS 2.0 Service Pack 1";

std::vector<std::string> header()
{
  return parse_csv(std::string(k_account_csv_header) + "\n").at(0);
}

} // namespace

TEST_CASE("account CSV: the columns users rely on")
{
  const std::vector<std::string> columns = header();
  for (const char* name : {"target", "account", "state", "bad_password_count", "lockout_threshold", "error"}) {
    CHECK(std::find(columns.begin(), columns.end(), name) != columns.end());
  }
}

TEST_CASE("account CSV: a row per account with the machine's policy")
{
  const auto target = host_target("cap01");
  MachineAccounts machine = queried_machine(target, 5, {AccountState::locked, AccountState::missing});
  machine.accounts[0].last_logon = 946684800;
  machine.policy->duration_seconds = k_lockout_forever;
  const std::vector<std::string> rows = account_csv_rows(machine);
  REQUIRE(rows.size() == 2);
  std::string text;
  for (const std::string& row : rows) {
    text += row + "\n";
  }
  const auto records = parse_csv(text);
  const std::vector<std::string> columns = header();
  const auto field = [&](std::size_t row, const char* name) {
    return records.at(row).at(
      static_cast<std::size_t>(std::find(columns.begin(), columns.end(), name) - columns.begin()));
  };
  CHECK(field(0, "target") == "cap01");
  CHECK(field(0, "account") == "SMSCliToknAcct&");
  CHECK(field(0, "state") == "locked");
  CHECK(field(0, "bad_password_count") == "3");
  CHECK(field(0, "last_logon") == "2000-01-01T00:00:00Z");
  CHECK(field(0, "lockout_threshold") == "5");
  CHECK(field(0, "lockout_duration") == "forever");
  CHECK(field(0, "lockout_window") == "1800");
  CHECK(field(0, "status") == "queried");
  CHECK(field(0, "error") == "");
  CHECK(field(1, "account") == "SMSCliSvcAcct&");
  CHECK(field(1, "state") == "missing");
  CHECK(field(1, "bad_password_count") == "");
}

TEST_CASE("account CSV: an unreachable machine still has a row per account, with the reason")
{
  const auto target = host_target("=cmd|' /C calc'!A0");
  const MachineAccounts machine = failed_machine(target, MachineStatus::unreachable, "no connection, \"refused\"");
  const auto records = parse_csv(account_csv_rows(machine).at(0) + "\n" + account_csv_rows(machine).at(1) + "\n");
  REQUIRE(records.size() == 2);
  CHECK(records[0][0] == "'=cmd|' /C calc'!A0"); // no formula in a spreadsheet
  CHECK(records[0][2] == "");
  CHECK(records[0][5] == "");
  CHECK(records[0][8] == "unreachable");
  CHECK(records[0][9] == "no connection, \"refused\"");
}

TEST_CASE("account JSON: one object per machine")
{
  const auto target = host_target("cap01");
  const MachineAccounts machine = queried_machine(target, 0, {AccountState::active, AccountState::disabled});
  const std::string json = account_json_line(machine);
  CHECK(json.find("\"target\":\"cap01\"") != std::string::npos);
  CHECK(json.find("\"status\":\"queried\"") != std::string::npos);
  CHECK(json.find("\"lockout\":{\"threshold\":0,\"duration\":1800,\"window\":1800,\"enabled\":false}") !=
        std::string::npos);
  CHECK(json.find("{\"account\":\"SMSCliToknAcct&\",\"state\":\"active\",\"bad_password_count\":0,"
                  "\"last_logon\":null,\"error\":\"\"}") != std::string::npos);
  CHECK(json.find("\"state\":\"disabled\"") != std::string::npos);
  const auto other = host_target("x");
  CHECK(account_json_line(failed_machine(other, MachineStatus::auth_failed, "logon refused"))
          .find("\"lockout\":null,\"error\":\"logon refused\"") != std::string::npos);
}

TEST_CASE("account table: the policy and each account's state")
{
  const auto target = host_target("cap01");
  const std::string line = account_table_line(queried_machine(target, 3, {AccountState::locked, AccountState::active}));
  CHECK(line.rfind("cap01 ", 0) == 0);
  CHECK(line.find("queried") != std::string::npos);
  CHECK(line.find("lockout 3 (30 min, window 30 min)") != std::string::npos);
  CHECK(line.find("SMSCliToknAcct& locked (3 bad passwords), SMSCliSvcAcct& active") != std::string::npos);
  const std::string off = account_table_line(queried_machine(target, 0, {AccountState::active}));
  CHECK(off.find("lockout off (threshold 0)") != std::string::npos);
  const auto hostile = host_target("evil\x1b[2J");
  CHECK(account_table_line(failed_machine(hostile, MachineStatus::error, "x\x07")).find('\x1b') == std::string::npos);
}

TEST_CASE("account summary: the issue's sentence")
{
  std::vector<smsscan::target::Target> targets;
  for (const char* name : {"a", "b", "c", "d", "e", "f"}) {
    targets.push_back(host_target(name));
  }
  QuerySummary summary({"SMSCliToknAcct&", "SMSCliSvcAcct&"});
  summary.add(queried_machine(targets[0], 5, {AccountState::locked, AccountState::active}));
  summary.add(queried_machine(targets[1], 3, {AccountState::locked, AccountState::active}));
  summary.add(queried_machine(targets[2], 3, {AccountState::active, AccountState::active}));
  summary.add(queried_machine(targets[3], 5, {AccountState::active, AccountState::missing}));
  summary.add(queried_machine(targets[4], 0, {AccountState::active, AccountState::disabled}));
  summary.add(queried_machine(targets[5], 0, {AccountState::active, AccountState::active}));
  CHECK(account_summary_line(summary, k_fix) ==
        "SMSCliToknAcct& is locked out on 2 of 6 site systems; lockout is enabled on 4 of them: install SMS 2.0 "
        "Service Pack 1 on the clients, or disable account lockout until then");
}

TEST_CASE("account summary: two accounts locked, machines not queried, the workaround everywhere")
{
  const auto a = host_target("a");
  const auto b = host_target("b");
  const auto c = host_target("c");
  QuerySummary two({"SMSCliToknAcct&", "SMSCliSvcAcct&"});
  two.add(queried_machine(a, 3, {AccountState::locked, AccountState::locked}));
  two.add(queried_machine(b, 0, {AccountState::locked, AccountState::active}));
  two.add(failed_machine(c, MachineStatus::unreachable, "no connection"));
  CHECK(account_summary_line(two, k_fix) ==
        "SMSCliToknAcct& is locked out on 2 of 2 site systems, SMSCliSvcAcct& on 1; lockout is enabled on 1 of "
        "them: install SMS 2.0 Service Pack 1 on the clients, or disable account lockout until then (1 unreachable)");

  QuerySummary none({"SMSCliToknAcct&"});
  none.add(queried_machine(a, 0, {AccountState::active}));
  none.add(queried_machine(b, 0, {AccountState::disabled}));
  CHECK(account_summary_line(none, k_fix) ==
        "No account is locked out on the 2 site systems queried; lockout is disabled on all of them (threshold 0, "
        "the workaround)");

  QuerySummary one({"SMSCliToknAcct&"});
  one.add(queried_machine(a, 5, {AccountState::active}));
  CHECK(account_summary_line(one, k_fix) ==
        "No account is locked out on the site system queried; lockout is enabled on it: install SMS 2.0 "
        "Service Pack 1 on the clients, or disable account lockout until then");
}
