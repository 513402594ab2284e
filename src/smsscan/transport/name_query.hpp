// The NetBIOS name service packets smsscan sends a WINS server (RFC 1002):
// a name query request for NAME<20> (the server service), unicast with
// recursion desired, and the server's answer: the addresses (positive), a
// refusal (negative, e.g. "no such name"), or a WACK (wait, an answer follows
// within its TTL). Pure byte encoding and decoding; the exchange itself is
// in name_resolver.cpp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace smsscan::transport {

constexpr std::uint16_t k_netbios_name_port = 137;
constexpr std::uint8_t k_server_service = 0x20;

// The first-level encoding of a NetBIOS name (RFC 1001 14.1) as a question
// name: length byte 32, 32 letters 'A'-'P' for the 16 bytes (name upper-cased
// and padded with spaces to 15, then the type), and the empty scope.
std::vector<std::uint8_t> encode_netbios_name(std::string_view name, std::uint8_t type);

// A name query request with transaction id `id`.
std::vector<std::uint8_t> encode_name_query(std::uint16_t id, std::string_view name,
                                            std::uint8_t type = k_server_service);

struct NameQueryAnswer
{
  enum class Kind {
    unrelated, // not a response to this query (another id, a request, garbage)
    positive,  // addresses found
    negative,  // the server says no (rcode: 3 = the name does not exist)
    wait,      // WACK: the answer follows within wait_seconds
  } kind = Kind::unrelated;
  std::vector<std::string> addresses; // dotted IPv4, positive only
  int rcode = 0;
  std::uint32_t wait_seconds = 0;
};

// Decodes a datagram received after sending query id `id`.
NameQueryAnswer decode_name_query_answer(const std::uint8_t* data, std::size_t size, std::uint16_t id);

// "the name does not exist" for rcode 3, "format error" for 1, ...
std::string name_query_rcode_text(int rcode);

} // namespace smsscan::transport
