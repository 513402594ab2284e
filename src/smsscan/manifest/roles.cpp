#include "smsscan/manifest/roles.hpp"

#include "smsscan/util/text.hpp"

#include <algorithm>

namespace smsscan::manifest {

bool is_known_role(std::string_view role)
{
  return std::find(k_roles.begin(), k_roles.end(), role) != k_roles.end();
}

std::string role_list_text()
{
  std::string text;
  for (const std::string_view role : k_roles) {
    if (!text.empty()) {
      text += ", ";
    }
    text += role;
  }
  return text;
}

bool is_admin_share(std::string_view share)
{
  return util::iequals(share, k_admin_share);
}

std::string resolve_share(std::string_view share, std::string_view site_code)
{
  std::string resolved(share);
  const std::size_t at = resolved.find(k_site_placeholder);
  if (at != std::string::npos) {
    resolved.replace(at, k_site_placeholder.size(), site_code);
  }
  return resolved;
}

bool needs_site_code(std::string_view share)
{
  return share.find(k_site_placeholder) != std::string_view::npos;
}

std::string site_code_problem(std::string_view text)
{
  const bool alnum = std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  });
  if (text.size() != 3 || !alnum) {
    return "site code \"" + std::string(text) + "\" is not three letters or digits";
  }
  return {};
}

std::vector<std::string> manifest_roles(const Manifest& manifest)
{
  std::vector<std::string> roles;
  for (const Location& location : manifest.locations) {
    if (std::find(roles.begin(), roles.end(), location.role) == roles.end()) {
      roles.push_back(location.role);
    }
  }
  return roles;
}

std::vector<std::string> shares_for_roles(const Manifest& manifest, const std::vector<std::string>& roles,
                                          std::string_view site_code)
{
  std::vector<std::string> shares;
  for (const Location& location : manifest.locations) {
    if (std::find(roles.begin(), roles.end(), location.role) == roles.end()) {
      continue;
    }
    const std::string share = resolve_share(location.share, site_code);
    if (std::none_of(shares.begin(), shares.end(), [&](const std::string& s) { return util::iequals(s, share); })) {
      shares.push_back(share);
    }
  }
  return shares;
}

} // namespace smsscan::manifest
