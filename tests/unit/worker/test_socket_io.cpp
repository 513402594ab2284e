// The worker component's wire: whole datagrams over SOCK_SEQPACKET pairs and
// file descriptors passed beside them (SCM_RIGHTS).
#include "smsscan/worker/socket_io.hpp"

#include <doctest/doctest.h>

#include <sys/socket.h>
#include <unistd.h>

#include <cstdint>
#include <string>
#include <vector>

using namespace smsscan::worker;

namespace {

struct Pair
{
  Pair() { REQUIRE(make_socket_pair(fds)); }
  ~Pair()
  {
    for (int fd : fds) {
      if (fd >= 0) {
        ::close(fd);
      }
    }
  }
  void close_end(int index)
  {
    ::close(fds[index]);
    fds[index] = -1;
  }
  int fds[2] = {-1, -1};
};

std::vector<std::uint8_t> bytes(const std::string& text)
{
  return {text.begin(), text.end()};
}

} // namespace

TEST_CASE("socket_io: each send arrives as one whole message, head and body joined")
{
  Pair pair;
  REQUIRE(send_message(pair.fds[0], bytes("first")));
  REQUIRE(send_message(pair.fds[0], bytes("H"), bytes("ello")));
  std::vector<std::uint8_t> got;
  REQUIRE(receive_message(pair.fds[1], got));
  CHECK(got == bytes("first"));
  REQUIRE(receive_message(pair.fds[1], got));
  CHECK(got == bytes("Hello"));
}

TEST_CASE("socket_io: the largest message passes, a larger one is refused")
{
  Pair pair;
  std::vector<std::uint8_t> largest(k_max_message, 0x5a);
  REQUIRE(send_message(pair.fds[0], largest));
  std::vector<std::uint8_t> got;
  REQUIRE(receive_message(pair.fds[1], got));
  CHECK(got == largest);
  REQUIRE(send_message(pair.fds[0], std::vector<std::uint8_t>(k_max_message + 1, 1)));
  CHECK_FALSE(receive_message(pair.fds[1], got));
  CHECK(got.empty());
}

TEST_CASE("socket_io: end of file and a vanished peer are failures, not hangs")
{
  Pair pair;
  pair.close_end(0);
  std::vector<std::uint8_t> got;
  CHECK_FALSE(receive_message(pair.fds[1], got));
  CHECK_FALSE(send_message(pair.fds[1], bytes("anyone?"))); // no SIGPIPE either
}

TEST_CASE("socket_io: a descriptor passed beside a message works on the other side")
{
  Pair pair;
  int pipe_fds[2];
  REQUIRE(::pipe(pipe_fds) == 0);
  REQUIRE(send_with_fd(pair.fds[0], bytes("take this"), pipe_fds[1]));
  ::close(pipe_fds[1]); // the receiver holds its own copy now

  std::vector<std::uint8_t> got;
  int passed = -1;
  REQUIRE(receive_with_fd(pair.fds[1], got, 64, passed));
  CHECK(got == bytes("take this"));
  REQUIRE(passed >= 0);
  REQUIRE(::write(passed, "via SCM_RIGHTS", 14) == 14);
  ::close(passed);
  char text[32] = {};
  REQUIRE(::read(pipe_fds[0], text, sizeof text) == 14);
  CHECK(std::string(text) == "via SCM_RIGHTS");
  ::close(pipe_fds[0]);
}

TEST_CASE("socket_io: a message without a descriptor gives -1; one too large for the buffer fails")
{
  Pair pair;
  REQUIRE(send_with_fd(pair.fds[0], bytes("no fd"), -1));
  std::vector<std::uint8_t> got;
  int passed = 99;
  REQUIRE(receive_with_fd(pair.fds[1], got, 64, passed));
  CHECK(got == bytes("no fd"));
  CHECK(passed == -1);

  REQUIRE(send_with_fd(pair.fds[0], bytes("longer than eight bytes"), STDIN_FILENO));
  CHECK_FALSE(receive_with_fd(pair.fds[1], got, 8, passed));
  CHECK(passed == -1); // the descriptor that came with it is closed, not leaked
}
