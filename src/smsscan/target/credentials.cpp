#include "smsscan/target/credentials.hpp"

#include "smsscan/util/text.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include <cstdlib>

namespace smsscan::target {

namespace {

using util::Error;
using util::Expected;
using util::split;
using util::trim;
using util::unexpected;

// Reads a line from the terminal with echo off; nullopt if there is no terminal.
std::optional<std::string> prompt_password(const std::string& prompt)
{
  const int fd = ::open("/dev/tty", O_RDWR | O_CLOEXEC);
  if (fd < 0) {
    return std::nullopt;
  }
  termios saved{};
  const bool have_termios = ::tcgetattr(fd, &saved) == 0;
  if (have_termios) {
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    ::tcsetattr(fd, TCSAFLUSH, &quiet);
  }
  (void)!::write(fd, prompt.data(), prompt.size());
  std::string password;
  char c = 0;
  while (::read(fd, &c, 1) == 1 && c != '\n' && c != '\r') {
    password.push_back(c);
  }
  if (have_termios) {
    ::tcsetattr(fd, TCSAFLUSH, &saved);
  }
  (void)!::write(fd, "\n", 1);
  ::close(fd);
  return password;
}

} // namespace

Credentials split_user(std::string_view text)
{
  Credentials credentials;
  const std::size_t separator = text.find_first_of("\\/");
  if (separator == std::string_view::npos) {
    credentials.user = std::string(text);
    return credentials;
  }
  credentials.domain = std::string(text.substr(0, separator));
  credentials.user = std::string(text.substr(separator + 1));
  return credentials;
}

Expected<Credentials> parse_auth_file(std::string_view content, std::string_view source)
{
  Credentials credentials;
  bool have_user = false;
  bool have_password = false;
  int line_number = 0;
  const auto fail = [&](int line, std::string message) -> Expected<Credentials> {
    return unexpected(Error(std::string(source), line, std::move(message)));
  };
  for (std::string_view raw : split(content, '\n')) {
    ++line_number;
    if (!raw.empty() && raw.back() == '\r') {
      raw.remove_suffix(1);
    }
    const std::string_view line = trim(raw);
    if (line.empty() || line.front() == '#' || line.front() == ';') {
      continue;
    }
    const std::size_t equals = line.find('=');
    if (equals == std::string_view::npos) {
      // Never echo the line: it may hold a password.
      return fail(line_number, "expected \"key = value\" (username, password or domain)");
    }
    const std::string key = util::to_lower(trim(line.substr(0, equals)));
    // smbclient keeps the password exactly as written after "= ", trailing
    // spaces included; only the line break and the spaces before it are not
    // part of it. So the value is taken from the untrimmed line.
    std::string_view value = raw.substr(raw.find('=') + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) {
      value.remove_prefix(1);
    }
    if (key == "username" || key == "user") {
      const std::string domain = credentials.domain;
      const Credentials named = split_user(trim(value));
      credentials.user = named.user;
      credentials.domain = named.domain.empty() ? domain : named.domain;
      have_user = !credentials.user.empty();
    } else if (key == "password") {
      credentials.password = std::string(value);
      have_password = true;
    } else if (key == "domain" || key == "workgroup") {
      credentials.domain = std::string(trim(value));
    } else {
      return fail(line_number, "unknown key \"" + key + "\" (expected username, password or domain)");
    }
  }
  if (!have_user) {
    return fail(0, "no username line");
  }
  if (!have_password) {
    return fail(0, "no password line");
  }
  return credentials;
}

Expected<GatheredCredentials> gather_credentials(const std::string& user_option,
                                                 const std::optional<AuthFile>& auth_file)
{
  GatheredCredentials result;
  if (user_option.empty() && !auth_file) {
    return result;
  }
  Credentials credentials;
  bool have_password = false;
  if (auth_file) {
    Expected<Credentials> parsed = parse_auth_file(auth_file->content, auth_file->path);
    if (!parsed) {
      return unexpected(parsed.error());
    }
    credentials = std::move(*parsed);
    have_password = true;
    struct stat info
    {
    };
    if (::stat(auth_file->path.c_str(), &info) == 0 && (info.st_mode & (S_IRGRP | S_IROTH)) != 0) {
      result.warnings.push_back(auth_file->path + " is readable by other users; chmod 600 it");
    }
  }
  if (!user_option.empty()) {
    const Credentials named = split_user(user_option);
    credentials.user = named.user;
    if (!named.domain.empty()) {
      credentials.domain = named.domain;
    }
  }
  if (credentials.user.empty()) {
    return unexpected(Error("--user needs a user name"));
  }
  if (!have_password) {
    if (const char* from_env = std::getenv("SMSSCAN_PASSWORD")) {
      credentials.password = from_env;
      have_password = true;
    } else if (::isatty(STDIN_FILENO) && ::isatty(STDERR_FILENO)) {
      const std::string who = (credentials.domain.empty() ? "" : credentials.domain + "\\") + credentials.user;
      if (auto typed = prompt_password("Password for " + who + ": ")) {
        credentials.password = *typed;
        have_password = true;
      }
    }
  }
  if (!have_password) {
    return unexpected(
      Error("no password for " + credentials.user + ": set SMSSCAN_PASSWORD, use --auth-file, or run on a terminal"));
  }
  result.credentials = std::move(credentials);
  return result;
}

} // namespace smsscan::target
