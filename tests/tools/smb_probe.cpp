// smb_probe: a manual driver for the SMB transports. Opens files on one or
// more machines, reads their first bytes, and prints what the transport
// reported for each file.
//
//   smb_probe --transport curl [--user [DOMAIN\]USER] [--timeout SECONDS]
//             [--deadline SECONDS] [--read BYTES] [--tail BYTES] [--pause SECONDS]
//             [--together] [--jobs N] [--quiet]
//             HOST[:PORT][,HOST...] SHARE FOLDER NAME...
//
// --read N      read the first N bytes of each file (default 4096)
// --tail N      then also read the last N bytes (streams the whole file)
// --pause S     wait S seconds between open and read (the transfer stalls)
// --together    open all of a machine's files first, then read them
// --jobs N      machines scanned in parallel (default 1)
// Ctrl-C sets the sessions' cancel flag.
//
// The password comes from SMSSCAN_PASSWORD (never from the command line).
// FOLDER is backslash- or slash-separated; "" or "." is the share's root.
// One line per file:
//   HOST SHARE\FOLDER\NAME: STATUS size=N mtime=ISO (SOURCE) read=N ok first=HEX
//     [tail=N ok last=HEX] name=ACTUAL bytes=N ms=N   (first/last: 8 bytes at either end)
//   HOST SHARE\FOLDER\NAME: STATUS (DETAIL) ms=N
// Exit status: 0 every file opened and read, 1 otherwise, 2 usage.
#include "smsscan/transport/curl/curl_transport.hpp"
#include "smsscan/transport/transport.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace {

using namespace smsscan::transport;
using smsscan::target::Credentials;
using smsscan::target::Target;
using Clock = std::chrono::steady_clock;

const char* status_name(OpenStatus status)
{
  switch (status) {
  case OpenStatus::ok:
    return "ok";
  case OpenStatus::not_found:
    return "not_found";
  case OpenStatus::unreachable:
    return "unreachable";
  case OpenStatus::auth_failed:
    return "auth_failed";
  case OpenStatus::access_denied:
    return "access_denied";
  case OpenStatus::error:
    return "error";
  case OpenStatus::rejected:
    return "rejected";
  case OpenStatus::invalid_target:
    return "invalid_target";
  }
  return "?";
}

const char* source_name(TimeSource source)
{
  switch (source) {
  case TimeSource::none:
    return "none";
  case TimeSource::mtime:
    return "mtime";
  case TimeSource::smb_change_time:
    return "smb-change-time";
  }
  return "?";
}

std::string iso_time(std::int64_t seconds)
{
  const auto t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  if (gmtime_r(&t, &tm) == nullptr)
    return std::to_string(seconds);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return text;
}

std::atomic<bool> g_cancelled{false};

extern "C" void on_interrupt(int)
{
  g_cancelled.store(true);
}

std::string hex(const std::uint8_t* data, std::size_t size)
{
  static const char digits[] = "0123456789abcdef";
  std::string text;
  for (std::size_t i = 0; i < size; ++i) {
    text += digits[data[i] >> 4];
    text += digits[data[i] & 15];
  }
  return text;
}

int usage(const char* message)
{
  if (message != nullptr)
    std::fprintf(stderr, "smb_probe: %s\n", message);
  std::fprintf(stderr, "usage: smb_probe --transport curl [--user [DOMAIN\\]USER] [--timeout SECONDS]\n"
                       "                 [--deadline SECONDS] [--read BYTES] [--tail BYTES] [--pause SECONDS]\n"
                       "                 [--together] [--jobs N] [--quiet]\n"
                       "                 HOST[:PORT][,HOST...] SHARE FOLDER NAME...\n"
                       "The password comes from SMSSCAN_PASSWORD.\n");
  return 2;
}

struct Options
{
  std::string transport;
  Credentials credentials;
  bool have_user = false;
  double timeout = 30;
  double deadline = 0; // 0 = none
  std::size_t read_bytes = 4096;
  std::size_t tail_bytes = 0;
  double pause = 0;
  bool together = false;
  int jobs = 1;
  bool quiet = false;
  std::vector<std::string> hosts;
  std::string share;
  std::string folder;
  std::vector<std::string> names;
};

