// The requests the libsmbclient transport's scanner side sends its worker
// (smbclient_handler runs them) and the replies, over the worker component's
// codec. One session: BEGIN once, then OPEN / READ / CLOSE in any order; the
// component's reset ends it.
#pragma once

#include "smsscan/transport/transport.hpp"
#include "smsscan/worker/codec.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace smsscan::transport::samba {

enum class Op : std::uint8_t {
  begin = 1,   // BeginRequest; no reply (failures surface at the first open)
  open = 2,    // OpenRequest -> OpenReply
  read = 3,    // ReadRequest -> ReadReply
  close = 4,   // CloseRequest; no reply
  inspect = 5, // InspectRequest -> InspectReply: each file opened, inspected, closed
};

// The data bytes of one READ reply at most (a message stays under
// worker::k_max_message).
constexpr std::size_t k_max_read_chunk = 60 * 1024;

struct BeginRequest
{
  std::string host;             // as the target gave it, for details
  std::string address;          // found by the NetBIOS lookup; empty: the worker resolves host (DNS)
  std::string netbios_name;     // the machine's NetBIOS name, when the lookup found it
  std::string tried;            // what the NetBIOS lookup tried, when it found nothing
  std::uint16_t port = 0;       // 0 = 445, then 139 when 445 refuses or does not answer
  std::uint32_t timeout_ms = 0; // per operation
  bool has_credentials = false; // false: anonymous
  std::string domain;
  std::string user;
  std::string password;
};

struct OpenRequest
{
  std::string share;
  std::string folder; // backslash-separated, may be empty
  std::string name;
};

struct OpenReply
{
  OpenStatus status = OpenStatus::error;
  std::string detail;
  std::uint32_t handle = 0;
  std::uint64_t size = 0;
  std::int64_t mtime = 0; // 0 = unknown
  std::string actual_name;
  std::string address;    // the machine's address, once resolved
  std::uint16_t port = 0; // the port that answered; 0 = none yet
};

// The files of one folder, inspected in one exchange.
struct InspectRequest
{
  std::string share;
  std::string folder;
  std::vector<std::string> names;
  std::uint32_t time_left_ms = 0; // no file is begun after this: the rest answer unreachable
};

struct InspectedFile
{
  OpenStatus status = OpenStatus::error;
  std::string detail;
  std::string inspection; // the inspector's result, when ok
};

struct InspectReply
{
  std::vector<InspectedFile> files; // one per name, in order
  std::string address;              // as OpenReply's
  std::uint16_t port = 0;
};

struct ReadRequest
{
  std::uint32_t handle = 0;
  std::uint64_t offset = 0;
  std::uint32_t length = 0; // at most k_max_read_chunk
};

struct ReadReply
{
  bool ok = false;
  std::string detail;    // why not, when !ok
  std::string_view data; // the bytes, when ok (points into the message read)
};

struct CloseRequest
{
  std::uint32_t handle = 0;
};

// Each encode writes the op byte, then the fields. Each decode reads what
// follows the op byte and returns false for a short or garbled message.
worker::Writer encode(const BeginRequest& request);
worker::Writer encode(const OpenRequest& request);
worker::Writer encode(const InspectRequest& request);
worker::Writer encode(const ReadRequest& request);
worker::Writer encode(const CloseRequest& request);
bool decode(worker::Reader& in, BeginRequest& request);
bool decode(worker::Reader& in, OpenRequest& request);
bool decode(worker::Reader& in, ReadRequest& request);
bool decode(worker::Reader& in, CloseRequest& request);
bool decode(worker::Reader& in, InspectRequest& request);

// Replies carry no op byte.
void encode(worker::Writer& out, const OpenReply& reply);
void encode(worker::Writer& out, const InspectReply& reply);
void encode_read_ok(worker::Writer& out, const std::uint8_t* data, std::size_t size);
void encode_read_failed(worker::Writer& out, std::string_view detail);
bool decode(worker::Reader& in, OpenReply& reply);
bool decode(worker::Reader& in, InspectReply& reply);
bool decode(worker::Reader& in, ReadReply& reply);

} // namespace smsscan::transport::samba
