#include "smsscan/target/address_range.hpp"

#include "smsscan/util/text.hpp"

#include <cstdint>
#include <optional>

namespace smsscan::target {

namespace {

using util::Error;
using util::unexpected;

// "a.b.c.d" -> the address as a number; nullopt unless four decimal octets.
std::optional<std::uint32_t> parse_ipv4(std::string_view text)
{
  const auto parts = util::split(text, '.');
  if (parts.size() != 4) {
    return std::nullopt;
  }
  std::uint32_t address = 0;
  for (std::string_view part : parts) {
    const auto octet = util::parse_uint(part);
    if (!octet || *octet > 255 || part.size() > 3) {
      return std::nullopt;
    }
    address = (address << 8) | static_cast<std::uint32_t>(*octet);
  }
  return address;
}

std::string format_ipv4(std::uint32_t address)
{
  return std::to_string(address >> 24) + "." + std::to_string((address >> 16) & 255) + "." +
         std::to_string((address >> 8) & 255) + "." + std::to_string(address & 255);
}

std::string too_large(std::string_view text, std::uint64_t count, std::size_t max_addresses)
{
  return "\"" + std::string(text) + "\" has " + std::to_string(count) + " addresses, more than --max-targets " +
         std::to_string(max_addresses);
}

// First and last address of "a.b.c.d/n".
util::Expected<std::pair<std::uint32_t, std::uint32_t>> cidr_bounds(std::string_view text, std::size_t slash,
                                                                    std::size_t max_addresses)
{
  const auto base = parse_ipv4(text.substr(0, slash));
  const auto prefix = util::parse_uint(text.substr(slash + 1));
  if (!base || !prefix || *prefix > 32 || text.size() - slash - 1 > 2) {
    return unexpected(Error("\"" + std::string(text) + "\" is not a CIDR block (a.b.c.d/0-32)"));
  }
  const std::uint64_t size = std::uint64_t{1} << (32 - *prefix);
  const auto mask = static_cast<std::uint32_t>(~(size - 1));
  if ((*base & ~mask) != 0) {
    return unexpected(Error("\"" + std::string(text) + "\" has host bits set; the block starts at " +
                            format_ipv4(*base & mask) + "/" + std::to_string(*prefix)));
  }
  std::uint32_t first = *base;
  std::uint32_t last = *base + static_cast<std::uint32_t>(size - 1);
  if (size >= 4) { // network and broadcast addresses are no machines
    ++first;
    --last;
  }
  const std::uint64_t count = std::uint64_t{last} - first + 1;
  if (count > max_addresses) {
    return unexpected(Error(too_large(text, count, max_addresses)));
  }
  return std::make_pair(first, last);
}

// First and last address of "a.b.c.d-e".
util::Expected<std::pair<std::uint32_t, std::uint32_t>> octet_range_bounds(std::string_view text, std::size_t dash,
                                                                           std::size_t max_addresses)
{
  const auto first = parse_ipv4(text.substr(0, dash));
  const std::string_view end_text = text.substr(dash + 1);
  const auto end = util::parse_uint(end_text);
  if (!first || !end || end_text.size() > 3 || *end > 255) {
    return unexpected(Error("\"" + std::string(text) + "\" is not an address range (a.b.c.d-e, e up to 255)"));
  }
  if (*end < (*first & 255)) {
    return unexpected(Error("\"" + std::string(text) + "\" ends before it starts"));
  }
  const std::uint32_t last = (*first & ~std::uint32_t{255}) | static_cast<std::uint32_t>(*end);
  const std::uint64_t count = std::uint64_t{last} - *first + 1;
  if (count > max_addresses) {
    return unexpected(Error(too_large(text, count, max_addresses)));
  }
  return std::make_pair(*first, last);
}

} // namespace

bool looks_like_address_range(std::string_view text)
{
  text = util::trim(text);
  const std::size_t split = text.find_first_of("/-");
  return split != std::string_view::npos && split > 0 && parse_ipv4(text.substr(0, split)).has_value();
}

util::Expected<std::vector<std::string>> expand_address_range(std::string_view text, std::size_t max_addresses)
{
  text = util::trim(text);
  const std::size_t split = text.find_first_of("/-");
  if (split == std::string_view::npos || !looks_like_address_range(text)) {
    return unexpected(Error("\"" + std::string(text) + "\" is not an address range"));
  }
  const auto bounds =
    text[split] == '/' ? cidr_bounds(text, split, max_addresses) : octet_range_bounds(text, split, max_addresses);
  if (!bounds) {
    return unexpected(bounds.error());
  }
  std::vector<std::string> addresses;
  addresses.reserve(static_cast<std::size_t>(bounds->second - bounds->first) + 1);
  for (std::uint64_t address = bounds->first; address <= bounds->second; ++address) {
    addresses.push_back(format_ipv4(static_cast<std::uint32_t>(address)));
  }
  return addresses;
}

util::Expected<std::vector<Target>> parse_targets(std::string_view text, std::size_t max_addresses)
{
  if (!looks_like_address_range(text)) {
    util::Expected<Target> one = parse_target(text);
    if (!one) {
      return unexpected(one.error());
    }
    return std::vector<Target>{std::move(*one)};
  }
  util::Expected<std::vector<std::string>> addresses = expand_address_range(text, max_addresses);
  if (!addresses) {
    return unexpected(addresses.error());
  }
  std::vector<Target> targets;
  targets.reserve(addresses->size());
  for (std::string& address : *addresses) {
    Target target;
    target.kind = Target::Kind::smb;
    target.text = address;
    target.host = std::move(address);
    targets.push_back(std::move(target));
  }
  return targets;
}

} // namespace smsscan::target
