#include "smsscan/transport/samba/protocol.hpp"

namespace smsscan::transport::samba {

using worker::Reader;
using worker::Writer;

namespace {

Writer start(Op op)
{
  Writer out;
  out.u8(static_cast<std::uint8_t>(op));
  return out;
}

} // namespace

Writer encode(const BeginRequest& request)
{
  Writer out = start(Op::begin);
  out.str(request.host);
  out.str(request.address);
  out.str(request.netbios_name);
  out.str(request.tried);
  out.u32(request.port);
  out.u32(request.timeout_ms);
  out.boolean(request.has_credentials);
  out.str(request.domain);
  out.str(request.user);
  out.str(request.password);
  return out;
}

Writer encode(const OpenRequest& request)
{
  Writer out = start(Op::open);
  out.str(request.share);
  out.str(request.folder);
  out.str(request.name);
  return out;
}

Writer encode(const InspectRequest& request)
{
  Writer out = start(Op::inspect);
  out.str(request.share);
  out.str(request.folder);
  out.u32(static_cast<std::uint32_t>(request.names.size()));
  for (const std::string& name : request.names) {
    out.str(name);
  }
  out.u32(request.time_left_ms);
  return out;
}

Writer encode(const ReadRequest& request)
{
  Writer out = start(Op::read);
  out.u32(request.handle);
  out.u64(request.offset);
  out.u32(request.length);
  return out;
}

Writer encode(const CloseRequest& request)
{
  Writer out = start(Op::close);
  out.u32(request.handle);
  return out;
}

bool decode(Reader& in, BeginRequest& request)
{
  request.host = in.str();
  request.address = in.str();
  request.netbios_name = in.str();
  request.tried = in.str();
  const std::uint32_t port = in.u32();
  request.port = static_cast<std::uint16_t>(port);
  request.timeout_ms = in.u32();
  request.has_credentials = in.boolean();
  request.domain = in.str();
  request.user = in.str();
  request.password = in.str();
  return in.done() && port <= 0xffff;
}

bool decode(Reader& in, OpenRequest& request)
{
  request.share = in.str();
  request.folder = in.str();
  request.name = in.str();
  return in.done();
}

bool decode(Reader& in, ReadRequest& request)
{
  request.handle = in.u32();
  request.offset = in.u64();
  request.length = in.u32();
  return in.done() && request.length <= k_max_read_chunk;
}

bool decode(Reader& in, CloseRequest& request)
{
  request.handle = in.u32();
  return in.done();
}

void encode(Writer& out, const OpenReply& reply)
{
  out.u8(static_cast<std::uint8_t>(reply.status));
  out.str(reply.detail);
  out.u32(reply.handle);
  out.u64(reply.size);
  out.i64(reply.mtime);
  out.str(reply.actual_name);
  out.str(reply.address);
  out.u32(reply.port);
}

void encode(Writer& out, const InspectReply& reply)
{
  out.u32(static_cast<std::uint32_t>(reply.files.size()));
  for (const InspectedFile& file : reply.files) {
    out.u8(static_cast<std::uint8_t>(file.status));
    out.str(file.detail);
    out.str(file.inspection);
  }
  out.str(reply.address);
  out.u32(reply.port);
}

bool decode(Reader& in, InspectRequest& request)
{
  request.share = in.str();
  request.folder = in.str();
  const std::uint32_t count = in.u32();
  if (!in.ok() || count > 4096) {
    return false;
  }
  request.names.clear();
  for (std::uint32_t i = 0; i < count && in.ok(); ++i) {
    request.names.push_back(in.str());
  }
  request.time_left_ms = in.u32();
  return in.done();
}

bool decode(Reader& in, InspectReply& reply)
{
  const std::uint32_t count = in.u32();
  if (!in.ok() || count > 4096) {
    return false;
  }
  reply.files.clear();
  for (std::uint32_t i = 0; i < count && in.ok(); ++i) {
    InspectedFile file;
    const std::uint8_t status = in.u8();
    file.detail = in.str();
    file.inspection = in.str();
    if (status > static_cast<std::uint8_t>(k_last_open_status)) {
      return false;
    }
    file.status = static_cast<OpenStatus>(status);
    reply.files.push_back(std::move(file));
  }
  reply.address = in.str();
  const std::uint32_t port = in.u32();
  if (!in.done() || port > 0xffff) {
    return false;
  }
  reply.port = static_cast<std::uint16_t>(port);
  return true;
}

void encode_read_ok(Writer& out, const std::uint8_t* data, std::size_t size)
{
  out.u8(0);
  out.raw(data, size);
}

void encode_read_failed(Writer& out, std::string_view detail)
{
  out.u8(1);
  out.str(detail);
}

bool decode(Reader& in, OpenReply& reply)
{
  const std::uint8_t status = in.u8();
  reply.detail = in.str();
  reply.handle = in.u32();
  reply.size = in.u64();
  reply.mtime = in.i64();
  reply.actual_name = in.str();
  reply.address = in.str();
  const std::uint32_t port = in.u32();
  reply.port = static_cast<std::uint16_t>(port);
  if (!in.done() || status > static_cast<std::uint8_t>(k_last_open_status) || port > 0xffff) {
    return false;
  }
  reply.status = static_cast<OpenStatus>(status);
  return true;
}

bool decode(Reader& in, ReadReply& reply)
{
  const std::uint8_t failed = in.u8();
  if (!in.ok() || failed > 1) {
    return false;
  }
  reply.ok = failed == 0;
  if (reply.ok) {
    reply.data = in.rest();
    return true;
  }
  reply.detail = in.str();
  return in.done();
}

} // namespace smsscan::transport::samba
