// The row formats of `smsscan accounts`: the CSV (a row per machine and
// account), JSON Lines (an object per machine), the terminal table (a line
// per machine) and the closing summary sentence. Pure functions of a result;
// everything a machine supplied passes through text_safety.
#pragma once

#include "smsscan/accounts/model.hpp"
#include "smsscan/accounts/summary.hpp"

#include <string>
#include <vector>

namespace smsscan::report {

extern const char* const k_account_csv_header;

// The CSV rows of a machine, one per account (without line breaks).
std::vector<std::string> account_csv_rows(const accounts::MachineAccounts& machine);

// The JSON Lines object of a machine (without the line break).
std::string account_json_line(const accounts::MachineAccounts& machine);

// The terminal line of a machine: target, status, lockout policy and each
// account's state, or what went wrong.
std::string account_table_line(const accounts::MachineAccounts& machine);

// "3 (30 min, window 30 min)", "off (threshold 0)", "" when unknown.
std::string lockout_text(const accounts::MachineAccounts& machine);

// The summary: where each account is locked out, where lockout is enabled,
// and what to do ("SMSCliToknAcct& is locked out on 2 of 6 site systems;
// lockout is enabled on 4 of them: install SMS 2.0 Service Pack 1 on the
// clients, or disable account lockout until then"), then the machines not
// queried. fix is the manifest's fix.
std::string account_summary_line(const accounts::QuerySummary& summary, const std::string& fix);

} // namespace smsscan::report
