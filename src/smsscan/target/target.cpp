#include "smsscan/target/target.hpp"

#include "smsscan/util/text.hpp"

#include <algorithm>
#include <sys/stat.h>

namespace smsscan::target {

namespace {

using util::Error;
using util::Expected;
using util::iequals;
using util::split;
using util::trim;
using util::unexpected;

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

// Digits and dots only: meant as an IPv4 address, not a name.
bool looks_numeric(std::string_view host)
{
  return std::all_of(host.begin(), host.end(), [](char c) { return (c >= '0' && c <= '9') || c == '.'; });
}

struct HostPort
{
  std::string host;
  std::uint16_t port = 0; // 0 = not given
};

// "host", "host:port", "[v6]", "[v6]:port" -> host and port, or why not.
Expected<HostPort> split_host_port(std::string_view text)
{
  HostPort result;
  std::string_view port_text;
  bool has_port = false;
  if (!text.empty() && text.front() == '[') {
    const std::size_t close = text.find(']');
    if (close == std::string_view::npos) {
      return unexpected(Error("missing ']' after an IPv6 address"));
    }
    result.host = std::string(text.substr(1, close - 1));
    const std::string_view rest = text.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') {
        return unexpected(Error("unexpected text after ']'"));
      }
      port_text = rest.substr(1);
      has_port = true;
    }
    if (!valid_ipv6(result.host)) {
      return unexpected(Error("\"" + result.host + "\" is not an IPv6 address"));
    }
  } else {
    const std::size_t colon = text.find(':');
    if (colon != std::string_view::npos) {
      if (text.find(':', colon + 1) != std::string_view::npos) {
        return unexpected(Error("an IPv6 address needs brackets: [addr]:port"));
      }
      port_text = text.substr(colon + 1);
      has_port = true;
      text = text.substr(0, colon);
    }
    result.host = std::string(text);
    if (!valid_host_name(result.host)) {
      return unexpected(
        Error(result.host.empty() ? "no host name" : "\"" + result.host + "\" is not a host name or address"));
    }
    if (looks_numeric(result.host)) {
      std::optional<std::string> address = canonical_ipv4(result.host);
      if (!address) {
        return unexpected(Error("\"" + result.host + "\" is not an IPv4 address (write it as four numbers a.b.c.d)"));
      }
      result.host = std::move(*address);
    }
  }
  if (has_port) {
    const auto value = util::parse_uint(port_text);
    if (!value || *value == 0 || *value > 65535) {
      return unexpected(Error("port \"" + std::string(port_text) + "\" is not a number from 1 to 65535"));
    }
    result.port = static_cast<std::uint16_t>(*value);
  }
  return result;
}

// Refuses user names and passwords written into a target: they would end
// up in reports, logs and the process list. The message never repeats them.
std::optional<Error> credentials_in(std::string_view text)
{
  if (text.find('@') == std::string_view::npos) {
    return std::nullopt;
  }
  return Error("a user name or password in a target is not accepted (it would show in reports and the process "
               "list); give the user with --user and the password with SMSSCAN_PASSWORD or --auth-file");
}

// Splits "host/share/a/b" (slashes already normalised) into its parts.
Expected<Target> parse_remote_path(std::string_view text, std::string_view rest)
{
  const auto parts = split(rest, '/');
  Target target;
  target.text = std::string(text);
  target.kind = Target::Kind::smb;
  if (parts.empty()) {
    return unexpected(Error("no host"));
  }
  Expected<HostPort> host = split_host_port(parts[0]);
  if (!host) {
    return unexpected(host.error());
  }
  target.host = std::move(host->host);
  target.port = host->port;
  if (parts.size() >= 2 && !parts[1].empty()) {
    target.admin_share = std::string(parts[1]);
    std::string folder;
    for (std::size_t i = 2; i < parts.size(); ++i) {
      if (parts[i].empty()) {
        continue;
      }
      if (parts[i] == "..") {
        return unexpected(Error("\"..\" is not allowed in a share path"));
      }
      if (!folder.empty()) {
        folder += '\\';
      }
      folder += std::string(parts[i]);
    }
    target.admin_folder = folder;
  }
  return target;
}

} // namespace

std::optional<std::string> canonical_ipv4(std::string_view text)
{
  std::optional<std::uint64_t> value;
  const std::vector<std::string_view> parts = split(text, '.');
  if (parts.size() == 1) {
    value = util::parse_uint(text); // 2130706434 = 127.0.0.2
    if (!value || *value > 0xffffffffULL || text.size() > 10) {
      return std::nullopt;
    }
  } else if (parts.size() == 4) {
    std::uint64_t total = 0;
    for (const std::string_view part : parts) {
      // Leading zeros are read as decimal (what an administrator means by
      // 010), never as octal; the connection goes to the canonical form.
      const auto octet = util::parse_uint(part);
      if (!octet || *octet > 255 || part.size() > 3) {
        return std::nullopt;
      }
      total = total * 256 + *octet;
    }
    value = total;
  } else {
    return std::nullopt;
  }
  return std::to_string((*value >> 24) & 255) + "." + std::to_string((*value >> 16) & 255) + "." +
         std::to_string((*value >> 8) & 255) + "." + std::to_string(*value & 255);
}

Expected<Target> parse_target(std::string_view text)
{
  const std::string_view trimmed = trim(text);
  if (trimmed.empty()) {
    return unexpected(Error("empty target"));
  }
  // (A folder of that name is a machine image, whatever it is called.)
  if (std::optional<Error> refused = credentials_in(trimmed); refused && !is_directory(std::string(trimmed))) {
    return unexpected(*refused);
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
    return target;
  }
  Target target;
  target.text = std::string(text);
  target.kind = Target::Kind::smb;
  Expected<HostPort> host = split_host_port(trimmed);
  if (!host) {
    return unexpected(host.error());
  }
  target.host = std::move(host->host);
  target.port = host->port;
  return target;
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
  return "smb:" + util::to_lower(target.host) + ":" + std::to_string(target.port == 0 ? 445 : target.port) + "/" +
         util::to_lower(target.admin_share) + "/" + util::to_lower(target.admin_folder);
}

} // namespace smsscan::target
