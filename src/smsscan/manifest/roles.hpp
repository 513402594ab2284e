// The site-system roles a machine can hold, and how a location's share is
// named for a site: the one place that knows "client", "site-server", "cap",
// "logon-point", the "{site}" placeholder, ADMIN$ and what a site code is.
#pragma once

#include "smsscan/manifest/model.hpp"

#include <array>
#include <string>
#include <string_view>
#include <vector>

namespace smsscan::manifest {

inline constexpr std::array<std::string_view, 4> k_roles = {"client", "site-server", "cap", "logon-point"};
inline constexpr std::string_view k_default_role = "client";
inline constexpr std::string_view k_admin_share = "ADMIN$";
inline constexpr std::string_view k_site_placeholder = "{site}";

bool is_known_role(std::string_view role);

// "client, site-server, cap, logon-point", for messages and --help.
std::string role_list_text();

// True for ADMIN$ in any case.
bool is_admin_share(std::string_view share);

// The share with "{site}" replaced by the site code ("SMS_{site}" -> "SMS_ABC").
std::string resolve_share(std::string_view share, std::string_view site_code);

// True when the share names a site ("SMS_{site}") and so needs a site code.
bool needs_site_code(std::string_view share);

// An SMS site code is three letters or digits; empty when text is one,
// else the reason it is not.
std::string site_code_problem(std::string_view text);

// The roles the manifest's locations name, in order of first appearance.
std::vector<std::string> manifest_roles(const Manifest& manifest);

// The distinct shares a machine holding these roles is scanned through.
std::vector<std::string> shares_for_roles(const Manifest& manifest, const std::vector<std::string>& roles,
                                          std::string_view site_code);

} // namespace smsscan::manifest
