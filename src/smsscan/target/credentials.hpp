// Credentials for SMB targets. The password comes from the environment
// (SMSSCAN_PASSWORD), an smbclient-style authentication file, or a no-echo
// prompt on the terminal: never from the command line.
#pragma once

#include "smsscan/util/expected.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace smsscan::target {

struct Credentials
{
  std::string domain;
  std::string user;     // empty = anonymous / guest
  std::string password; // never printed
};

// Splits "DOMAIN\user" or "DOMAIN/user" (or "user") into domain and user;
// the password is left empty.
Credentials split_user(std::string_view text);

// Parses an smbclient authentication file: "username = ...", "password = ...",
// "domain = ..." lines; blank lines and lines starting with # or ; are ignored.
// Errors name source and the line, and never quote a line (it may hold the password).
util::Expected<Credentials> parse_auth_file(std::string_view content, std::string_view source);

// An authentication file as read by the caller (who reports a file that
// cannot be read as such).
struct AuthFile
{
  std::string path;
  std::string content;
};

struct GatheredCredentials
{
  std::optional<Credentials> credentials; // none when neither --user nor an auth file was given
  std::vector<std::string> warnings;      // e.g. the auth file is readable by others
};

// Gathers credentials for a scan. user_option is --user ("" when absent).
// Order: the auth file, then --user overrides its user name; the password
// from the file, else SMSSCAN_PASSWORD, else a prompt when stdin and stderr
// are terminals.
util::Expected<GatheredCredentials> gather_credentials(const std::string& user_option,
                                                       const std::optional<AuthFile>& auth_file);

} // namespace smsscan::target
