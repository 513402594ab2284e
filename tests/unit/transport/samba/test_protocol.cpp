// The libsmbclient transport's requests and replies: each round-trips, and a
// short or garbled message is refused.
#include "smsscan/transport/samba/protocol.hpp"

#include <doctest/doctest.h>

using namespace smsscan;
using namespace smsscan::transport;
using namespace smsscan::transport::samba;
using worker::Reader;
using worker::Writer;

namespace {

// Reads the op byte of an encoded request.
Op op_of(Reader& in)
{
  return static_cast<Op>(in.u8());
}

} // namespace

TEST_CASE("protocol: BEGIN round-trips, credentials included")
{
  BeginRequest begin;
  begin.host = "pc042";
  begin.address = "10.1.2.3";
  begin.netbios_name = "PC042";
  begin.tried = "not in the lmhosts file";
  begin.port = 139;
  begin.timeout_ms = 30000;
  begin.has_credentials = true;
  begin.domain = "FLEET";
  begin.user = "admin";
  begin.password = "P@ss";
  Writer out = encode(begin);
  Reader in(out.data());
  REQUIRE(op_of(in) == Op::begin);
  BeginRequest back;
  REQUIRE(decode(in, back));
  CHECK(back.host == "pc042");
  CHECK(back.address == "10.1.2.3");
  CHECK(back.netbios_name == "PC042");
  CHECK(back.tried == "not in the lmhosts file");
  CHECK(back.port == 139);
  CHECK(back.timeout_ms == 30000);
  CHECK(back.has_credentials);
  CHECK(back.domain == "FLEET");
  CHECK(back.user == "admin");
  CHECK(back.password == "P@ss");
}

TEST_CASE("protocol: OPEN, READ and CLOSE requests round-trip")
{
  Writer open = encode(OpenRequest{"ADMIN$", "MS\\SMS\\CORE\\BIN", "CliCore.exe"});
  Reader open_in(open.data());
  REQUIRE(op_of(open_in) == Op::open);
  OpenRequest open_back;
  REQUIRE(decode(open_in, open_back));
  CHECK(open_back.share == "ADMIN$");
  CHECK(open_back.folder == "MS\\SMS\\CORE\\BIN");
  CHECK(open_back.name == "CliCore.exe");

  Writer read = encode(ReadRequest{7, 1ULL << 33, 4096});
  Reader read_in(read.data());
  REQUIRE(op_of(read_in) == Op::read);
  ReadRequest read_back;
  REQUIRE(decode(read_in, read_back));
  CHECK(read_back.handle == 7);
  CHECK(read_back.offset == 1ULL << 33);
  CHECK(read_back.length == 4096);

  Writer close = encode(CloseRequest{9});
  Reader close_in(close.data());
  REQUIRE(op_of(close_in) == Op::close);
  CloseRequest close_back;
  REQUIRE(decode(close_in, close_back));
  CHECK(close_back.handle == 9);
}

TEST_CASE("protocol: a read larger than one reply can carry is refused")
{
  Writer read = encode(ReadRequest{1, 0, static_cast<std::uint32_t>(k_max_read_chunk + 1)});
  Reader in(read.data());
  op_of(in);
  ReadRequest back;
  CHECK_FALSE(decode(in, back));
}

TEST_CASE("protocol: OPEN replies round-trip and an unknown status is refused")
{
  OpenReply reply;
  reply.status = OpenStatus::access_denied;
  reply.detail = "\\\\pc042\\ADMIN$: refused";
  reply.handle = 3;
  reply.size = 123456;
  reply.mtime = 946684800;
  reply.actual_name = "CLICORE.EXE";
  reply.address = "10.1.2.3";
  reply.port = 139;
  Writer out;
  encode(out, reply);
  Reader in(out.data());
  OpenReply back;
  REQUIRE(decode(in, back));
  CHECK(back.status == OpenStatus::access_denied);
  CHECK(back.detail == reply.detail);
  CHECK(back.handle == 3);
  CHECK(back.size == 123456);
  CHECK(back.mtime == 946684800);
  CHECK(back.actual_name == "CLICORE.EXE");
  CHECK(back.address == "10.1.2.3");
  CHECK(back.port == 139);

  Writer bad;
  bad.u8(200);
  bad.str("");
  bad.u32(0);
  bad.u64(0);
  bad.i64(0);
  bad.str("");
  bad.str("");
  bad.u32(0);
  Reader bad_in(bad.data());
  CHECK_FALSE(decode(bad_in, back));
}

