#include "target.hpp"

#include "text.hpp"

#include <algorithm>
#include <sys/stat.h>

namespace smsscan {

namespace {

bool is_directory(const std::string& path)
{
  struct stat info
  {
  };
  return ::stat(path.c_str(), &info) == 0 && S_ISDIR(info.st_mode);
}

bool valid_host_name(std::string_view host)
{
  if (host.empty() || host.size() > 253) {
    return false;
  }
  return std::all_of(host.begin(), host.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
           c == '_';
  });
}

bool valid_ipv6(std::string_view host)
{
  return !host.empty() && std::all_of(host.begin(), host.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':' || c == '.';
  });
}

// "host", "host:port", "[v6]", "[v6]:port" -> host and port; false if malformed.
bool split_host_port(std::string_view text, std::string& host, std::uint16_t& port, std::string& error)
{
  port = 0;
  std::string_view port_text;
  bool has_port = false;
  if (!text.empty() && text.front() == '[') {
    const std::size_t close = text.find(']');
    if (close == std::string_view::npos) {
      error = "missing ']' after an IPv6 address";
      return false;
    }
    host = std::string(text.substr(1, close - 1));
    std::string_view rest = text.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') {
        error = "unexpected text after ']'";
        return false;
      }
      port_text = rest.substr(1);
      has_port = true;
    }
    if (!valid_ipv6(host)) {
      error = "\"" + host + "\" is not an IPv6 address";
      return false;
    }
  } else {
    const std::size_t colon = text.find(':');
    if (colon != std::string_view::npos) {
      if (text.find(':', colon + 1) != std::string_view::npos) {
        error = "an IPv6 address needs brackets: [addr]:port";
        return false;
      }
      port_text = text.substr(colon + 1);
      has_port = true;
      text = text.substr(0, colon);
    }
    host = std::string(text);
    if (!valid_host_name(host)) {
      error = host.empty() ? "no host name" : "\"" + host + "\" is not a host name or address";
      return false;
    }
  }
  if (has_port) {
    const auto value = parse_uint(port_text);
    if (!value || *value == 0 || *value > 65535) {
      error = "port \"" + std::string(port_text) + "\" is not a number from 1 to 65535";
      return false;
    }
    port = static_cast<std::uint16_t>(*value);
  }
  return true;
}

// Splits "host/share/a/b" (slashes already normalised) into its parts.
TargetParse parse_remote_path(std::string_view text, std::string_view rest)
{
  TargetParse result;
  const auto parts = split(rest, '/');
  Target target;
  target.text = std::string(text);
  target.kind = Target::Kind::smb;
  std::string error;
  if (parts.empty() || !split_host_port(parts[0], target.host, target.port, error)) {
    result.error = error.empty() ? "no host" : error;
    return result;
  }
  if (parts.size() >= 2 && !parts[1].empty()) {
    target.admin_share = std::string(parts[1]);
    std::string folder;
    for (std::size_t i = 2; i < parts.size(); ++i) {
      if (parts[i].empty()) {
        continue;
      }
      if (parts[i] == "..") {
        result.error = "\"..\" is not allowed in a share path";
        return result;
      }
      if (!folder.empty()) {
        folder += '\\';
      }
      folder += std::string(parts[i]);
    }
    target.admin_folder = folder;
  }
  result.target = std::move(target);
  return result;
}

} // namespace

TargetParse parse_target(std::string_view text)
{
  TargetParse result;
  const std::string_view trimmed = trim(text);
  if (trimmed.empty()) {
    result.error = "empty target";
    return result;
  }
  if (trimmed.size() > 7 && iequals(trimmed.substr(0, 6), "smb://")) {
    return parse_remote_path(text, trimmed.substr(6));
  }
  if (trimmed.size() > 2 && (trimmed.substr(0, 2) == "\\\\" || trimmed.substr(0, 2) == "//")) {
    std::string normalised(trimmed.substr(2));
    std::replace(normalised.begin(), normalised.end(), '\\', '/');
    return parse_remote_path(text, normalised);
  }
  const std::string as_path(trimmed);
  if (trimmed.front() == '/' || trimmed.substr(0, 2) == "./" || trimmed.substr(0, 3) == "../" || trimmed == "." ||
      is_directory(as_path)) {
    Target target;
    target.text = std::string(text);
    target.kind = Target::Kind::local;
    target.admin_dir = as_path;
    result.target = std::move(target);
    return result;
  }
  Target target;
  target.text = std::string(text);
  target.kind = Target::Kind::smb;
  std::string error;
  if (!split_host_port(trimmed, target.host, target.port, error)) {
    result.error = error;
    return result;
  }
  result.target = std::move(target);
  return result;
}

HostList parse_host_list(std::string_view content)
{
  HostList list;
  std::vector<std::string> seen;
  int line_number = 0;
  for (std::string_view raw : split(content, '\n')) {
    ++line_number;
    std::string_view line = raw;
    if (!line.empty() && line.back() == '\r') {
      line.remove_suffix(1);
    }
    const std::size_t hash = line.find('#');
    const std::string_view content_part = trim(hash == std::string_view::npos ? line : line.substr(0, hash));
    if (content_part.empty()) {
      continue;
    }
    const auto fail = [&](std::string message) {
      list.errors.push_back({line_number, std::string(line), std::move(message)});
    };
    const auto columns = split(content_part, ',');
    if (columns.size() > 3) {
      fail("too many columns (expected: target, roles, site code)");
      continue;
    }
    TargetParse parsed = parse_target(trim(columns[0]));
    if (!parsed.target) {
      fail(parsed.error);
      continue;
    }
    Target target = std::move(*parsed.target);
    target.text = std::string(trim(columns[0]));
    bool ok = true;
    if (columns.size() >= 2) {
      std::string roles(trim(columns[1]));
      std::replace(roles.begin(), roles.end(), '+', ';');
      for (std::string_view role : split(roles, ';')) {
        role = trim(role);
        if (role.empty()) {
          continue;
        }
        if (role != "client" && role != "site-server" && role != "cap" && role != "logon-point") {
          fail("unknown role \"" + std::string(role) + "\" (client, site-server, cap, logon-point)");
          ok = false;
          break;
        }
        target.roles.emplace_back(role);
      }
    }
    if (ok && columns.size() == 3) {
      const std::string_view site = trim(columns[2]);
      const bool alnum = std::all_of(site.begin(), site.end(), [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
      });
      if (site.size() != 3 || !alnum) {
        fail("site code \"" + std::string(site) + "\" is not three letters or digits");
        ok = false;
      } else {
        target.site_code = to_upper(site);
      }
    }
    if (!ok) {
      continue;
    }
    const std::string identity = target_identity(target);
    if (std::find(seen.begin(), seen.end(), identity) != seen.end()) {
      ++list.duplicates;
      continue;
    }
    seen.push_back(identity);
    list.targets.push_back(std::move(target));
  }
  return list;
}

std::string target_identity(const Target& target)
{
  if (target.kind == Target::Kind::local) {
    std::string path = target.admin_dir;
    while (path.size() > 1 && path.back() == '/') {
      path.pop_back();
    }
    return "local:" + path;
  }
  return "smb:" + to_lower(target.host) + ":" + std::to_string(target.port == 0 ? 445 : target.port) + "/" +
         to_lower(target.admin_share) + "/" + to_lower(target.admin_folder);
}

} // namespace smsscan
