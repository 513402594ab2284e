// Tests for target/target.cpp: parse_target and target_identity.
#include "smsscan/target/target.hpp"

#include "test_support.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using smsscan::target::parse_target;
using smsscan::target::Target;
using smsscan::target::target_identity;
using smsscan::test::make_folder;
using smsscan::test::ScopedWorkingDirectory;
using smsscan::test::TemporaryFolder;

namespace {

Target accepted(const std::string& text)
{
  smsscan::util::Expected<Target> parsed = parse_target(text);
  REQUIRE_MESSAGE(parsed.has_value(), "\"" << text << "\" was refused: " << parsed.error().message);
  return *parsed;
}

std::string refused(const std::string& text)
{
  const smsscan::util::Expected<Target> parsed = parse_target(text);
  REQUIRE_MESSAGE(!parsed.has_value(), "\"" << text << "\" was accepted");
  CHECK_FALSE(parsed.error().message.empty());
  return parsed.error().message;
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

TEST_CASE("canonical_ipv4: decimal forms of an IPv4 address")
{
  using smsscan::target::canonical_ipv4;
  CHECK(canonical_ipv4("127.0.0.2") == std::string("127.0.0.2"));
  CHECK(canonical_ipv4("127.000.000.002") == std::string("127.0.0.2"));
  CHECK(canonical_ipv4("010.001.002.003") == std::string("10.1.2.3")); // decimal, never octal
  CHECK(canonical_ipv4("2130706434") == std::string("127.0.0.2"));
  CHECK(canonical_ipv4("4294967295") == std::string("255.255.255.255"));
  CHECK_FALSE(canonical_ipv4("4294967296").has_value());
  CHECK_FALSE(canonical_ipv4("256.0.0.1").has_value());
  CHECK_FALSE(canonical_ipv4("127.1").has_value());
  CHECK_FALSE(canonical_ipv4("1.2.3.4.5").has_value());
  CHECK_FALSE(canonical_ipv4("0127.0.0.1").has_value());
}

TEST_CASE("parse_target: numeric hosts are stored canonically, the text as given")
{
  const Target target = accepted("127.000.000.002:139");
  CHECK(target.host == "127.0.0.2");
  CHECK(target.port == 139);
  CHECK(target.text == "127.000.000.002:139");
  CHECK(accepted("2130706434").host == "127.0.0.2");
  CHECK(refused("127.1") == "\"127.1\" is not an IPv4 address (write it as four numbers a.b.c.d)");
  CHECK(identity_of("127.000.000.002") == identity_of("127.0.0.2"));
}

TEST_CASE("parse_target: a user name or password in a target is refused without repeating it")
{
  for (const char* text : {"smb://admin:Secret1@pc02/ADMIN$", "\\\\admin%Secret1@pc02\\ADMIN$", "admin@pc02"}) {
    CAPTURE(text);
    const std::string message = refused(text);
    CHECK(message.find("Secret1") == std::string::npos);
    CHECK(message.find("admin") == std::string::npos);
    CHECK(message.rfind("a user name or password in a target is not accepted", 0) == 0);
  }
}
