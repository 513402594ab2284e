#include "smsscan/target/host_list.hpp"

#include "smsscan/manifest/roles.hpp"
#include "smsscan/target/address_range.hpp"
#include "smsscan/util/text.hpp"
#include "smsscan/util/utf8.hpp"

#include <algorithm>
#include <unordered_set>

namespace smsscan::target {

namespace {

using util::split;
using util::trim;

// The roles column: names separated by ';' or '+'; empty when the line gives none.
util::Expected<std::vector<std::string>> read_roles(std::string_view column)
{
  std::string roles(trim(column));
  std::replace(roles.begin(), roles.end(), '+', ';');
  std::vector<std::string> result;
  for (std::string_view role : split(roles, ';')) {
    role = trim(role);
    if (role.empty()) {
      continue;
    }
    if (!manifest::is_known_role(role)) {
      return util::unexpected(
        util::Error("unknown role \"" + std::string(role) + "\" (" + manifest::role_list_text() + ")"));
    }
    result.emplace_back(role);
  }
  return result;
}

} // namespace

HostList parse_host_list(std::string_view content, std::string_view source, std::size_t max_targets)
{
  HostList list;
  std::unordered_set<std::string> seen;
  int line_number = 0;
  for (std::string_view raw : split(content, '\n')) {
    ++line_number;
    std::string_view line = raw;
    if (!line.empty() && line.back() == '\r') {
      line.remove_suffix(1);
    }
    const std::size_t hash = line.find('#');
    const std::string_view content_part = trim(hash == std::string_view::npos ? line : line.substr(0, hash));
    if (content_part.empty()) {
      continue;
    }
    const auto fail = [&](const std::string& message) {
      list.errors.emplace_back(std::string(source), line_number,
                               message + ": \"" + util::printable(line) + "\" (line skipped)");
    };
    const auto columns = split(content_part, ',');
    if (columns.size() > 3) {
      fail("too many columns (expected: target, roles, site code)");
      continue;
    }
    util::Expected<std::vector<Target>> parsed = parse_targets(trim(columns[0]), max_targets);
    if (!parsed) {
      fail(parsed.error().message);
      continue;
    }
    const bool range = looks_like_address_range(trim(columns[0]));
    Target target = std::move(parsed->front());
    if (!range) {
      target.text = std::string(trim(columns[0]));
    }
    if (columns.size() >= 2) {
      util::Expected<std::vector<std::string>> roles = read_roles(columns[1]);
      if (!roles) {
        fail(roles.error().message);
        continue;
      }
      target.roles = std::move(*roles);
    }
    if (columns.size() == 3) {
      const std::string_view site = trim(columns[2]);
      if (const std::string problem = manifest::site_code_problem(site); !problem.empty()) {
        fail(problem);
        continue;
      }
      target.site_code = util::to_upper(site);
    }
    for (std::size_t i = 0; i < parsed->size(); ++i) {
      Target one = i == 0 ? target : (*parsed)[i];
      one.roles = target.roles;
      one.site_code = target.site_code;
      if (!seen.insert(target_identity(one)).second) {
        ++list.duplicates;
        continue;
      }
      list.targets.push_back(std::move(one));
    }
  }
  return list;
}

} // namespace smsscan::target
