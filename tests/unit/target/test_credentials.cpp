// Tests for target/credentials.cpp: split_user, parse_auth_file and
// gather_credentials.
#include "smsscan/target/credentials.hpp"

#include "test_support.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <optional>
#include <string>

#include <unistd.h>

using smsscan::target::AuthFile;
using smsscan::target::Credentials;
using smsscan::target::gather_credentials;
using smsscan::target::parse_auth_file;
using smsscan::target::split_user;
using smsscan::test::ScopedEnvironment;
using smsscan::test::set_mode;
using smsscan::test::TemporaryFolder;
using smsscan::test::write_file;
using smsscan::util::Error;

namespace {

using std::filesystem::perms;

Credentials parsed_ok(const std::string& content)
{
  const smsscan::util::Expected<Credentials> result = parse_auth_file(content, "auth.txt");
  REQUIRE_MESSAGE(result.has_value(), result.error().to_string());
  return *result;
}

Error parse_refused(const std::string& content)
{
  const smsscan::util::Expected<Credentials> result = parse_auth_file(content, "auth.txt");
  REQUIRE_FALSE(result.has_value());
  CHECK(result.error().source == "auth.txt");
  return result.error();
}

// What gather_credentials answers, flattened for the checks below.
struct Gathered
{
  std::optional<Credentials> credentials;
  Error error;
  std::string warning;
};

// gather_credentials with the auth file at path read the way the command
// line reads it ("" = no auth file).
Gathered gather(const std::string& user, const std::string& path)
{
  std::optional<AuthFile> file;
  if (!path.empty()) {
    const std::optional<std::string> content = smsscan::test::read_file(path);
    REQUIRE_MESSAGE(content.has_value(), path << " cannot be read");
    file = AuthFile{path, *content};
  }
  const auto result = gather_credentials(user, file);
  Gathered gathered;
  if (!result) {
    gathered.error = result.error();
    return gathered;
  }
  gathered.credentials = result->credentials;
  for (const std::string& warning : result->warnings) {
    gathered.warning += warning;
  }
  return gathered;
}

// An auth file in folder with the given mode.
std::string auth_file(const TemporaryFolder& folder, const std::string& content, perms mode)
{
  const std::string path = folder / "auth.txt";
  write_file(path, content);
  set_mode(path, mode);
  return path;
}

const perms k_owner_only = perms::owner_read | perms::owner_write;
const perms k_world_readable = k_owner_only | perms::group_read | perms::others_read;

} // namespace

TEST_CASE("split_user: domain and user")
{
  const Credentials c = split_user("CORP\\admin");
  CHECK(c.domain == "CORP");
  CHECK(c.user == "admin");
  CHECK(c.password.empty());
  const Credentials d = split_user("CORP/admin");
  CHECK(d.domain == "CORP");
  CHECK(d.user == "admin");
  const Credentials e = split_user("admin");
  CHECK(e.domain.empty());
  CHECK(e.user == "admin");
}

TEST_CASE("parse_auth_file: a full file")
{
  const Credentials c = parsed_ok("# smbclient authentication file\n"
                                  "username = admin\n"
                                  "password = S3cret pass=word\n"
                                  "domain = CORP\n");
  CHECK(c.user == "admin");
  CHECK(c.password == "S3cret pass=word");
  CHECK(c.domain == "CORP");
}

TEST_CASE("parse_auth_file: the domain in the user name")
{
  const Credentials c = parsed_ok("username = CORP\\admin\npassword = pw\n");
  CHECK(c.domain == "CORP");
  CHECK(c.user == "admin");
  CHECK(c.password == "pw");
}

TEST_CASE("parse_auth_file: comments, blank lines, spacing and key case")
{
  const Credentials c = parsed_ok("\n"
                                  "; a semicolon comment\n"
                                  "   # an indented comment\n"
                                  "USERNAME=admin\n"
                                  "\tPassword\t=\t#not a comment\n"
                                  "workgroup = WG\n");
  CHECK(c.user == "admin");
  CHECK(c.password == "#not a comment");
  CHECK(c.domain == "WG");
}

TEST_CASE("parse_auth_file: CRLF line ends are not part of the values")
{
  const Credentials c = parsed_ok("username = admin\r\npassword = pw\r\ndomain = CORP\r\n");
  CHECK(c.user == "admin");
  CHECK(c.password == "pw");
  CHECK(c.domain == "CORP");
}

TEST_CASE("parse_auth_file: the password is kept exactly as written after \"= \"")
{
  // smbclient keeps trailing spaces; a password that ends in a space must not
  // be cut, or every logon fails and counts towards the lockout.
  CHECK(parsed_ok("username = admin\npassword = pw  \n").password == "pw  ");
  CHECK(parsed_ok("username = admin\r\npassword = pw \r\n").password == "pw ");
}

