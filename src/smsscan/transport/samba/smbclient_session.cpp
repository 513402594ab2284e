#include "smsscan/transport/samba/smbclient_session.hpp"

#include "smsscan/transport/samba/protocol.hpp"
#include "smsscan/worker/channel.hpp"

#include <algorithm>
#include <cstring>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace smsscan::transport::samba {

namespace {

using Clock = std::chrono::steady_clock;
using worker::Channel;
using worker::Reader;

// Past the machine's deadline, before a busy worker is killed.
constexpr auto k_worker_grace = std::chrono::seconds(2);

// A session's line to its worker, shared with the files it opened (a file
// may outlive its session).
struct Line
{
  Line(worker::WorkerPool& pool, const NameResolver& names, const target::Target& machine,
       const SessionSettings& session)
      : channel(pool, limits(session)), resolver(names), target(machine), settings(session)
  {
  }

  static worker::ChannelLimits limits(const SessionSettings& settings)
  {
    worker::ChannelLimits limits;
    limits.hard_deadline = settings.deadline + k_worker_grace;
    limits.release_wait = std::min<std::chrono::milliseconds>(settings.timeout, std::chrono::seconds(5));
    limits.cancelled = settings.cancelled;
    return limits;
  }

  bool past_deadline() const { return Clock::now() > settings.deadline; }

  // Takes a worker and sends BEGIN on first use.
  bool start(std::string& problem)
  {
    if (begun) {
      if (channel.usable()) {
        return true;
      }
      problem = "the libsmbclient worker was lost";
      return false;
    }
    begun = true;
    BeginRequest begin;
    begin.host = target.host;
    if (resolver.netbios_enabled() && host_kind(target.host) == HostKind::netbios) {
      const NetbiosLookup lookup = resolver.lookup_netbios(target.host, settings.deadline, settings.cancelled);
      if (lookup.found) {
        begin.address = lookup.found->address;
        begin.netbios_name = lookup.found->name;
        resolved = lookup.found->name + " via " + lookup.found->source;
      } else {
        begin.tried = lookup.tried;
      }
    }
    if (!channel.open(problem)) {
      return false;
    }
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(settings.deadline - Clock::now());
    begin.port = target.port;
    begin.timeout_ms = static_cast<std::uint32_t>(
      std::clamp<std::chrono::milliseconds::rep>(std::min(settings.timeout, left).count(), 1000, 0x7fffffff));
    if (const target::Credentials* credentials = settings.credentials) {
      begin.has_credentials = true;
      begin.domain = credentials->domain;
      begin.user = credentials->user;
      begin.password = credentials->password;
    }
    worker::Writer request = encode(begin);
    worker::wipe(begin.password);
    const Channel::Wait sent = channel.post(request);
    request.wipe();
    if (sent != Channel::Wait::ok) {
      problem = "the libsmbclient worker is gone";
      return false;
    }
    return true;
  }

  Channel channel;
  const NameResolver& resolver;
  const target::Target& target;
  SessionSettings settings;
  bool begun = false;
  std::string resolved; // "PC042 via WINS 10.1.0.2", when the NetBIOS lookup found the name
  std::string address;  // as the worker last reported
  std::uint16_t port = 0;
};

class SmbclientFile : public RemoteFile
{
public:
  SmbclientFile(std::shared_ptr<Line> line, OpenReply opened) : m_line(std::move(line)), m_opened(std::move(opened)) {}

  ~SmbclientFile() override
  {
    if (m_line->channel.usable()) {
      m_line->channel.post(encode(CloseRequest{m_opened.handle}));
    }
  }

  SmbclientFile(const SmbclientFile&) = delete;
  SmbclientFile& operator=(const SmbclientFile&) = delete;

  std::uint64_t size() const override { return m_opened.size; }
  std::optional<std::int64_t> modified() const override
  {
    return m_opened.mtime != 0 ? std::optional<std::int64_t>(m_opened.mtime) : std::nullopt;
  }
  TimeSource time_source() const override { return m_opened.mtime != 0 ? TimeSource::mtime : TimeSource::none; }
  std::string actual_name() const override { return m_opened.actual_name; }
  std::uint64_t bytes_transferred() const override { return m_read; }

  // Reads the range in chunks of at most one reply each.
  ReadStatus read(std::uint64_t offset, std::size_t length, std::uint8_t* out) override
  {
    std::size_t done = 0;
    std::vector<std::uint8_t> message;
    Channel& channel = m_line->channel;
    while (done < length) {
      if (!channel.usable() || channel.cancelled() || m_line->past_deadline()) {
        return ReadStatus::failed;
      }
      const std::size_t chunk = std::min(k_max_read_chunk, length - done);
      const ReadRequest request{m_opened.handle, offset + done, static_cast<std::uint32_t>(chunk)};
      if (channel.call(encode(request), message) != Channel::Wait::ok) {
        return ReadStatus::failed;
      }
      Reader in(message);
      ReadReply reply;
      if (!decode(in, reply) || !reply.ok || reply.data.size() != chunk) {
        return ReadStatus::failed;
      }
      std::memcpy(out + done, reply.data.data(), chunk);
      done += chunk;
      m_read += chunk;
    }
    return ReadStatus::ok;
  }

private:
  std::shared_ptr<Line> m_line;
  OpenReply m_opened;
  std::uint64_t m_read = 0;
};

class SmbclientSession : public MachineSession
{
public:
  SmbclientSession(worker::WorkerPool& pool, const NameResolver& resolver, const target::Target& target,
                   const SessionSettings& settings, bool inspecting)
      : m_line(std::make_shared<Line>(pool, resolver, target, settings)), m_inspecting(inspecting)
  {
  }

