#include "smsscan/util/host_address.hpp"

#include <arpa/inet.h>
#include <netdb.h>
#include <sys/socket.h>

#include <cerrno>

namespace smsscan::util {

Expected<std::string> numeric_address(const std::string& host)
{
  unsigned char scratch[sizeof(struct in6_addr)];
  if (::inet_pton(AF_INET, host.c_str(), scratch) == 1 || ::inet_pton(AF_INET6, host.c_str(), scratch) == 1) {
    return host;
  }
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  const int rc = ::getaddrinfo(host.c_str(), nullptr, &hints, &found);
  if (rc != 0 || found == nullptr) {
    return unexpected(Error(rc == EAI_SYSTEM ? errno_text(errno) : ::gai_strerror(rc)));
  }
  const addrinfo* chosen = found;
  for (const addrinfo* candidate = found; candidate; candidate = candidate->ai_next) {
    if (candidate->ai_family == AF_INET) {
      chosen = candidate;
      break;
    }
  }
  char text[NI_MAXHOST];
  const int named = ::getnameinfo(chosen->ai_addr, chosen->ai_addrlen, text, sizeof text, nullptr, 0, NI_NUMERICHOST);
  ::freeaddrinfo(found);
  if (named != 0) {
    return unexpected(Error(::gai_strerror(named)));
  }
  return std::string(text);
}

} // namespace smsscan::util
