// The poll() loop that drives a libcurl session's transfers (one multi
// handle per session, curl_multi_socket_action), and one transfer's state.
//
// libcurl's SMB code asks for writability all the time, which makes poll()
// return at once while the server thinks (a scan of 20 machines burnt ~3 s
// of CPU that way instead of ~0.15 s). The loop therefore asks for POLLOUT
// only while connecting or while the kernel holds unsent bytes (SIOCOUTQNSD,
// i.e. libcurl may hold more), calls libcurl once more as if writable right
// after each event it handled (it often changes state without sending and
// waits to be called again), and wakes at least every 100 ms (Ctrl-C,
// timers, a write libcurl may still hold). Without that mitigation (for
// measurements) it polls as libcurl asks.
//
// A connection the server closes looks like "nothing yet" to libcurl's SMB
// code (it would spin until a timeout): the loop notices the end of the
// stream and fails the transfer ("the server closed the connection").
#pragma once

#include <curl/curl.h>

#include <poll.h>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace smsscan::transport::curl {

using Clock = std::chrono::steady_clock;

// One transfer: what arrived so far and how it ended.
struct Transfer
{
  // A file larger than this is not buffered (the engine reads PE headers and
  // version resources of files of a few MB).
  static constexpr std::size_t k_max_buffered = std::size_t{256} << 20;

  CURL* easy = nullptr;
  std::vector<std::uint8_t> data;
  bool done = false;
  bool overflow = false;
  CURLcode result = CURLE_OK;
  std::string note; // why we ended the transfer ourselves
  char errbuf[CURL_ERROR_SIZE] = {};

  // CURLOPT_WRITEFUNCTION with CURLOPT_WRITEDATA = the transfer.
  static std::size_t on_write(char* ptr, std::size_t size, std::size_t count, void* self);
};

class Pump
{
public:
  explicit Pump(bool mitigate_busy_poll);
  ~Pump();
  Pump(const Pump&) = delete;
  Pump& operator=(const Pump&) = delete;

  bool valid() const { return m_multi != nullptr; }
  bool add(Transfer& transfer);
  void remove(Transfer& transfer);

  enum class Wait { ready, timed_out, cancelled, failed };

  // Drives every transfer of the session until ready() holds. Gives up at
  // hard_limit, when progress() has not changed for `idle`, or on cancel.
  Wait run(const std::function<bool()>& ready, const std::function<std::uint64_t()>& progress,
           Clock::time_point hard_limit, std::chrono::milliseconds idle, const std::atomic<bool>* cancelled);

private:
  struct Socket
  {
    int what = 0;         // CURL_POLL_IN, _OUT or _INOUT
    CURL* easy = nullptr; // the transfer using it
  };

  // The poll set for what libcurl wants; withheld marks sockets whose
  // POLLOUT was held back.
  void build_poll_set(std::vector<pollfd>& fds, std::vector<bool>& withheld) const;
  void dispatch(const std::vector<pollfd>& fds, const std::vector<bool>& withheld, int ready);
  bool wants_in_and_out(curl_socket_t fd) const;
  void check_closed(curl_socket_t fd);
  void collect();
  static int on_socket(CURL* easy, curl_socket_t fd, int what, void* self, void*);
  static int on_timer(CURLM*, long timeout_ms, void* self);

  CURLM* m_multi = nullptr;
  bool m_mitigate = true;
  std::map<curl_socket_t, Socket> m_sockets; // what libcurl wants per socket
  std::optional<Clock::time_point> m_timer;
  std::vector<Transfer*> m_transfers;
};

} // namespace smsscan::transport::curl