  std::string connection() const override
  {
    if (m_line->port == 0) {
      return {};
    }
    const bool ipv6 = m_line->address.find(':') != std::string::npos;
    std::string text = (ipv6 ? "[" + m_line->address + "]" : m_line->address) + ":" + std::to_string(m_line->port);
    if (!m_line->resolved.empty()) {
      text += " (" + m_line->resolved + ")";
    } else if (host_kind(m_line->target.host) != HostKind::address) {
      text += " (" + m_line->target.host + " via DNS)";
    }
    return text;
  }

  std::optional<std::vector<InspectResult>> inspect_files(const std::string& share, const std::string& folder,
                                                          const std::vector<std::string>& names) override
  {
    if (!m_inspecting) {
      return std::nullopt;
    }
    InspectRequest request{share, folder, names, 0};
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(m_line->settings.deadline - Clock::now());
    request.time_left_ms =
      static_cast<std::uint32_t>(std::clamp<std::chrono::milliseconds::rep>(left.count(), 0, 0x7fffffff));
    std::vector<std::uint8_t> message;
    InspectReply reply;
    if (std::optional<OpenResult> refused = call(encode(request), message)) {
      return std::vector<InspectResult>(names.size(), InspectResult{refused->status, refused->detail, {}});
    }
    Reader in(message);
    if (!decode(in, reply) || reply.files.size() != names.size()) {
      const OpenResult garbled = fail(OpenStatus::error, "garbled answer from the libsmbclient worker");
      return std::vector<InspectResult>(names.size(), InspectResult{garbled.status, garbled.detail, {}});
    }
    m_line->address = reply.address;
    m_line->port = reply.port;
    std::vector<InspectResult> results;
    for (InspectedFile& file : reply.files) {
      if (!m_fatal && (file.status == OpenStatus::auth_failed || file.status == OpenStatus::unreachable)) {
        fail(file.status, file.detail);
      }
      results.push_back({file.status, std::move(file.detail), std::move(file.inspection)});
    }
    return results;
  }

  OpenResult open(const std::string& share, const std::string& folder, const std::string& name) override
  {
    std::vector<std::uint8_t> message;
    if (std::optional<OpenResult> refused = call(encode(OpenRequest{share, folder, name}), message)) {
      return std::move(*refused);
    }
    Reader in(message);
    OpenReply reply;
    if (!decode(in, reply)) {
      return fail(OpenStatus::error, "garbled answer from the libsmbclient worker");
    }
    m_line->address = reply.address;
    m_line->port = reply.port;
    if (reply.status == OpenStatus::auth_failed || reply.status == OpenStatus::unreachable) {
      return fail(reply.status, reply.detail);
    }
    OpenResult opened = result(reply.status, reply.detail);
    if (reply.status == OpenStatus::ok) {
      opened.file = std::make_unique<SmbclientFile>(m_line, std::move(reply));
    }
    return opened;
  }

private:
  // Sends a request that opens a file and waits for the reply. The outcome
  // when there is no reply to read (the session is over, the machine's time
  // is up, the worker is gone); nullopt when message holds the reply.
  std::optional<OpenResult> call(const worker::Writer& request, std::vector<std::uint8_t>& message)
  {
    if (m_fatal) {
      return result(m_fatal->first, m_fatal->second);
    }
    if (m_line->channel.cancelled()) {
      return fail(OpenStatus::error, "interrupted");
    }
    if (m_line->past_deadline()) {
      return fail(OpenStatus::unreachable, timed_out_message(m_line->settings.timeout));
    }
    std::string problem;
    if (!m_line->start(problem)) {
      return fail(OpenStatus::error, problem);
    }
    switch (m_line->channel.call(request, message)) {
    case Channel::Wait::ok:
      return std::nullopt;
    case Channel::Wait::cancelled:
      return fail(OpenStatus::error, "interrupted");
    case Channel::Wait::timed_out:
      return fail(OpenStatus::unreachable, timed_out_message(m_line->settings.timeout));
    case Channel::Wait::broken:
      break;
    }
    return fail(OpenStatus::error, "the libsmbclient worker process ended unexpectedly");
  }

  static OpenResult result(OpenStatus status, std::string detail)
  {
    OpenResult opened;
    opened.status = status;
    opened.detail = std::move(detail);
    return opened;
  }

  // Remembers an outcome that ends the session's use of the machine.
  OpenResult fail(OpenStatus status, std::string detail)
  {
    m_fatal = {status, detail};
    return result(status, std::move(detail));
  }

  std::shared_ptr<Line> m_line;
  bool m_inspecting;
  std::optional<std::pair<OpenStatus, std::string>> m_fatal;
};

} // namespace

std::unique_ptr<MachineSession> make_smbclient_session(worker::WorkerPool& pool, const NameResolver& resolver,
                                                       const target::Target& target, const SessionSettings& settings,
                                                       bool inspecting)
{
  return std::make_unique<SmbclientSession>(pool, resolver, target, settings, inspecting);
}

} // namespace smsscan::transport::samba
