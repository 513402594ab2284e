#include "smsscan/report/account_formats.hpp"

#include "smsscan/report/text_safety.hpp"
#include "smsscan/util/civil_time.hpp"
#include "smsscan/util/text.hpp"
#include "smsscan/util/utf8.hpp"

namespace smsscan::report {

namespace {

using accounts::AccountInfo;
using accounts::AccountState;
using accounts::LockoutPolicy;
using accounts::MachineAccounts;
using accounts::MachineStatus;

std::string duration_field(std::uint32_t seconds)
{
  return seconds == accounts::k_lockout_forever ? "forever" : std::to_string(seconds);
}

// "30 min", "90 s", "until unlocked".
std::string duration_words(std::uint32_t seconds)
{
  if (seconds == accounts::k_lockout_forever) {
    return "until unlocked";
  }
  if (seconds % 60 == 0) {
    return std::to_string(seconds / 60) + " min";
  }
  return std::to_string(seconds) + " s";
}

// The machine's problems and the account's, for the error column.
std::string row_error(const MachineAccounts& machine, const AccountInfo& account)
{
  std::vector<std::string> parts = machine.errors;
  if (!machine.policy_error.empty()) {
    parts.push_back("lockout policy: " + machine.policy_error);
  }
  if (!account.error.empty() && (parts.empty() || parts.back() != account.error)) {
    parts.push_back(account.error);
  }
  return util::join(parts, "; ");
}

std::string machine_error(const MachineAccounts& machine)
{
  std::vector<std::string> parts = machine.errors;
  if (!machine.policy_error.empty()) {
    parts.push_back("lockout policy: " + machine.policy_error);
  }
  return util::join(parts, "; ");
}

std::string optional_number(const std::optional<std::uint32_t>& value)
{
  return value ? std::to_string(*value) : "";
}

std::string last_logon(const AccountInfo& account)
{
  return account.last_logon ? util::format_iso_utc(*account.last_logon) : "";
}

std::string json_or_null(const std::string& value, bool present)
{
  return present ? value : "null";
}

std::string count_phrase(std::size_t count, const char* one, const char* many)
{
  return std::to_string(count) + " " + (count == 1 ? one : many);
}

} // namespace

const char* const k_account_csv_header = "target,account,state,bad_password_count,last_logon,lockout_threshold,"
                                         "lockout_duration,lockout_window,status,error,queried_at";

std::vector<std::string> account_csv_rows(const MachineAccounts& machine)
{
  std::vector<std::string> rows;
  const std::optional<LockoutPolicy>& policy = machine.policy;
  for (const AccountInfo& account : machine.accounts) {
    const std::vector<std::string> fields = {machine.target->text,
                                             account.name,
                                             std::string(accounts::state_name(account.state)),
                                             optional_number(account.bad_password_count),
                                             last_logon(account),
                                             policy ? std::to_string(policy->threshold) : "",
                                             policy ? duration_field(policy->duration_seconds) : "",
                                             policy ? duration_field(policy->window_seconds) : "",
                                             std::string(accounts::status_name(machine.status)),
                                             row_error(machine, account),
                                             util::format_iso_utc(machine.queried_at)};
    rows.push_back(csv_line(fields));
  }
  return rows;
}

std::string account_json_line(const MachineAccounts& machine)
{
  std::string lockout = "null";
  if (const std::optional<LockoutPolicy>& policy = machine.policy) {
    const auto number = [](std::uint32_t seconds) {
      return seconds == accounts::k_lockout_forever ? json_string("forever") : std::to_string(seconds);
    };
    lockout = "{\"threshold\":" + std::to_string(policy->threshold) +
              ",\"duration\":" + number(policy->duration_seconds) + ",\"window\":" + number(policy->window_seconds) +
              ",\"enabled\":" + (policy->threshold > 0 ? "true" : "false") + "}";
  }
  std::string json = "{\"target\":" + json_string(machine.target->text) +
                     ",\"status\":" + json_string(accounts::status_name(machine.status)) +
                     ",\"queried_at\":" + json_string(util::format_iso_utc(machine.queried_at)) +
                     ",\"lockout\":" + lockout + ",\"error\":" + json_string(machine_error(machine)) +
                     ",\"accounts\":[";
  bool first = true;
  for (const AccountInfo& account : machine.accounts) {
    json += first ? "" : ",";
    first = false;
    json += "{\"account\":" + json_string(account.name) +
            ",\"state\":" + json_string(accounts::state_name(account.state)) + ",\"bad_password_count\":" +
            json_or_null(optional_number(account.bad_password_count), account.bad_password_count.has_value()) +
            ",\"last_logon\":" + json_or_null(json_string(last_logon(account)), account.last_logon.has_value()) +
            ",\"error\":" + json_string(account.error) + "}";
  }
  json += "]}";
  return json;
}

std::string lockout_text(const MachineAccounts& machine)
{
  if (!machine.policy) {
    return {};
  }
  const LockoutPolicy& policy = *machine.policy;
  if (policy.threshold == 0) {
    return "off (threshold 0)";
  }
  return std::to_string(policy.threshold) + " (" + duration_words(policy.duration_seconds) + ", window " +
         duration_words(policy.window_seconds) + ")";
}

std::string account_table_line(const MachineAccounts& machine)
{
  std::string target = util::printable(machine.target->text);
  if (target.size() < 28) {
    target.resize(28, ' ');
  }
  std::string status(accounts::status_name(machine.status));
  status.resize(14, ' ');
  std::vector<std::string> states;
  for (const AccountInfo& account : machine.accounts) {
    if (account.state == AccountState::unknown) {
      continue;
    }
    std::string text = account.name + " " + std::string(accounts::state_name(account.state));
    if (account.bad_password_count && *account.bad_password_count > 0) {
      text += " (" + count_phrase(*account.bad_password_count, "bad password", "bad passwords") + ")";
    }
    states.push_back(text);
  }
  std::string detail;
  if (machine.policy) {
    detail = "lockout " + lockout_text(machine);
  }
  if (!states.empty()) {
    detail += (detail.empty() ? "" : "; ") + util::join(states, ", ");
  }
  if (const std::string error = machine_error(machine); !error.empty()) {
    detail += (detail.empty() ? "" : "; ") + error;
  }
  return target + " " + status + util::printable(detail);
}

std::string account_summary_line(const accounts::QuerySummary& summary, const std::string& fix)
{
  const std::size_t answered = summary.answered;
  std::vector<std::string> locked;
  for (std::size_t i = 0; i < summary.accounts.size(); ++i) {
    if (summary.locked_on[i] > 0) {
      locked.push_back(util::printable(summary.accounts[i]) + (locked.empty() ? " is locked out on " : " on ") +
                       std::to_string(summary.locked_on[i]) +
                       (locked.empty() ? " of " + count_phrase(answered, "site system", "site systems") : ""));
    }
  }
  std::string line;
  if (locked.empty()) {
    line = "No account is locked out on " +
           (answered == 1 ? std::string("the site system") : "the " + std::to_string(answered) + " site systems") +
           " queried";
  } else {
    line = util::join(locked, ", ");
  }
  if (summary.policy_known > 0) {
    if (summary.lockout_enabled == 0) {
      line += "; lockout is disabled on " + std::string(summary.policy_known == 1 ? "it" : "all of them") +
              " (threshold 0, the workaround)";
    } else {
      const std::string where =
        summary.policy_known == 1
          ? std::string("it")
          : std::to_string(summary.lockout_enabled) + " of " +
              (summary.policy_known == answered ? std::string("them") : std::to_string(summary.policy_known));
      line += "; lockout is enabled on " + where + ": install " + fix +
              " on the clients, or disable account lockout until then";
    }
  }
  std::vector<std::string> others;
  for (const MachineStatus status : accounts::k_machine_statuses) {
    if (status != MachineStatus::queried && summary.count(status) > 0) {
      others.push_back(std::to_string(summary.count(status)) + " " + std::string(accounts::status_name(status)));
    }
  }
  if (!others.empty()) {
    line += " (" + util::join(others, ", ") + ")";
  }
  return line;
}

} // namespace smsscan::report
