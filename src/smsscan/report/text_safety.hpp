// Making untrusted text safe for each output format. Everything a scanned
// machine supplied (file names, version strings, error texts) passes here.
// (Control characters and invalid UTF-8 for the terminal: util::printable.)
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace smsscan::report {

// One RFC 4180 field: util::printable(), then a leading = + - @ gets a
// leading apostrophe (tabs and CRs are already '?'), then quoted if it
// holds a comma, quote or line break.
std::string csv_field(std::string_view text);

// The fields joined with commas, each through csv_field (no line break).
std::string csv_line(const std::vector<std::string>& fields);

// Text for HTML, in element content and in quoted attribute values alike:
// util::printable(), then & < > " ' as character references.
std::string html_text(std::string_view text);

// A JSON string literal (with quotes); invalid UTF-8 becomes U+FFFD and
// control characters \u escapes.
std::string json_string(std::string_view text);

} // namespace smsscan::report
