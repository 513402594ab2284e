// NetBIOS name service packets (RFC 1001/1002): the query a WINS server gets
// and the answers it gives, byte for byte.
#include "smsscan/transport/name_query.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace smsscan::transport;

namespace {

// A response header: id, flags, 0 questions, `answers` answers.
std::vector<std::uint8_t> header(std::uint16_t id, std::uint16_t flags, std::uint16_t answers)
{
  return {static_cast<std::uint8_t>(id >> 8),
          static_cast<std::uint8_t>(id & 0xff),
          static_cast<std::uint8_t>(flags >> 8),
          static_cast<std::uint8_t>(flags & 0xff),
          0,
          0,
          static_cast<std::uint8_t>(answers >> 8),
          static_cast<std::uint8_t>(answers & 0xff),
          0,
          0,
          0,
          0};
}

// A resource record for NAME<20> with the given type, TTL and data.
void append_record(std::vector<std::uint8_t>& packet, std::uint16_t type, std::uint32_t ttl,
                   const std::vector<std::uint8_t>& data)
{
  const auto name = encode_netbios_name("PC042", 0x20);
  packet.insert(packet.end(), name.begin(), name.end());
  packet.insert(packet.end(), {static_cast<std::uint8_t>(type >> 8), static_cast<std::uint8_t>(type), 0, 1});
  for (int shift = 24; shift >= 0; shift -= 8) {
    packet.push_back(static_cast<std::uint8_t>(ttl >> shift));
  }
  packet.push_back(static_cast<std::uint8_t>(data.size() >> 8));
  packet.push_back(static_cast<std::uint8_t>(data.size()));
  packet.insert(packet.end(), data.begin(), data.end());
}

} // namespace

TEST_CASE("name query: the first-level encoding of RFC 1001's example and of a server name")
{
  // RFC 1001 14.1: "FRED" padded with spaces, type 0x20.
  const auto fred = encode_netbios_name("FRED", 0x20);
  REQUIRE(fred.size() == 34);
  CHECK(fred.front() == 32);
  CHECK(fred.back() == 0);
  CHECK(std::string(fred.begin() + 1, fred.end() - 1) == "EGFCEFEECACACACACACACACACACACACA");
  // The type is the 16th byte: 0x00 (the workstation service) ends in "AA".
  const auto workstation = encode_netbios_name("FRED", 0x00);
  CHECK(std::string(workstation.end() - 3, workstation.end() - 1) == "AA");
  // Lower case is sent upper case.
  CHECK(encode_netbios_name("pc042", 0x20) == encode_netbios_name("PC042", 0x20));
}

TEST_CASE("name query: a unicast query with recursion desired for NAME<20>")
{
  const auto query = encode_name_query(0x1234, "PC042");
  REQUIRE(query.size() == 12 + 34 + 4);
  CHECK(query[0] == 0x12);
  CHECK(query[1] == 0x34);
  CHECK(query[2] == 0x01); // RD, opcode 0, not broadcast
  CHECK(query[3] == 0x00);
  CHECK(query[5] == 1); // one question
  CHECK(query[12 + 34] == 0x00);
  CHECK(query[12 + 35] == 0x20); // NB
  CHECK(query[12 + 37] == 0x01); // IN
}

TEST_CASE("name query: a positive answer gives every address")
{
  auto packet = header(7, 0x8500, 1); // response, authoritative, RD
  append_record(packet, 0x0020, 0, {0x00, 0x00, 10, 1, 2, 3, 0x60, 0x00, 10, 1, 2, 4});
  const NameQueryAnswer answer = decode_name_query_answer(packet.data(), packet.size(), 7);
  CHECK(answer.kind == NameQueryAnswer::Kind::positive);
  CHECK(answer.addresses == std::vector<std::string>{"10.1.2.3", "10.1.2.4"});
}

TEST_CASE("name query: negative answers, WACKs and what is not an answer")
{
  const auto negative = header(7, 0x8583, 0); // rcode 3
  const NameQueryAnswer no = decode_name_query_answer(negative.data(), negative.size(), 7);
  CHECK(no.kind == NameQueryAnswer::Kind::negative);
  CHECK(no.rcode == 3);
  CHECK(name_query_rcode_text(3) == "the name does not exist");

  auto wack = header(7, 0xbc00, 1); // response, opcode 7
  append_record(wack, 0x0020, 5, {0x00, 0x00});
  const NameQueryAnswer wait = decode_name_query_answer(wack.data(), wack.size(), 7);
  CHECK(wait.kind == NameQueryAnswer::Kind::wait);
  CHECK(wait.wait_seconds == 5);

  auto other_id = header(8, 0x8500, 1);
  append_record(other_id, 0x0020, 0, {0, 0, 10, 1, 2, 3});
  CHECK(decode_name_query_answer(other_id.data(), other_id.size(), 7).kind == NameQueryAnswer::Kind::unrelated);

  const auto request = encode_name_query(7, "PC042"); // a query, not a response
  CHECK(decode_name_query_answer(request.data(), request.size(), 7).kind == NameQueryAnswer::Kind::unrelated);

  auto positive = header(7, 0x8500, 1);
  append_record(positive, 0x0020, 0, {0, 0, 10, 1, 2, 3});
  for (std::size_t size = 0; size < positive.size(); ++size) {
    CAPTURE(size);
    CHECK(decode_name_query_answer(positive.data(), size, 7).kind == NameQueryAnswer::Kind::unrelated);
  }
  auto odd = header(7, 0x8500, 1);
  append_record(odd, 0x0020, 0, {0, 0, 10, 1, 2}); // not a whole entry
  CHECK(decode_name_query_answer(odd.data(), odd.size(), 7).kind == NameQueryAnswer::Kind::unrelated);
}
