// Small string helpers shared by the parsers (ASCII only, locale independent).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace smsscan::util {

std::string to_lower(std::string_view text);
std::string to_upper(std::string_view text);
bool iequals(std::string_view a, std::string_view b);
std::string_view trim(std::string_view text);
std::vector<std::string_view> split(std::string_view text, char separator);
bool starts_with(std::string_view text, std::string_view prefix);
bool ends_with(std::string_view text, std::string_view suffix);
std::string join(const std::vector<std::string>& parts, std::string_view separator);

// Parses a whole string of decimal digits (no sign, no spaces) into an
// unsigned 64-bit number; nullopt on anything else or on overflow.
std::optional<std::uint64_t> parse_uint(std::string_view text);

// The one wording of a time-out, for the transports, the scan engine and
// the account query: "timed out after 30 s" (fractions kept: "after 0.5 s").
std::string timed_out_message(std::chrono::milliseconds timeout);

} // namespace smsscan::util
