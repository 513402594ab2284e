#include "smsscan/util/utf8.hpp"

#include <cstdint>

namespace smsscan::util {

std::size_t utf8_sequence_length(std::string_view text, std::size_t at)
{
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(at);
  std::size_t length = 0;
  std::uint32_t code = 0;
  if (lead < 0x80) {
    return 1;
  }
  if ((lead & 0xe0) == 0xc0) {
    length = 2;
    code = lead & 0x1fu;
  } else if ((lead & 0xf0) == 0xe0) {
    length = 3;
    code = lead & 0x0fu;
  } else if ((lead & 0xf8) == 0xf0) {
    length = 4;
    code = lead & 0x07u;
  } else {
    return 0;
  }
  if (at + length > text.size()) {
    return 0;
  }
  for (std::size_t k = 1; k < length; ++k) {
    if ((byte(at + k) & 0xc0) != 0x80) {
      return 0;
    }
    code = (code << 6) | (byte(at + k) & 0x3fu);
  }
  const std::uint32_t minimum[] = {0, 0, 0x80, 0x800, 0x10000};
  if (code < minimum[length] || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
    return 0;
  }
  return length;
}

bool is_control_sequence(std::string_view text, std::size_t at, std::size_t length)
{
  const auto lead = static_cast<unsigned char>(text[at]);
  if (length == 1) {
    return lead < 0x20 || lead == 0x7f;
  }
  return length == 2 && lead == 0xc2 && static_cast<unsigned char>(text[at + 1]) < 0xa0;
}

std::string sanitise_utf8(std::string_view text, char invalid, char control)
{
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t length = utf8_sequence_length(text, i);
    if (length == 0) {
      out.push_back(invalid);
      ++i;
      continue;
    }
    if (is_control_sequence(text, i, length)) {
      out.push_back(control);
    } else {
      out.append(text.substr(i, length));
    }
    i += length;
  }
  return out;
}

std::string printable(std::string_view text)
{
  return sanitise_utf8(text, '?', '?');
}

} // namespace smsscan::util
