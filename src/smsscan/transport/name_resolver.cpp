#include "smsscan/transport/name_resolver.hpp"

#include "smsscan/transport/name_query.hpp"
#include "smsscan/util/error.hpp"
#include "smsscan/util/text.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <random>

namespace smsscan::transport {

namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// A transaction id that differs between queries and between processes.
std::uint16_t next_query_id()
{
  static std::atomic<std::uint32_t> counter{std::random_device{}()};
  return static_cast<std::uint16_t>(counter.fetch_add(1) & 0xffff);
}

struct WinsAnswer
{
  enum class Kind { found, no_such_name, no_answer, cancelled } kind = Kind::no_answer;
  std::string address;
  std::string why; // for no_such_name and no_answer
};

// A connected UDP socket to the server, so that an ICMP "port unreachable"
// comes back as ECONNREFUSED at once instead of a silent wait.
int connect_udp(const WinsServer& server, std::string& why)
{
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(server.port);
  if (::inet_pton(AF_INET, server.address.c_str(), &address.sin_addr) != 1) {
    why = "not an IPv4 address";
    return -1;
  }
  const int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0 || ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    why = util::errno_text(errno);
    if (fd >= 0) {
      ::close(fd);
    }
    return -1;
  }
  return fd;
}

// Asks one WINS server for name<20>: up to three queries, a third of
// `wait` apart, never past the deadline; a WACK extends the wait.
WinsAnswer ask_wins(const WinsServer& server, std::string_view name, milliseconds wait, Clock::time_point deadline,
                    const std::atomic<bool>* cancelled)
{
  WinsAnswer answer;
  const int fd = connect_udp(server, answer.why);
  if (fd < 0) {
    return answer;
  }
  const std::uint16_t id = next_query_id();
  const std::vector<std::uint8_t> query = encode_name_query(id, name);
  const auto slice = std::max(wait / 3, milliseconds(1));
  auto give_up = std::min(deadline, Clock::now() + wait);
  auto resend = Clock::now();
  answer.why = "no answer";
  std::uint8_t buffer[1500];
  while (true) {
    const auto now = Clock::now();
    if (cancelled != nullptr && cancelled->load()) {
      answer.kind = WinsAnswer::Kind::cancelled;
      break;
    }
    if (now >= give_up) {
      break;
    }
    if (now >= resend) {
      if (::send(fd, query.data(), query.size(), 0) < 0 && errno != EINTR) {
        answer.why = util::errno_text(errno);
        break;
      }
      resend = now + slice;
    }
    const auto until = std::min({give_up, resend, now + milliseconds(100)});
    pollfd ready{fd, POLLIN, 0};
    const auto ms = std::chrono::ceil<milliseconds>(until - now).count();
    if (::poll(&ready, 1, static_cast<int>(std::max<long long>(ms, 1))) <= 0) {
      continue;
    }
    const ssize_t got = ::recv(fd, buffer, sizeof buffer, 0);
    if (got < 0) {
      if (errno != EINTR && errno != EAGAIN) {
        answer.why = util::errno_text(errno);
        break;
      }
      continue;
    }
    const NameQueryAnswer decoded = decode_name_query_answer(buffer, static_cast<std::size_t>(got), id);
    if (decoded.kind == NameQueryAnswer::Kind::positive) {
      answer.kind = WinsAnswer::Kind::found;
      answer.address = decoded.addresses.front();
      break;
    }
    if (decoded.kind == NameQueryAnswer::Kind::negative) {
      answer.kind = WinsAnswer::Kind::no_such_name;
      answer.why = name_query_rcode_text(decoded.rcode);
      break;
    }
    if (decoded.kind == NameQueryAnswer::Kind::wait) {
      give_up =
        std::min(deadline, Clock::now() + std::chrono::seconds(std::min<std::uint32_t>(decoded.wait_seconds, 60)));
      resend = give_up; // the server works on it: no more queries
    }
  }
  ::close(fd);
  return answer;
}

bool is_address(const std::string& text)
{
  unsigned char scratch[sizeof(in6_addr)];
  return ::inet_pton(AF_INET, text.c_str(), scratch) == 1 || ::inet_pton(AF_INET6, text.c_str(), scratch) == 1;
}

} // namespace

HostKind host_kind(std::string_view host)
{
  if (is_address(std::string(host))) {
    return HostKind::address;
  }
  if (!host.empty() && host.size() <= 15 && host.find('.') == std::string_view::npos) {
    return HostKind::netbios;
  }
  return HostKind::dns;
}

NetbiosLookup NameResolver::lookup_netbios(std::string_view name, Clock::time_point deadline,
                                           const std::atomic<bool>* cancelled) const
{
  NetbiosLookup lookup;
  std::vector<std::string> tried;
  if (!m_settings.lmhosts.entries.empty()) {
    if (std::optional<std::string> address = m_settings.lmhosts.find(name)) {
      lookup.found = NetbiosAddress{util::to_upper(name), *address, "lmhosts"};
      return lookup;
    }
    tried.push_back("not in the lmhosts file");
  }
  for (const WinsServer& server : m_settings.wins) {
    if (Clock::now() >= deadline) {
      lookup.timed_out = true;
      tried.push_back("no time left for WINS " + server.address);
      break;
    }
    const WinsAnswer answer = ask_wins(server, name, m_settings.wins_wait, deadline, cancelled);
    if (answer.kind == WinsAnswer::Kind::found) {
      lookup.found = NetbiosAddress{util::to_upper(name), answer.address, "WINS " + server.address};
      return lookup;
    }
    if (answer.kind == WinsAnswer::Kind::cancelled) {
      tried.push_back("interrupted");
      break;
    }
    tried.push_back("WINS " + server.address + ": " + answer.why);
    if (answer.kind == WinsAnswer::Kind::no_such_name) {
      break; // an answer: the other servers hold the same database
    }
  }
  if (Clock::now() >= deadline) {
    lookup.timed_out = true;
  }
  lookup.tried = util::join(tried, "; ");
  return lookup;
}

} // namespace smsscan::transport
