// Credentials for SMB targets. The password comes from the environment
// (SMSSCAN_PASSWORD), an smbclient-style authentication file, or a no-echo
// prompt on the terminal: never from the command line.
#pragma once

#include "transport.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace smsscan {

struct CredentialsError
{
  std::string source; // the file, or "" for other problems
  int line = 0;
  std::string message;
  std::string to_string() const;
};

struct CredentialsResult
{
  std::optional<Credentials> credentials;
  CredentialsError error;
  std::string warning; // e.g. the auth file is readable by others
};

// Splits "DOMAIN\user" or "DOMAIN/user" (or "user") into domain and user.
void split_user(std::string_view text, Credentials& credentials);

// Parses an smbclient authentication file: "username = ...", "password = ...",
// "domain = ..." lines; blank lines and lines starting with # or ; are ignored.
CredentialsResult parse_auth_file(std::string_view content, std::string_view source);

// Gathers credentials for a scan. user_option is --user ("" when absent);
// auth_file is --auth-file ("" when absent). Order: the auth file, then
// --user overrides its user name; the password from the file, else
// SMSSCAN_PASSWORD, else a prompt when stdin and stderr are terminals.
// Returns no credentials (and no error) when neither --user nor a file was given.
CredentialsResult gather_credentials(const std::string& user_option, const std::string& auth_file);

} // namespace smsscan
