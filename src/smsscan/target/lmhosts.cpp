#include "smsscan/target/lmhosts.hpp"

#include "smsscan/util/expected.hpp"
#include "smsscan/util/text.hpp"
#include "smsscan/util/utf8.hpp"

#include <arpa/inet.h>

namespace smsscan::target {

namespace {

constexpr std::size_t k_max_name = 15;

bool is_ipv4(const std::string& text)
{
  unsigned char scratch[4];
  return ::inet_pton(AF_INET, text.c_str(), scratch) == 1;
}

struct ParsedName
{
  std::string name;
  int type = -1; // -1: none given
  std::string_view rest;
};

// A quoted name: "NAME" or "NAME     \0x20" (padded to 15, then the type).
util::Expected<ParsedName> quoted_name(std::string_view text)
{
  const std::size_t close = text.find('"', 1);
  if (close == std::string_view::npos) {
    return util::unexpected(util::Error("missing '\"' after the quoted name"));
  }
  std::string_view inside = text.substr(1, close - 1);
  ParsedName parsed;
  parsed.rest = text.substr(close + 1);
  const std::size_t escape = inside.find("\\0x");
  if (escape != std::string_view::npos) {
    const std::string_view hex = inside.substr(escape + 3);
    if (hex.size() != 2 || hex.find_first_not_of("0123456789abcdefABCDEF") != std::string_view::npos) {
      return util::unexpected(util::Error("the name type must be \\0x followed by two hex digits"));
    }
    parsed.type = std::stoi(std::string(hex), nullptr, 16);
    inside = inside.substr(0, escape);
  }
  while (!inside.empty() && inside.back() == ' ') {
    inside.remove_suffix(1);
  }
  parsed.name = std::string(inside);
  return parsed;
}

util::Expected<ParsedName> name_field(std::string_view text)
{
  if (!text.empty() && text.front() == '"') {
    return quoted_name(text);
  }
  const std::size_t end = text.find_first_of(" \t");
  ParsedName parsed;
  parsed.name = std::string(text.substr(0, end));
  parsed.rest = end == std::string_view::npos ? std::string_view() : text.substr(end);
  return parsed;
}

// What is wrong with a line, or "" when it gave an entry (or nothing).
std::string read_line(std::string_view line, int number, Lmhosts& out)
{
  const std::string_view text = util::trim(line);
  if (text.empty()) {
    return {};
  }
  if (text.front() == '#') {
    const std::string upper = util::to_upper(text.substr(0, 16));
    if (util::starts_with(upper, "#INCLUDE") || util::starts_with(upper, "#BEGIN_ALTERNATE") ||
        util::starts_with(upper, "#END_ALTERNATE")) {
      return "#INCLUDE and alternate blocks are not followed";
    }
    return {}; // a comment
  }
  const std::size_t gap = text.find_first_of(" \t");
  if (gap == std::string_view::npos) {
    return "an address without a name";
  }
  const std::string address(text.substr(0, gap));
  if (!is_ipv4(address)) {
    return "\"" + address + "\" is not an IPv4 address";
  }
  util::Expected<ParsedName> parsed = name_field(util::trim(text.substr(gap)));
  if (!parsed) {
    return parsed.error().message;
  }
  if (parsed->name.empty() || parsed->name.front() == '#') {
    return "an address without a name";
  }
  if (parsed->name.size() > k_max_name) {
    return "the NetBIOS name \"" + parsed->name + "\" is longer than 15 characters";
  }
  const std::string_view rest = util::trim(parsed->rest);
  if (!rest.empty() && rest.front() != '#') {
    return "unexpected text after the name";
  }
  if (parsed->type != -1 && parsed->type != 0x20) {
    return {}; // another service's name (a domain controller's 0x1C, ...): not a server name
  }
  out.entries.push_back({util::to_upper(parsed->name), address, number});
  return {};
}

} // namespace

std::optional<std::string> Lmhosts::find(std::string_view name) const
{
  for (const LmhostsEntry& entry : entries) {
    if (util::iequals(entry.name, name)) {
      return entry.address;
    }
  }
  return std::nullopt;
}

Lmhosts parse_lmhosts(std::string_view content, std::string_view source)
{
  Lmhosts result;
  int number = 0;
  for (std::string_view raw : util::split(content, '\n')) {
    ++number;
    std::string_view line = raw;
    if (!line.empty() && line.back() == '\r') {
      line.remove_suffix(1);
    }
    const std::string problem = read_line(line, number, result);
    if (!problem.empty()) {
      result.errors.emplace_back(std::string(source), number,
                                 problem + ": \"" + util::printable(line) + "\" (line skipped)");
    }
  }
  return result;
}

} // namespace smsscan::target
