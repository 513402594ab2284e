// UTF-8 validation: the one validator behind every place that must not pass
// malformed text on (reports, imported manifests).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace smsscan::util {

// Length (1-4) of the well-formed UTF-8 sequence starting at text[at], or 0
// when the bytes there are not one (overlong forms, surrogates, code points
// past U+10FFFF and truncated sequences included). at must be < text.size().
std::size_t utf8_sequence_length(std::string_view text, std::size_t at);

// True for ASCII control characters (C0 and DEL) and, given the sequence
// length at text[at], for the C1 controls U+0080..U+009F.
bool is_control_sequence(std::string_view text, std::size_t at, std::size_t length);

// Copies text, replacing each byte that starts no well-formed sequence with
// `invalid` and each control character (C0, DEL, C1) with `control`.
std::string sanitise_utf8(std::string_view text, char invalid, char control);

// Text fit for a terminal or a report: control characters (C0, DEL, C1) and
// invalid UTF-8 replaced with '?'.
std::string printable(std::string_view text);

} // namespace smsscan::util