TEST_CASE("parse_auth_file: refuses incomplete and malformed files")
{
  SUBCASE("no password")
  {
    const auto error = parse_refused("username = admin\n");
    CHECK(error.line == 0);
    CHECK(error.to_string() == "auth.txt: no password line");
  }
  SUBCASE("no user name")
  {
    const auto error = parse_refused("password = pw\ndomain = CORP\n");
    CHECK(error.to_string() == "auth.txt: no username line");
  }
  SUBCASE("an empty user name")
  {
    const auto error = parse_refused("username = \npassword = pw\n");
    CHECK(error.message == "no username line");
  }
  SUBCASE("an unknown key")
  {
    const auto error = parse_refused("username = admin\npassword = pw\nserver = pc01\n");
    CHECK(error.line == 3);
    CHECK(error.to_string() == "auth.txt:3: unknown key \"server\" (expected username, password or domain)");
  }
  SUBCASE("a line without '=' is not echoed (it may be a password)")
  {
    const auto error = parse_refused("username = admin\n# next: a stray password\nHunter2Secret!\npassword = pw\n");
    CHECK(error.line == 3);
    CHECK(error.message == "expected \"key = value\" (username, password or domain)");
    CHECK(error.to_string().find("Hunter2") == std::string::npos);
  }
}

TEST_CASE("gather_credentials: nothing asked, nothing gathered")
{
  const Gathered result = gather("", "");
  CHECK_FALSE(result.credentials.has_value());
  CHECK(result.error.message.empty());
  CHECK(result.warning.empty());
}

TEST_CASE("gather_credentials: an auth file, with --user overriding its user")
{
  TemporaryFolder folder;
  const ScopedEnvironment no_password("SMSSCAN_PASSWORD", "from-environment");
  const std::string path = auth_file(folder, "username = CORP\\admin\npassword = file-pw\n", k_owner_only);

  SUBCASE("the file alone; its password wins over the environment")
  {
    const Gathered result = gather("", path);
    REQUIRE_MESSAGE(result.credentials.has_value(), result.error.to_string());
    CHECK(result.credentials->domain == "CORP");
    CHECK(result.credentials->user == "admin");
    CHECK(result.credentials->password == "file-pw");
    CHECK(result.warning.empty());
  }
  SUBCASE("--user without a domain keeps the file's domain")
  {
    const Gathered result = gather("bob", path);
    REQUIRE(result.credentials.has_value());
    CHECK(result.credentials->domain == "CORP");
    CHECK(result.credentials->user == "bob");
    CHECK(result.credentials->password == "file-pw");
  }
  SUBCASE("--user with a domain replaces both")
  {
    const Gathered result = gather("OTHER\\bob", path);
    REQUIRE(result.credentials.has_value());
    CHECK(result.credentials->domain == "OTHER");
    CHECK(result.credentials->user == "bob");
    CHECK(result.credentials->password == "file-pw");
  }
}

TEST_CASE("gather_credentials: an auth file others can read gives a warning")
{
  TemporaryFolder folder;
  const std::string path = auth_file(folder, "username = admin\npassword = pw\n", k_world_readable);
  const Gathered result = gather("", path);
  REQUIRE(result.credentials.has_value());
  CHECK(result.warning == path + " is readable by other users; chmod 600 it");

  set_mode(path, k_owner_only | perms::group_read);
  CHECK_FALSE(gather("", path).warning.empty());
  set_mode(path, k_owner_only);
  CHECK(gather("", path).warning.empty());
}

// (An auth file that cannot be read is the command line's input error: cli/test_inputs.cpp.)
TEST_CASE("gather_credentials: a bad auth file is an error")
{
  TemporaryFolder folder;
  const std::string bad = auth_file(folder, "username = admin\nsecretline\n", k_owner_only);
  const Gathered bad_result = gather("admin", bad);
  CHECK_FALSE(bad_result.credentials.has_value());
  CHECK(bad_result.error.to_string() == bad + ":2: expected \"key = value\" (username, password or domain)");
}

TEST_CASE("gather_credentials: SMSSCAN_PASSWORD when there is no file")
{
  SUBCASE("set")
  {
    const ScopedEnvironment password("SMSSCAN_PASSWORD", "env pw");
    const Gathered result = gather("CORP\\admin", "");
    REQUIRE_MESSAGE(result.credentials.has_value(), result.error.to_string());
    CHECK(result.credentials->domain == "CORP");
    CHECK(result.credentials->user == "admin");
    CHECK(result.credentials->password == "env pw");
  }
  SUBCASE("set but empty: an empty password is still a password")
  {
    const ScopedEnvironment password("SMSSCAN_PASSWORD", "");
    const Gathered result = gather("admin", "");
    REQUIRE(result.credentials.has_value());
    CHECK(result.credentials->password.empty());
  }
  SUBCASE("not set and no terminal: an error that says what to do")
  {
    const ScopedEnvironment password("SMSSCAN_PASSWORD", std::nullopt);
    if (::isatty(STDIN_FILENO) && ::isatty(STDERR_FILENO)) {
      MESSAGE("stdin and stderr are terminals: the password prompt case is skipped");
      return;
    }
    const Gathered result = gather("admin", "");
    CHECK_FALSE(result.credentials.has_value());
    CHECK(result.error.to_string() ==
          "no password for admin: set SMSSCAN_PASSWORD, use --auth-file, or run on a terminal");
  }
  SUBCASE("--user with only a domain")
  {
    const ScopedEnvironment password("SMSSCAN_PASSWORD", "pw");
    const Gathered result = gather("CORP\\", "");
    CHECK_FALSE(result.credentials.has_value());
    CHECK(result.error.to_string() == "--user needs a user name");
  }
}
