#include "smsscan/report/text_safety.hpp"

#include "smsscan/util/utf8.hpp"

#include <cstdio>

namespace smsscan::report {

std::string csv_field(std::string_view text)
{
  // Tabs and carriage returns are control characters and become '?', so only
  // the formula triggers remain to neutralise.
  std::string value = util::printable(text);
  if (!value.empty() && (value[0] == '=' || value[0] == '+' || value[0] == '-' || value[0] == '@')) {
    value.insert(value.begin(), '\'');
  }
  if (value.find_first_of(",\"\r\n") == std::string::npos) {
    return value;
  }
  std::string quoted = "\"";
  for (const char c : value) {
    if (c == '"') {
      quoted += "\"\"";
    } else {
      quoted.push_back(c);
    }
  }
  quoted.push_back('"');
  return quoted;
}

std::string csv_line(const std::vector<std::string>& fields)
{
  std::string line;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) {
      line.push_back(',');
    }
    line += csv_field(fields[i]);
  }
  return line;
}

std::string html_text(std::string_view text)
{
  std::string out;
  for (const char c : util::printable(text)) {
    switch (c) {
    case '&':
      out += "&amp;";
      break;
    case '<':
      out += "&lt;";
      break;
    case '>':
      out += "&gt;";
      break;
    case '"':
      out += "&quot;";
      break;
    case '\'':
      out += "&#39;";
      break;
    default:
      out.push_back(c);
    }
  }
  return out;
}

std::string json_string(std::string_view text)
{
  std::string out = "\"";
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t length = util::utf8_sequence_length(text, i);
    if (length == 0) {
      out += "\\ufffd";
      ++i;
      continue;
    }
    const auto c = static_cast<unsigned char>(text[i]);
    if (length > 1) {
      out.append(text.substr(i, length));
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\\') {
      out += "\\\\";
    } else if (c < 0x20 || c == 0x7f) {
      char buffer[8];
      std::snprintf(buffer, sizeof(buffer), "\\u%04x", c);
      out += buffer;
    } else {
      out.push_back(static_cast<char>(c));
    }
    i += length;
  }
  out.push_back('"');
  return out;
}

} // namespace smsscan::report
