// Tests for src/target.cpp: parse_target, parse_host_list and target_identity.
#include "target.hpp"

#include "test_support.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using smsscan::HostList;
using smsscan::parse_host_list;
using smsscan::parse_target;
using smsscan::Target;
using smsscan::target_identity;
using smsscan::TargetParse;
using smsscan::test::make_folder;
using smsscan::test::ScopedWorkingDirectory;
using smsscan::test::TemporaryFolder;

namespace {

Target accepted(const std::string& text)
{
  TargetParse parsed = parse_target(text);
  REQUIRE_MESSAGE(parsed.target.has_value(), "\"" << text << "\" was refused: " << parsed.error);
  CHECK(parsed.error.empty());
  return *parsed.target;
}

std::string refused(const std::string& text)
{
  const TargetParse parsed = parse_target(text);
  REQUIRE_MESSAGE(!parsed.target.has_value(), "\"" << text << "\" was accepted");
  CHECK_FALSE(parsed.error.empty());
  return parsed.error;
}

void check_smb(const Target& target, const std::string& host, std::uint16_t port, const std::string& share,
               const std::string& folder)
{
  CHECK(target.kind == Target::Kind::smb);
  CHECK(target.host == host);
  CHECK(target.port == port);
  CHECK(target.admin_share == share);
  CHECK(target.admin_folder == folder);
}

std::string identity_of(const std::string& text)
{
  return target_identity(accepted(text));
}

} // namespace

TEST_CASE("parse_target: local machine images")
{
  SUBCASE("absolute path")
  {
    const Target target = accepted("/srv/images/pc01");
    CHECK(target.kind == Target::Kind::local);
    CHECK(target.admin_dir == "/srv/images/pc01");
    CHECK(target.text == "/srv/images/pc01");
  }
  SUBCASE("relative paths")
  {
    CHECK(accepted("./pc01").kind == Target::Kind::local);
    CHECK(accepted("./pc01").admin_dir == "./pc01");
    CHECK(accepted("../images/pc01").kind == Target::Kind::local);
    CHECK(accepted(".").kind == Target::Kind::local);
  }
  SUBCASE("the name of an existing folder is a local image, any other name a host")
  {
    TemporaryFolder folder;
    make_folder(folder / "image01");
    const ScopedWorkingDirectory in_folder(folder.path());
    const Target image = accepted("image01");
    CHECK(image.kind == Target::Kind::local);
    CHECK(image.admin_dir == "image01");
    const Target host = accepted("image02");
    CHECK(host.kind == Target::Kind::smb);
    CHECK(host.host == "image02");
  }
}

TEST_CASE("parse_target: host names and addresses")
{
  SUBCASE("a plain host")
  {
    const Target target = accepted("pc01");
    check_smb(target, "pc01", 0, "ADMIN$", "");
    CHECK(target.text == "pc01");
    CHECK(target.roles.empty());
    CHECK(target.site_code.empty());
  }
  SUBCASE("host:port")
  {
    check_smb(accepted("pc01:445"), "pc01", 445, "ADMIN$", "");
    check_smb(accepted("10.0.0.5:139"), "10.0.0.5", 139, "ADMIN$", "");
    check_smb(accepted("pc01.corp.example:65535"), "pc01.corp.example", 65535, "ADMIN$", "");
    check_smb(accepted("pc01:1"), "pc01", 1, "ADMIN$", "");
  }
  SUBCASE("bad ports")
  {
    CHECK(refused("pc01:0") == "port \"0\" is not a number from 1 to 65535");
    CHECK(refused("pc01:70000") == "port \"70000\" is not a number from 1 to 65535");
    CHECK(refused("pc01:65536") == "port \"65536\" is not a number from 1 to 65535");
    CHECK(refused("pc01:x") == "port \"x\" is not a number from 1 to 65535");
    CHECK(refused("pc01:") == "port \"\" is not a number from 1 to 65535");
    CHECK(refused("pc01:-1") == "port \"-1\" is not a number from 1 to 65535");
  }
  SUBCASE("IPv6 in brackets")
  {
    check_smb(accepted("[::1]:445"), "::1", 445, "ADMIN$", "");
    check_smb(accepted("[fe80::1]"), "fe80::1", 0, "ADMIN$", "");
    CHECK(refused("[::1") == "missing ']' after an IPv6 address");
    CHECK(refused("[::1]445") == "unexpected text after ']'");
    CHECK(refused("[::1]:0") == "port \"0\" is not a number from 1 to 65535");
    CHECK(refused("[pc01]") == "\"pc01\" is not an IPv6 address");
  }
  SUBCASE("IPv6 without brackets is refused")
  {
    CHECK(refused("::1") == "an IPv6 address needs brackets: [addr]:port");
    CHECK(refused("fe80::1:445") == "an IPv6 address needs brackets: [addr]:port");
  }
  SUBCASE("not a host")
  {
    CHECK(refused("") == "empty target");
    CHECK(refused("   ") == "empty target");
    CHECK(refused("pc 01") == "\"pc 01\" is not a host name or address");
    CHECK(refused("pc01;rm") == "\"pc01;rm\" is not a host name or address");
    CHECK(refused(":445") == "no host name");
  }
}

