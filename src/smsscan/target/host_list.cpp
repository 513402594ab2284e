#include "smsscan/target/host_list.hpp"

#include "smsscan/manifest/roles.hpp"
#include "smsscan/target/address_range.hpp"
#include "smsscan/util/text.hpp"
#include "smsscan/util/utf8.hpp"

#include <algorithm>

namespace smsscan::target {

namespace {

using util::split;
using util::trim;

// The roles column: names separated by ';' or '+'; empty when the line gives none.
util::Expected<std::vector<std::string>> read_roles(std::string_view column)
{
  std::string roles(trim(column));
  std::replace(roles.begin(), roles.end(), '+', ';');
  std::vector<std::string> result;
  for (std::string_view role : split(roles, ';')) {
    role = trim(role);
    if (role.empty()) {
      continue;
    }
    if (!manifest::is_known_role(role)) {
      return util::unexpected(
        util::Error("unknown role \"" + std::string(role) + "\" (" + manifest::role_list_text() + ")"));
    }
    if (std::find(result.begin(), result.end(), role) == result.end()) {
      result.emplace_back(role);
    }
  }
  return result;
}

bool has_control(std::string_view text)
{
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t length = util::utf8_sequence_length(text, i);
    if (length == 0) {
      return true; // not UTF-8 either: shown escaped, refused
    }
    if (util::is_control_sequence(text, i, length) && text[i] != '\t') {
      return true;
    }
    i += length;
  }
  return false;
}

// The list as UTF-8 text, or why it is not one.
util::Expected<std::string> as_text(std::string_view content)
{
  if (util::starts_with(content, "\xEF\xBB\xBF")) {
    return std::string(content.substr(3));
  }
  if (util::starts_with(content, "\xFF\xFE") || util::starts_with(content, "\xFE\xFF")) {
    std::optional<std::string> text = utf16_to_utf8(content.substr(2), content[0] == '\xFE');
    if (!text) {
      return util::unexpected(util::Error("is not valid UTF-16 after its byte-order mark"));
    }
    return std::move(*text);
  }
  if (content.find('\0') != std::string_view::npos) {
    return util::unexpected(util::Error("holds NUL bytes: not a text file, or UTF-16 without a byte-order mark; "
                                        "save it as UTF-8"));
  }
  return std::string(content);
}

// One line's targets (one, or one per address of a range), or why the line
// is refused (the message quotes the line only where that is safe and useful).
util::Expected<std::vector<Target>> read_line(std::string_view line, std::string_view content_part,
                                              std::size_t max_targets)
{
  const auto refuse = [&](const std::string& message, bool quote) {
    return util::unexpected(util::Error(message + (quote ? ": \"" + util::printable(line) + "\"" : "")));
  };
  if (line.size() > k_max_host_line) {
    return refuse("line is longer than " + std::to_string(k_max_host_line) + " characters", false);
  }
  if (has_control(line)) {
    return refuse("line holds control characters or invalid UTF-8", true);
  }
  if (content_part.find('@') != std::string_view::npos) {
    // Never echoed: the line may hold a password.
    return refuse("a user name or password in a target is not accepted (it would show in reports and the process "
                  "list); give the user with --user and the password with SMSSCAN_PASSWORD or --auth-file",
                  false);
  }
  const auto columns = split(content_part, ',');
  if (columns.size() > 3) {
    return refuse("too many columns (expected: target, roles, site code)", true);
  }
  const std::string_view first = trim(columns[0]);
  util::Expected<std::vector<Target>> parsed = parse_targets(first, max_targets);
  if (!parsed) {
    return refuse(parsed.error().message, true);
  }
  std::vector<std::string> roles;
  if (columns.size() >= 2) {
    util::Expected<std::vector<std::string>> read = read_roles(columns[1]);
    if (!read) {
      return refuse(read.error().message, true);
    }
    roles = std::move(*read);
  }
  std::string site_code;
  if (columns.size() == 3) {
    const std::string_view site = trim(columns[2]);
    if (const std::string problem = manifest::site_code_problem(site); !problem.empty()) {
      return refuse(problem, true);
    }
    site_code = util::to_upper(site);
  }
  for (Target& target : *parsed) {
    if (!looks_like_address_range(first)) {
      target.text = std::string(first); // a range's targets are named by their addresses
    }
    target.roles = roles;
    target.site_code = site_code;
  }
  return parsed;
}

} // namespace

std::optional<std::string> utf16_to_utf8(std::string_view bytes, bool big_endian)
{
  if (bytes.size() % 2 != 0) {
    return std::nullopt;
  }
  const auto unit = [&](std::size_t at) {
    const auto first = static_cast<unsigned char>(bytes[at]);
    const auto second = static_cast<unsigned char>(bytes[at + 1]);
    return static_cast<std::uint32_t>(big_endian ? (first << 8) | second : (second << 8) | first);
  };
  std::string out;
  for (std::size_t at = 0; at < bytes.size(); at += 2) {
    std::uint32_t code = unit(at);
    if (code >= 0xD800 && code <= 0xDBFF) {
      if (at + 3 >= bytes.size()) {
        return std::nullopt;
      }
      const std::uint32_t low = unit(at + 2);
      if (low < 0xDC00 || low > 0xDFFF) {
        return std::nullopt;
      }
      code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
      at += 2;
    } else if (code >= 0xDC00 && code <= 0xDFFF) {
      return std::nullopt;
    }
    if (code < 0x80) {
      out.push_back(static_cast<char>(code));
    } else if (code < 0x800) {
      out.push_back(static_cast<char>(0xC0 | (code >> 6)));
      out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
    } else if (code < 0x10000) {
      out.push_back(static_cast<char>(0xE0 | (code >> 12)));
      out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
    } else {
      out.push_back(static_cast<char>(0xF0 | (code >> 18)));
      out.push_back(static_cast<char>(0x80 | ((code >> 12) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
    }
  }
  return out;
}

HostList parse_host_list(std::string_view content, std::string_view source, std::size_t max_targets)
{
  HostList list;
  util::Expected<std::string> text = as_text(content);
  if (!text) {
    list.errors.emplace_back(std::string(source), 0, text.error().message);
    return list;
  }
  int line_number = 0;
  for (std::string_view line : split(*text, '\n')) {
    ++line_number;
    if (!line.empty() && line.back() == '\r') {
      line.remove_suffix(1);
    }
    const std::size_t hash = line.find('#');
    const std::string_view content_part = trim(hash == std::string_view::npos ? line : line.substr(0, hash));
    if (content_part.empty() && line.size() <= k_max_host_line) {
      continue;
    }
    util::Expected<std::vector<Target>> targets = read_line(line, content_part, max_targets);
    if (!targets) {
      list.errors.emplace_back(std::string(source), line_number, targets.error().message + " (line skipped)");
      continue;
    }
    for (Target& one : *targets) {
      one.origin = std::string(source) + ":" + std::to_string(line_number);
      list.targets.push_back(std::move(one));
    }
  }
  return list;
}

} // namespace smsscan::target
