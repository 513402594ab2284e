// Tests for manifest/roles.cpp: the role list, share names for a site,
// site codes and the shares a role list needs.
#include "smsscan/manifest/roles.hpp"

#include "smsscan/manifest/default_manifest.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using smsscan::manifest::Manifest;

namespace {

Manifest default_manifest()
{
  const auto loaded = smsscan::manifest::load_default_manifest();
  REQUIRE_MESSAGE(loaded.has_value(), loaded.error().to_string());
  return *loaded;
}

} // namespace

TEST_CASE("shares_for_roles: the shares a role list needs, with the site code")
{
  const Manifest manifest = default_manifest();
  CHECK(smsscan::manifest::shares_for_roles(manifest, {"client"}, "ABC") == std::vector<std::string>{"ADMIN$"});
  CHECK(smsscan::manifest::shares_for_roles(manifest, {"client", "site-server", "cap", "logon-point"}, "ABC") ==
        std::vector<std::string>{"ADMIN$", "SMS_ABC", "CAP_ABC", "SMSLOGON"});
}

TEST_CASE("roles: the one role list, its text and membership")
{
  CHECK(smsscan::manifest::role_list_text() == "client, site-server, cap, logon-point");
  for (const std::string_view role : smsscan::manifest::k_roles) {
    CHECK(smsscan::manifest::is_known_role(role));
  }
  CHECK_FALSE(smsscan::manifest::is_known_role("server"));
  CHECK_FALSE(smsscan::manifest::is_known_role("Client"));
  CHECK_FALSE(smsscan::manifest::is_known_role(""));
}

TEST_CASE("resolve_share and needs_site_code: the {site} placeholder")
{
  CHECK(smsscan::manifest::resolve_share("SMS_{site}", "ABC") == "SMS_ABC");
  CHECK(smsscan::manifest::resolve_share("ADMIN$", "ABC") == "ADMIN$");
  CHECK(smsscan::manifest::needs_site_code("CAP_{site}"));
  CHECK_FALSE(smsscan::manifest::needs_site_code("SMSLOGON"));
  CHECK(smsscan::manifest::is_admin_share("admin$"));
  CHECK_FALSE(smsscan::manifest::is_admin_share("ADMIN"));
}

TEST_CASE("site_code_problem: three letters or digits")
{
  CHECK(smsscan::manifest::site_code_problem("ABC").empty());
  CHECK(smsscan::manifest::site_code_problem("a1z").empty());
  CHECK(smsscan::manifest::site_code_problem("AB") == "site code \"AB\" is not three letters or digits");
  CHECK(smsscan::manifest::site_code_problem("A-C") == "site code \"A-C\" is not three letters or digits");
  CHECK_FALSE(smsscan::manifest::site_code_problem("ABCD").empty());
  CHECK_FALSE(smsscan::manifest::site_code_problem("").empty());
}