TEST_CASE("parse_target: UNC paths and smb:// URLs name where ADMIN$ is")
{
  SUBCASE("backslashes")
  {
    const Target target = accepted("\\\\pc01\\C$\\WINNT");
    check_smb(target, "pc01", 0, "C$", "WINNT");
    CHECK(target.text == "\\\\pc01\\C$\\WINNT");
    check_smb(accepted("\\\\pc01\\D$\\WINNT\\System32\\"), "pc01", 0, "D$", "WINNT\\System32");
    check_smb(accepted("\\\\pc01\\ADMIN$"), "pc01", 0, "ADMIN$", "");
    check_smb(accepted("\\\\pc01"), "pc01", 0, "ADMIN$", "");
  }
  SUBCASE("forward slashes")
  {
    check_smb(accepted("//pc01/C$/WINNT"), "pc01", 0, "C$", "WINNT");
    check_smb(accepted("//pc01:1445/share/a/b/c"), "pc01", 1445, "share", "a\\b\\c");
  }
  SUBCASE("smb:// URLs")
  {
    check_smb(accepted("smb://pc01:1445/C$/WINNT"), "pc01", 1445, "C$", "WINNT");
    check_smb(accepted("SMB://pc01/C$/WINNT/"), "pc01", 0, "C$", "WINNT");
    check_smb(accepted("smb://[::1]:445/C$"), "::1", 445, "C$", "");
    check_smb(accepted("smb://pc01"), "pc01", 0, "ADMIN$", "");
    CHECK(refused("smb://pc01:0/C$") == "port \"0\" is not a number from 1 to 65535");
  }
  SUBCASE("\"..\" is refused")
  {
    CHECK(refused("\\\\pc01\\C$\\..\\x") == "\"..\" is not allowed in a share path");
    CHECK(refused("//pc01/C$/WINNT/../..") == "\"..\" is not allowed in a share path");
    CHECK(refused("smb://pc01/C$/WINNT/../etc") == "\"..\" is not allowed in a share path");
  }
}

