// The worker component's message codec: fields come back as written, and a
// short or garbled message is refused instead of read past its end.
#include "smsscan/worker/codec.hpp"

#include <doctest/doctest.h>

#include <cstdint>
#include <limits>
#include <string>

using smsscan::worker::Reader;
using smsscan::worker::Writer;

TEST_CASE("codec: every field type round-trips in order")
{
  Writer out;
  out.u8(0xab);
  out.u32(0xdeadbeef);
  out.u64(std::numeric_limits<std::uint64_t>::max() - 1);
  out.i64(-1234567890123LL);
  out.boolean(true);
  out.str("ADMIN$");
  out.str("");
  out.str(std::string("a\0b", 3));
  const std::string tail = "raw bytes at the end";
  out.raw(tail.data(), tail.size());

  Reader in(out.data());
  CHECK(in.u8() == 0xab);
  CHECK(in.u32() == 0xdeadbeef);
  CHECK(in.u64() == std::numeric_limits<std::uint64_t>::max() - 1);
  CHECK(in.i64() == -1234567890123LL);
  CHECK(in.boolean());
  CHECK(in.str() == "ADMIN$");
  CHECK(in.str().empty());
  CHECK(in.str() == std::string("a\0b", 3));
  CHECK(in.ok());
  CHECK_FALSE(in.done());
  CHECK(in.rest() == tail);
  CHECK(in.done());
}

TEST_CASE("codec: a number cut short fails and stays failed")
{
  Writer out;
  out.u32(7);
  const auto& bytes = out.data();
  Reader in(bytes.data(), bytes.size() - 1);
  CHECK(in.u32() == 0);
  CHECK_FALSE(in.ok());
  CHECK(in.u8() == 0); // nothing more is read once failed
  CHECK(in.str().empty());
  CHECK(in.rest().empty());
  CHECK_FALSE(in.done());
}

TEST_CASE("codec: a string whose length runs past the message fails")
{
  Writer out;
  out.u32(100); // claims 100 bytes
  out.raw("short", 5);
  Reader in(out.data());
  CHECK(in.str().empty());
  CHECK_FALSE(in.ok());
}

TEST_CASE("codec: every truncation of a message is detected")
{
  Writer out;
  out.u8(1);
  out.str("share");
  out.u64(42);
  out.str("name.dll");
  const auto& full = out.data();
  for (std::size_t size = 0; size < full.size(); ++size) {
    Reader in(full.data(), size);
    in.u8();
    in.str();
    in.u64();
    in.str();
    CHECK_MESSAGE(!in.done(), "a message cut to " << size << " bytes was accepted");
  }
  Reader whole(full);
  whole.u8();
  CHECK(whole.str() == "share");
  CHECK(whole.u64() == 42);
  CHECK(whole.str() == "name.dll");
  CHECK(whole.done());
}

TEST_CASE("codec: wipe clears a password from a message and from a string")
{
  Writer out;
  out.str("P@ssw0rd");
  out.wipe();
  for (const std::uint8_t byte : out.data()) {
    CHECK(byte == 0);
  }
  std::string password = "P@ssw0rd";
  smsscan::worker::wipe(password);
  CHECK(password.empty());
}
