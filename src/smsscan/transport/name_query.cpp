#include "smsscan/transport/name_query.hpp"

namespace smsscan::transport {

namespace {

constexpr std::uint16_t k_type_nb = 0x0020;
constexpr std::uint16_t k_class_in = 0x0001;
constexpr std::uint16_t k_flag_response = 0x8000;
constexpr std::uint16_t k_flag_recursion_desired = 0x0100;
constexpr int k_opcode_query = 0;
constexpr int k_opcode_wack = 7;

void put16(std::vector<std::uint8_t>& out, std::uint16_t value)
{
  out.push_back(static_cast<std::uint8_t>(value >> 8));
  out.push_back(static_cast<std::uint8_t>(value & 0xff));
}

// Reads big-endian numbers from a datagram without passing its end.
class Cursor
{
public:
  Cursor(const std::uint8_t* data, std::size_t size) : m_data(data), m_size(size) {}
  bool ok() const { return m_ok; }
  std::uint16_t u16() { return static_cast<std::uint16_t>(take(2)); }
  std::uint32_t u32() { return take(4); }
  void skip(std::size_t count)
  {
    if (count > m_size - m_at) {
      m_ok = false;
      m_at = m_size;
    } else {
      m_at += count;
    }
  }
  // Skips a (possibly compressed) domain-style name.
  void skip_name()
  {
    for (int labels = 0; m_ok && labels < 64; ++labels) {
      if (m_at >= m_size) {
        m_ok = false;
        return;
      }
      const std::uint8_t length = m_data[m_at];
      if ((length & 0xc0) == 0xc0) { // a pointer ends the name
        skip(2);
        return;
      }
      skip(1u + length);
      if (length == 0) {
        return;
      }
    }
    m_ok = false;
  }
  const std::uint8_t* here() const { return m_data + m_at; }
  std::size_t left() const { return m_size - m_at; }

private:
  std::uint32_t take(std::size_t count)
  {
    if (!m_ok || count > m_size - m_at) {
      m_ok = false;
      return 0;
    }
    std::uint32_t value = 0;
    for (std::size_t i = 0; i < count; ++i) {
      value = (value << 8) | m_data[m_at + i];
    }
    m_at += count;
    return value;
  }

  const std::uint8_t* m_data;
  std::size_t m_size;
  std::size_t m_at = 0;
  bool m_ok = true;
};

} // namespace

std::vector<std::uint8_t> encode_netbios_name(std::string_view name, std::uint8_t type)
{
  std::uint8_t raw[16];
  for (std::size_t i = 0; i < 15; ++i) {
    char c = i < name.size() ? name[i] : ' ';
    if (c >= 'a' && c <= 'z') {
      c = static_cast<char>(c - 'a' + 'A');
    }
    raw[i] = static_cast<std::uint8_t>(c);
  }
  raw[15] = type;
  std::vector<std::uint8_t> out;
  out.push_back(32);
  for (const std::uint8_t byte : raw) {
    out.push_back(static_cast<std::uint8_t>('A' + (byte >> 4)));
    out.push_back(static_cast<std::uint8_t>('A' + (byte & 15)));
  }
  out.push_back(0);
  return out;
}

std::vector<std::uint8_t> encode_name_query(std::uint16_t id, std::string_view name, std::uint8_t type)
{
  std::vector<std::uint8_t> out;
  put16(out, id);
  put16(out, k_flag_recursion_desired); // opcode query, unicast (B = 0)
  put16(out, 1);                        // one question
  put16(out, 0);
  put16(out, 0);
  put16(out, 0);
  const std::vector<std::uint8_t> encoded = encode_netbios_name(name, type);
  out.insert(out.end(), encoded.begin(), encoded.end());
  put16(out, k_type_nb);
  put16(out, k_class_in);
  return out;
}

NameQueryAnswer decode_name_query_answer(const std::uint8_t* data, std::size_t size, std::uint16_t id)
{
  NameQueryAnswer answer;
  Cursor in(data, size);
  const std::uint16_t got_id = in.u16();
  const std::uint16_t flags = in.u16();
  in.skip(2); // questions
  const std::uint16_t answers = in.u16();
  in.skip(4); // authority and additional records
  if (!in.ok() || got_id != id || (flags & k_flag_response) == 0) {
    return answer;
  }
  const int opcode = (flags >> 11) & 0xf;
  answer.rcode = flags & 0xf;
  if (opcode != k_opcode_query && opcode != k_opcode_wack) {
    return answer;
  }
  if (opcode == k_opcode_query && answer.rcode != 0) {
    answer.kind = NameQueryAnswer::Kind::negative;
    return answer;
  }
  if (answers == 0) {
    return answer;
  }
  in.skip_name();
  const std::uint16_t type = in.u16();
  in.skip(2); // class
  const std::uint32_t ttl = in.u32();
  const std::uint16_t length = in.u16();
  if (!in.ok() || length > in.left()) {
    return answer;
  }
  if (opcode == k_opcode_wack) {
    answer.kind = NameQueryAnswer::Kind::wait;
    answer.wait_seconds = ttl;
    return answer;
  }
  if (type != k_type_nb || length % 6 != 0 || length == 0) {
    return answer;
  }
  const std::uint8_t* entry = in.here();
  for (std::size_t at = 0; at < length; at += 6) {
    const std::uint8_t* ip = entry + at + 2; // after the NB flags
    answer.addresses.push_back(std::to_string(ip[0]) + "." + std::to_string(ip[1]) + "." + std::to_string(ip[2]) + "." +
                               std::to_string(ip[3]));
  }
  answer.kind = NameQueryAnswer::Kind::positive;
  return answer;
}

std::string name_query_rcode_text(int rcode)
{
  switch (rcode) {
  case 1:
    return "format error";
  case 2:
    return "server failure";
  case 3:
    return "the name does not exist";
  case 4:
    return "unsupported request";
  case 5:
    return "refused";
  default:
    return "error " + std::to_string(rcode);
  }
}

} // namespace smsscan::transport