TEST_CASE("protocol: INSPECT requests and replies round-trip, a folder at a time")
{
  InspectRequest asked{"ADMIN$", "MS\\SMS\\CORE\\BIN", {"Compver.ini", "CliCore.exe", ""}, 29500};
  Writer request = encode(asked);
  Reader request_in(request.data());
  REQUIRE(op_of(request_in) == Op::inspect);
  InspectRequest back_request;
  REQUIRE(decode(request_in, back_request));
  CHECK(back_request.share == "ADMIN$");
  CHECK(back_request.folder == "MS\\SMS\\CORE\\BIN");
  CHECK(back_request.names == asked.names);
  CHECK(back_request.time_left_ms == 29500);

  InspectReply reply;
  reply.files = {{OpenStatus::ok, "", std::string("\0evidence\xff", 10)},
                 {OpenStatus::not_found, "", ""},
                 {OpenStatus::auth_failed, "\\\\pc042: the logon (session setup) was refused", ""}};
  reply.address = "10.1.2.3";
  reply.port = 445;
  Writer out;
  encode(out, reply);
  Reader in(out.data());
  InspectReply back;
  REQUIRE(decode(in, back));
  REQUIRE(back.files.size() == 3);
  CHECK(back.files[0].status == OpenStatus::ok);
  CHECK(back.files[0].inspection == reply.files[0].inspection);
  CHECK(back.files[1].status == OpenStatus::not_found);
  CHECK(back.files[2].status == OpenStatus::auth_failed);
  CHECK(back.files[2].detail == reply.files[2].detail);
  CHECK(back.address == "10.1.2.3");
  CHECK(back.port == 445);
  for (std::size_t size = 0; size < out.size(); ++size) {
    Reader cut(out.data().data(), size);
    CHECK_FALSE(decode(cut, back));
  }
  for (std::size_t size = 1; size < request.size(); ++size) {
    Reader cut(request.data().data(), size);
    op_of(cut);
    CHECK_FALSE(decode(cut, back_request));
  }
}

TEST_CASE("protocol: every open status crosses the socket pair, and no number beyond the last")
{
  for (std::uint8_t number = 0; number <= static_cast<std::uint8_t>(k_last_open_status) + 1; ++number) {
    const bool known = number <= static_cast<std::uint8_t>(k_last_open_status);
    InspectReply reply;
    reply.files = {{static_cast<OpenStatus>(number), "why", ""}};
    Writer inspect_out;
    encode(inspect_out, reply);
    Reader inspect_in(inspect_out.data());
    InspectReply inspect_back;
    CHECK(decode(inspect_in, inspect_back) == known);
    if (known) {
      CHECK(inspect_back.files.at(0).status == static_cast<OpenStatus>(number));
    }

    OpenReply opened;
    opened.status = static_cast<OpenStatus>(number);
    Writer open_out;
    encode(open_out, opened);
    Reader open_in(open_out.data());
    OpenReply open_back;
    CHECK(decode(open_in, open_back) == known);
    if (known) {
      CHECK(open_back.status == static_cast<OpenStatus>(number));
    }
  }
}

TEST_CASE("protocol: READ replies carry the bytes or the reason")
{
  const std::uint8_t data[] = {'M', 'Z', 0x90, 0};
  Writer ok;
  encode_read_ok(ok, data, sizeof data);
  Reader ok_in(ok.data());
  ReadReply back;
  REQUIRE(decode(ok_in, back));
  CHECK(back.ok);
  CHECK(back.data == std::string_view(reinterpret_cast<const char*>(data), sizeof data));

  Writer failed;
  encode_read_failed(failed, "end of file at offset 4096");
  Reader failed_in(failed.data());
  ReadReply why;
  REQUIRE(decode(failed_in, why));
  CHECK_FALSE(why.ok);
  CHECK(why.detail == "end of file at offset 4096");
}

TEST_CASE("protocol: every truncation of a request or reply is refused")
{
  BeginRequest begin;
  begin.host = "10.0.0.5";
  begin.user = "u";
  begin.password = "p";
  const Writer full = encode(begin);
  for (std::size_t size = 1; size < full.size(); ++size) {
    Reader in(full.data().data(), size);
    op_of(in);
    BeginRequest back;
    CHECK_FALSE(decode(in, back));
  }
  OpenReply reply;
  reply.status = OpenStatus::ok;
  reply.actual_name = "x.dll";
  Writer out;
  encode(out, reply);
  for (std::size_t size = 0; size < out.size(); ++size) {
    Reader in(out.data().data(), size);
    OpenReply back;
    CHECK_FALSE(decode(in, back));
  }
}
