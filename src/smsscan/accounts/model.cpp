#include "smsscan/accounts/model.hpp"

#include "smsscan/util/text.hpp"
#include "smsscan/util/utf8.hpp"

#include <algorithm>

namespace smsscan::accounts {

std::string_view state_name(AccountState state)
{
  switch (state) {
  case AccountState::locked:
    return "locked";
  case AccountState::active:
    return "active";
  case AccountState::disabled:
    return "disabled";
  case AccountState::missing:
    return "missing";
  case AccountState::unknown:
    break;
  }
  return "";
}

AccountState state_from_flags(std::uint32_t flags)
{
  if ((flags & k_uf_lockout) != 0) {
    return AccountState::locked;
  }
  if ((flags & k_uf_accountdisable) != 0) {
    return AccountState::disabled;
  }
  return AccountState::active;
}

std::string_view status_name(MachineStatus status)
{
  switch (status) {
  case MachineStatus::queried:
    return "queried";
  case MachineStatus::unreachable:
    return "unreachable";
  case MachineStatus::auth_failed:
    return "auth-failed";
  case MachineStatus::access_denied:
    return "access-denied";
  case MachineStatus::skipped:
    return "skipped";
  case MachineStatus::error:
    return "error";
  }
  return "error";
}

MachineStatus worse(MachineStatus a, MachineStatus b)
{
  const auto rank = [](MachineStatus status) {
    switch (status) {
    case MachineStatus::queried:
      return 0;
    case MachineStatus::access_denied:
      return 1;
    case MachineStatus::error:
      return 2;
    default:
      return 3; // the machine as a whole was not queried
    }
  };
  return rank(b) > rank(a) ? b : a;
}

std::vector<std::string> accounts_to_query(const std::vector<std::string>& from_manifest,
                                           const std::vector<std::string>& from_options)
{
  std::vector<std::string> names;
  for (const auto* list : {&from_manifest, &from_options}) {
    for (const std::string& name : *list) {
      const bool known =
        std::any_of(names.begin(), names.end(), [&](const std::string& other) { return util::iequals(other, name); });
      if (!name.empty() && !known) {
        names.push_back(name);
      }
    }
  }
  return names;
}

std::string account_name_problem(std::string_view name)
{
  if (name.empty()) {
    return "an account name cannot be empty";
  }
  if (util::printable(name) != name) {
    return "an account name cannot hold control characters or invalid UTF-8";
  }
  std::size_t characters = 0;
  for (std::size_t at = 0; at < name.size(); at += std::max<std::size_t>(1, util::utf8_sequence_length(name, at))) {
    ++characters;
  }
  if (characters > 20) {
    return "a Windows account name has at most 20 characters";
  }
  if (name.find_first_of("\"/\\[]:;|=,+*?<>") != std::string_view::npos) {
    return "a Windows account name cannot contain any of \" / \\ [ ] : ; | = , + * ? < >";
  }
  return {};
}

} // namespace smsscan::accounts
