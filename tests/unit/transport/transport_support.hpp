// Helpers for the transport tests: loopback ports with nothing listening,
// targets and session settings.
#pragma once

#include "smsscan/target/target.hpp"
#include "smsscan/transport/transport.hpp"

#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace smsscan::test {

// A TCP port on 127.0.0.1 that was free a moment ago (bound, then closed):
// connecting to it is refused.
inline std::uint16_t closed_loopback_port()
{
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
  socklen_t size = sizeof address;
  REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size) == 0);
  ::close(fd);
  return ntohs(address.sin_port);
}

// A TCP port on ::1 that was free a moment ago, or nullopt when this machine
// has no IPv6 loopback.
inline std::optional<std::uint16_t> closed_ipv6_loopback_port()
{
  const int fd = ::socket(AF_INET6, SOCK_STREAM, 0);
  if (fd < 0) {
    return std::nullopt;
  }
  sockaddr_in6 address{};
  address.sin6_family = AF_INET6;
  address.sin6_addr = in6addr_loopback;
  socklen_t size = sizeof address;
  const bool bound = ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
                     ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size) == 0;
  ::close(fd);
  if (!bound) {
    return std::nullopt;
  }
  return ntohs(address.sin6_port);
}

inline target::Target loopback_target(std::uint16_t port)
{
  target::Target target;
  target.kind = target::Target::Kind::smb;
  target.host = "127.0.0.1";
  target.port = port;
  target.text = "127.0.0.1:" + std::to_string(port);
  return target;
}

inline transport::SessionSettings settings_for(std::chrono::milliseconds timeout,
                                               const target::Credentials* credentials = nullptr,
                                               const std::atomic<bool>* cancelled = nullptr)
{
  transport::SessionSettings settings;
  settings.credentials = credentials;
  settings.timeout = timeout;
  settings.deadline = std::chrono::steady_clock::now() + timeout;
  settings.cancelled = cancelled;
  return settings;
}

inline target::Credentials test_credentials()
{
  target::Credentials credentials;
  credentials.domain = "FLEET";
  credentials.user = "smsscan-test";
  credentials.password = "not-sent-anywhere";
  return credentials;
}

} // namespace smsscan::test