TEST_CASE("parse_host_list: targets, roles, site codes, comments and errors by line")
{
  const std::string content = "# fleet of site ABC\n"                     // 1
                              "\n"                                        // 2
                              "pc01\n"                                    // 3
                              "PC02:445, client;cap, abc\n"               // 4
                              "pc03 , client+cap\n"                       // 5
                              "pc01:445\n"                                // 6: pc01 again
                              "pc02, site-server\n"                       // 7: PC02:445 again
                              "pc04, server\n"                            // 8
                              "pc05, client, AB\n"                        // 9
                              "pc06, client, ABC, extra\n"                // 10
                              "pc07:0\n"                                  // 11
                              "\\\\pc08\\C$\\WINNT   # an NT 4 machine\n" // 12
                              "   # indented comment\n"                   // 13
                              "pc09, , XY1\n"                             // 14
                              "pc10, client;logon-point;\n"               // 15
                              "pc11, client, A-C";                        // 16, no final line break
  const HostList list = parse_host_list(content);

  REQUIRE(list.targets.size() == 6);
  CHECK(list.targets[0].text == "pc01");
  CHECK(list.targets[0].host == "pc01");
  CHECK(list.targets[0].roles.empty());
  CHECK(list.targets[0].site_code.empty());

  CHECK(list.targets[1].text == "PC02:445");
  CHECK(list.targets[1].host == "PC02");
  CHECK(list.targets[1].port == 445);
  CHECK(list.targets[1].roles == std::vector<std::string>{"client", "cap"});
  CHECK(list.targets[1].site_code == "ABC");

  CHECK(list.targets[2].text == "pc03");
  CHECK(list.targets[2].roles == std::vector<std::string>{"client", "cap"});

  CHECK(list.targets[3].text == "\\\\pc08\\C$\\WINNT");
  CHECK(list.targets[3].admin_share == "C$");
  CHECK(list.targets[3].admin_folder == "WINNT");

  CHECK(list.targets[4].text == "pc09");
  CHECK(list.targets[4].roles.empty());
  CHECK(list.targets[4].site_code == "XY1");

  CHECK(list.targets[5].text == "pc10");
  CHECK(list.targets[5].roles == std::vector<std::string>{"client", "logon-point"});

  CHECK(list.duplicates == 2);

  REQUIRE(list.errors.size() == 5);
  CHECK(list.errors[0].line == 8);
  CHECK(list.errors[0].text == "pc04, server");
  CHECK(list.errors[0].message == "unknown role \"server\" (client, site-server, cap, logon-point)");
  CHECK(list.errors[1].line == 9);
  CHECK(list.errors[1].text == "pc05, client, AB");
  CHECK(list.errors[1].message == "site code \"AB\" is not three letters or digits");
  CHECK(list.errors[2].line == 10);
  CHECK(list.errors[2].text == "pc06, client, ABC, extra");
  CHECK(list.errors[2].message == "too many columns (expected: target, roles, site code)");
  CHECK(list.errors[3].line == 11);
  CHECK(list.errors[3].text == "pc07:0");
  CHECK(list.errors[3].message == "port \"0\" is not a number from 1 to 65535");
  CHECK(list.errors[4].line == 16);
  CHECK(list.errors[4].text == "pc11, client, A-C");
  CHECK(list.errors[4].message == "site code \"A-C\" is not three letters or digits");
}

TEST_CASE("parse_host_list: CRLF line ends")
{
  const HostList list = parse_host_list("# hosts\r\npc01\r\n\r\npc02, cap\r\nbad host\r\nPC01\r\n");
  REQUIRE(list.targets.size() == 2);
  CHECK(list.targets[0].text == "pc01");
  CHECK(list.targets[0].host == "pc01");
  CHECK(list.targets[1].text == "pc02");
  CHECK(list.targets[1].roles == std::vector<std::string>{"cap"});
  CHECK(list.duplicates == 1);
  REQUIRE(list.errors.size() == 1);
  CHECK(list.errors[0].line == 5);
  CHECK(list.errors[0].text == "bad host");
  CHECK(list.errors[0].message == "\"bad host\" is not a host name or address");
}

TEST_CASE("parse_host_list: an empty list")
{
  const HostList list = parse_host_list("");
  CHECK(list.targets.empty());
  CHECK(list.errors.empty());
  CHECK(list.duplicates == 0);
  CHECK(parse_host_list("\n\n# only comments\n").targets.empty());
}

TEST_CASE("target_identity: the same machine written differently")
{
  CHECK(identity_of("pc01") == "smb:pc01:445/admin$/");
  CHECK(identity_of("PC01") == identity_of("pc01"));
  CHECK(identity_of("pc01:445") == identity_of("pc01"));
  CHECK(identity_of("\\\\PC01\\ADMIN$") == identity_of("pc01"));
  CHECK(identity_of("smb://pc01/admin$/") == identity_of("pc01"));
  CHECK(identity_of("\\\\PC01\\C$\\WINNT") == "smb:pc01:445/c$/winnt");
  CHECK(identity_of("//pc01/c$/winnt/") == identity_of("\\\\PC01\\C$\\WINNT"));

  CHECK(identity_of("pc01:1445") != identity_of("pc01"));
  CHECK(identity_of("pc02") != identity_of("pc01"));
  CHECK(identity_of("\\\\pc01\\C$\\WINNT") != identity_of("\\\\pc01\\C$\\WINNT.OLD"));

  CHECK(identity_of("/srv/images/pc01/") == "local:/srv/images/pc01");
  CHECK(identity_of("/srv/images/pc01//") == identity_of("/srv/images/pc01"));
  CHECK(identity_of("/") == "local:/");
  // Local paths are case-sensitive.
  CHECK(identity_of("/srv/images/PC01") != identity_of("/srv/images/pc01"));
}
