// The message codec of the worker component: a request or reply is a flat
// byte string of fields written in order by Writer and read back in the same
// order by Reader. Numbers are in host byte order (both ends are the same
// program on the same machine); strings and byte blocks carry a 32-bit length.
// A Reader never reads past its message: a short or garbled message makes
// ok() false and every later field zero or empty.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace smsscan::worker {

class Writer
{
public:
  void u8(std::uint8_t value) { m_data.push_back(value); }
  void u32(std::uint32_t value) { raw(&value, sizeof value); }
  void u64(std::uint64_t value) { raw(&value, sizeof value); }
  void i64(std::int64_t value) { raw(&value, sizeof value); }
  void boolean(bool value) { u8(value ? 1 : 0); }
  // A length-prefixed string (or byte block, see Reader::bytes).
  void str(std::string_view text);
  // Bytes without a length: the reader takes them with Reader::rest().
  void raw(const void* data, std::size_t size);

  const std::vector<std::uint8_t>& data() const { return m_data; }
  std::size_t size() const { return m_data.size(); }
  // Overwrites the buffer (it may hold a password) before it is freed.
  void wipe();

private:
  std::vector<std::uint8_t> m_data;
};

class Reader
{
public:
  Reader(const std::uint8_t* data, std::size_t size) : m_data(data), m_left(size) {}
  explicit Reader(const std::vector<std::uint8_t>& message) : Reader(message.data(), message.size()) {}

  // False once a field did not fit in what was left of the message.
  bool ok() const { return m_ok; }
  // True when every byte was read and nothing went wrong.
  bool done() const { return m_ok && m_left == 0; }

  std::uint8_t u8() { return value<std::uint8_t>(); }
  std::uint32_t u32() { return value<std::uint32_t>(); }
  std::uint64_t u64() { return value<std::uint64_t>(); }
  std::int64_t i64() { return value<std::int64_t>(); }
  bool boolean() { return u8() != 0; }
  std::string str();
  // What is left of the message (raw bytes written last); consumes it.
  std::string_view rest();

private:
  bool take(void* out, std::size_t size);

  template <typename T>
  T value()
  {
    T result{};
    take(&result, sizeof result);
    return result;
  }

  const std::uint8_t* m_data;
  std::size_t m_left;
  bool m_ok = true;
};

// Overwrites a string's characters, then empties it (for passwords).
void wipe(std::string& text);

} // namespace smsscan::worker
