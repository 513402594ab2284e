#include "smsscan/target/target_set.hpp"

#include <algorithm>

namespace smsscan::target {

namespace {

std::string origin_text(const Target& target)
{
  return target.origin.empty() ? "the command line" : target.origin;
}

} // namespace

TargetSet::TargetSet(std::vector<std::string> default_roles) : m_default_roles(std::move(default_roles)) {}

util::Expected<void> TargetSet::add(Target target)
{
  const std::string identity = target_identity(target);
  const auto [found, inserted] = m_index.emplace(identity, m_targets.size());
  if (inserted) {
    m_targets.push_back(std::move(target));
    return {};
  }
  Target& first = m_targets[found->second];
  if (!target.site_code.empty() && !first.site_code.empty() && target.site_code != first.site_code) {
    return util::unexpected(util::Error(target.text + " is named with site code " + first.site_code + " at " +
                                        origin_text(first) + " and " + target.site_code + " at " + origin_text(target) +
                                        "; one machine has one site code"));
  }
  if (first.site_code.empty()) {
    first.site_code = target.site_code;
  }
  if (!target.roles.empty() || !first.roles.empty()) {
    std::vector<std::string> roles = first.roles.empty() ? m_default_roles : first.roles;
    for (const std::string& role : target.roles.empty() ? m_default_roles : target.roles) {
      if (std::find(roles.begin(), roles.end(), role) == roles.end()) {
        roles.push_back(role);
      }
    }
    first.roles = std::move(roles);
  }
  ++m_merged;
  return {};
}

} // namespace smsscan::target
