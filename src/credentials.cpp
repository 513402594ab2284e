#include "credentials.hpp"

#include "text.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace smsscan {

namespace {

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

std::string CredentialsError::to_string() const
{
  std::string text;
  if (!source.empty()) {
    text = source + (line > 0 ? ":" + std::to_string(line) : "") + ": ";
  }
  return text + message;
}

void split_user(std::string_view text, Credentials& credentials)
{
  const std::size_t separator = text.find_first_of("\\/");
  if (separator == std::string_view::npos) {
    credentials.user = std::string(text);
    return;
  }
  credentials.domain = std::string(text.substr(0, separator));
  credentials.user = std::string(text.substr(separator + 1));
}

CredentialsResult parse_auth_file(std::string_view content, std::string_view source)
{
  CredentialsResult result;
  Credentials credentials;
  bool have_user = false;
  bool have_password = false;
  int line_number = 0;
  const auto fail = [&](int line, std::string message) {
    result.credentials.reset();
    result.error = CredentialsError{std::string(source), line, std::move(message)};
    return result;
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
    const std::string key = to_lower(trim(line.substr(0, equals)));
    // smbclient keeps the password exactly as written after "= ", trailing
    // spaces included; only the line break and the spaces before it are not
    // part of it. So the value is taken from the untrimmed line.
    std::string_view value = raw.substr(raw.find('=') + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) {
      value.remove_prefix(1);
    }
    if (key == "username" || key == "user") {
      split_user(trim(value), credentials);
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
  result.credentials = std::move(credentials);
  return result;
}

CredentialsResult gather_credentials(const std::string& user_option, const std::string& auth_file)
{
  CredentialsResult result;
  if (user_option.empty() && auth_file.empty()) {
    return result;
  }
  Credentials credentials;
  bool have_password = false;
  if (!auth_file.empty()) {
    std::ifstream in(auth_file, std::ios::binary);
    if (!in) {
      result.error = CredentialsError{auth_file, 0, "cannot be read"};
      return result;
    }
    std::ostringstream content;
    content << in.rdbuf();
    CredentialsResult parsed = parse_auth_file(content.str(), auth_file);
    if (!parsed.credentials) {
      return parsed;
    }
    credentials = *parsed.credentials;
    have_password = true;
    struct stat info
    {
    };
    if (::stat(auth_file.c_str(), &info) == 0 && (info.st_mode & (S_IRGRP | S_IROTH)) != 0) {
      result.warning = auth_file + " is readable by other users; chmod 600 it";
    }
  }
  if (!user_option.empty()) {
    const std::string domain = credentials.domain;
    credentials.domain.clear();
    split_user(user_option, credentials);
    if (credentials.domain.empty()) {
      credentials.domain = domain;
    }
  }
  if (credentials.user.empty()) {
    result.error = CredentialsError{"", 0, "--user needs a user name"};
    return result;
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
    result.error = CredentialsError{
      "", 0, "no password for " + credentials.user + ": set SMSSCAN_PASSWORD, use --auth-file, or run on a terminal"};
    return result;
  }
  result.credentials = std::move(credentials);
  return result;
}

} // namespace smsscan