Target make_target(const std::string& text)
{
  Target target;
  target.text = text;
  target.kind = Target::Kind::smb;
  std::string host = text;
  std::string port;
  if (!host.empty() && host.front() == '[') { // [v6]:port
    const auto close = host.find(']');
    if (close != std::string::npos) {
      if (close + 1 < host.size() && host[close + 1] == ':')
        port = host.substr(close + 2);
      host = host.substr(1, close - 1);
    }
  } else if (host.find(':') == host.rfind(':') && host.find(':') != std::string::npos) {
    port = host.substr(host.find(':') + 1);
    host = host.substr(0, host.find(':'));
  }
  target.host = host;
  if (!port.empty())
    target.port = static_cast<std::uint16_t>(std::strtoul(port.c_str(), nullptr, 10));
  return target;
}

} // namespace

int main(int argc, char** argv)
{
  Options options;
  std::vector<std::string> positional;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&](const char* what) -> std::string {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "smb_probe: %s needs a value\n", what);
        std::exit(2);
      }
      return argv[++i];
    };
    if (arg == "--transport") {
      options.transport = value("--transport");
    } else if (arg == "--user") {
      const std::string user = value("--user");
      const auto slash = user.find_first_of("\\/");
      if (slash != std::string::npos) {
        options.credentials.domain = user.substr(0, slash);
        options.credentials.user = user.substr(slash + 1);
      } else {
        options.credentials.user = user;
      }
      options.have_user = true;
    } else if (arg == "--timeout") {
      options.timeout = std::atof(value("--timeout").c_str());
    } else if (arg == "--deadline") {
      options.deadline = std::atof(value("--deadline").c_str());
    } else if (arg == "--read") {
      options.read_bytes = static_cast<std::size_t>(std::strtoull(value("--read").c_str(), nullptr, 10));
    } else if (arg == "--tail") {
      options.tail_bytes = static_cast<std::size_t>(std::strtoull(value("--tail").c_str(), nullptr, 10));
    } else if (arg == "--pause") {
      options.pause = std::atof(value("--pause").c_str());
    } else if (arg == "--together") {
      options.together = true;
    } else if (arg == "--jobs") {
      options.jobs = std::max(1, std::atoi(value("--jobs").c_str()));
    } else if (arg == "--quiet") {
      options.quiet = true;
    } else if (arg == "--help" || arg == "-h") {
      usage(nullptr);
      return 0;
    } else if (arg.size() > 1 && arg[0] == '-' && arg[1] == '-') {
      return usage(("unknown option " + arg).c_str());
    } else {
      positional.push_back(arg);
    }
  }
  if (positional.size() < 4)
    return usage("need HOST SHARE FOLDER NAME...");
  if (options.transport != "curl")
    return usage("--transport must be curl (the only transport built into smb_probe)");
  if (options.timeout <= 0)
    return usage("--timeout must be positive");
  for (std::size_t start = 0; start <= positional[0].size();) {
    auto comma = positional[0].find(',', start);
    if (comma == std::string::npos)
      comma = positional[0].size();
    if (comma > start)
      options.hosts.push_back(positional[0].substr(start, comma - start));
    start = comma + 1;
  }
  options.share = positional[1];
  options.folder = positional[2] == "." ? "" : positional[2];
  options.names.assign(positional.begin() + 3, positional.end());
  if (const char* password = std::getenv("SMSSCAN_PASSWORD"))
    options.credentials.password = password;

  auto transport = make_curl_transport();
  std::signal(SIGINT, on_interrupt);
  std::signal(SIGTERM, on_interrupt);
  std::atomic<std::size_t> next_host{0};
  std::atomic<int> failures{0};
  std::atomic<std::uint64_t> total_bytes{0};
  std::mutex print_mutex;
  const auto run_start = Clock::now();

  auto worker = [&] {
    for (;;) {
      const std::size_t index = next_host++;
      if (index >= options.hosts.size())
        return;
      const Target target = make_target(options.hosts[index]);
      SessionSettings settings;
      settings.credentials = options.have_user ? &options.credentials : nullptr;
      settings.timeout = std::chrono::milliseconds(static_cast<std::int64_t>(options.timeout * 1000));
      if (options.deadline > 0)
        settings.deadline =
          Clock::now() + std::chrono::milliseconds(static_cast<std::int64_t>(options.deadline * 1000));
      settings.cancelled = &g_cancelled;
      auto session = transport->start(target, settings);

      struct Probe
      {
        std::string line;
        OpenResult opened;
        Clock::time_point started;
      };
      auto open_one = [&](const std::string& name) {
        Probe probe;
        probe.started = Clock::now();
        probe.opened = session->open(options.share, options.folder, name);
        probe.line = options.hosts[index] + " " + options.share + "\\" +
                     (options.folder.empty() ? "" : options.folder + "\\") + name + ": " +
                     status_name(probe.opened.status);
        return probe;
      };
      auto finish_one = [&](Probe& probe) {
        std::string& line = probe.line;
        bool good = probe.opened.status == OpenStatus::ok;
        if (probe.opened.file) {
          RemoteFile& file = *probe.opened.file;
          line += " size=" + std::to_string(file.size());
          if (auto modified = file.modified())
            line += " mtime=" + iso_time(*modified);
          line += std::string(" (") + source_name(file.time_source()) + ")";
          if (options.pause > 0)
            std::this_thread::sleep_for(std::chrono::milliseconds(static_cast<std::int64_t>(options.pause * 1000)));
          const auto want = static_cast<std::size_t>(std::min<std::uint64_t>(options.read_bytes, file.size()));
          std::vector<std::uint8_t> buffer(want);
          const ReadStatus status = want == 0 ? ReadStatus::ok : file.read(0, want, buffer.data());
          line += " read=" + std::to_string(want) + (status == ReadStatus::ok ? " ok" : " FAILED");
          good = good && status == ReadStatus::ok;
          if (status == ReadStatus::ok && want > 0)
            line += " first=" + hex(buffer.data(), std::min<std::size_t>(want, 8));
          if (options.tail_bytes > 0 && good) {
            const auto tail = static_cast<std::size_t>(std::min<std::uint64_t>(options.tail_bytes, file.size()));
            std::vector<std::uint8_t> end(tail);
            const ReadStatus tail_status = tail == 0 ? ReadStatus::ok : file.read(file.size() - tail, tail, end.data());
            line += " tail=" + std::to_string(tail) + (tail_status == ReadStatus::ok ? " ok" : " FAILED");
            good = good && tail_status == ReadStatus::ok;
            if (tail_status == ReadStatus::ok && tail > 0)
              line +=
                " last=" + hex(end.data() + tail - std::min<std::size_t>(tail, 8), std::min<std::size_t>(tail, 8));
          }
          line += " name=" + file.actual_name();
          line += " bytes=" + std::to_string(file.bytes_transferred());
          total_bytes += file.bytes_transferred();
          probe.opened.file.reset();
        } else {
          line += " (" + probe.opened.detail + ")";
        }
        const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - probe.started).count();
        line += " ms=" + std::to_string(ms) + "\n";
        if (!good)
          ++failures;
        return line;
      };

      std::string out;
      if (options.together) {
        std::vector<Probe> probes;
        for (const auto& name : options.names)
          probes.push_back(open_one(name));
        for (auto& probe : probes)
          out += finish_one(probe);
      } else {
        for (const auto& name : options.names) {
          Probe probe = open_one(name);
          out += finish_one(probe);
        }
      }
      if (!options.quiet) {
        std::lock_guard<std::mutex> lock(print_mutex);
        std::fputs(out.c_str(), stdout);
        std::fflush(stdout);
      }
    }
  };

  std::vector<std::thread> threads;
  const int jobs = std::min<int>(options.jobs, static_cast<int>(options.hosts.size()));
  for (int i = 0; i < jobs; ++i)
    threads.emplace_back(worker);
  for (auto& thread : threads)
    thread.join();

  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - run_start).count();
  std::printf("summary: hosts=%zu files=%zu failures=%d bytes=%llu ms=%lld\n", options.hosts.size(),
              options.hosts.size() * options.names.size(), failures.load(),
              static_cast<unsigned long long>(total_bytes.load()), static_cast<long long>(ms));
  return failures.load() == 0 ? 0 : 1;
}
