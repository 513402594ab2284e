#include "smsscan/worker/codec.hpp"

#include <cstring>

namespace smsscan::worker {

void Writer::str(std::string_view text)
{
  u32(static_cast<std::uint32_t>(text.size()));
  raw(text.data(), text.size());
}

void Writer::raw(const void* data, std::size_t size)
{
  if (size == 0) {
    return;
  }
  const auto* bytes = static_cast<const std::uint8_t*>(data);
  m_data.insert(m_data.end(), bytes, bytes + size);
}

void Writer::wipe()
{
  volatile std::uint8_t* p = m_data.data();
  for (std::size_t i = 0; i < m_data.size(); ++i) {
    p[i] = 0;
  }
}

std::string Reader::str()
{
  const std::uint32_t size = u32();
  if (!m_ok || size > m_left) {
    m_ok = false;
    return {};
  }
  std::string text(reinterpret_cast<const char*>(m_data), size);
  m_data += size;
  m_left -= size;
  return text;
}

std::string_view Reader::rest()
{
  if (!m_ok) {
    return {};
  }
  const std::string_view bytes(reinterpret_cast<const char*>(m_data), m_left);
  m_data += m_left;
  m_left = 0;
  return bytes;
}

bool Reader::take(void* out, std::size_t size)
{
  if (!m_ok || size > m_left) {
    m_ok = false;
    return false;
  }
  std::memcpy(out, m_data, size);
  m_data += size;
  m_left -= size;
  return true;
}

void wipe(std::string& text)
{
  volatile char* p = text.data();
  for (std::size_t i = 0; i < text.size(); ++i) {
    p[i] = 0;
  }
  text.clear();
}

} // namespace smsscan::worker
