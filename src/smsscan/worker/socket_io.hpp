// The wire of the worker component: SOCK_SEQPACKET socket pairs between the
// scanner and its workers. A datagram is one whole message (see codec.hpp),
// so a reader never sees half a request; a file descriptor travels beside a
// message with SCM_RIGHTS (how the spawner hands a new worker's end of its
// socket pair to the scanner).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace smsscan::worker {

// The largest message either side accepts: a 64 KiB payload with room for
// its fields. Larger datagrams are refused by receive_message.
constexpr std::size_t k_max_message = 64 * 1024 + 8192;

// A connected SOCK_SEQPACKET pair (close-on-exec, buffers sized for a few
// large messages in flight); false with errno set on failure.
bool make_socket_pair(int (&pair)[2]);

// Sends one datagram: head (may be empty) followed by body. False when the
// peer is gone or the datagram could not be sent whole. Never raises SIGPIPE.
bool send_message(int fd, const std::vector<std::uint8_t>& head, const std::vector<std::uint8_t>& body);
bool send_message(int fd, const std::vector<std::uint8_t>& message);

// Receives one datagram into message (resized to its length). False at end
// of file, on an error, or for a datagram larger than k_max_message. An empty
// datagram cannot be told from the end of the stream: messages are never
// empty (the component's frame byte comes first).
bool receive_message(int fd, std::vector<std::uint8_t>& message);

// Sends message with passed_fd attached (SCM_RIGHTS); passed_fd < 0 sends the
// message alone. The sender keeps its own copy of the descriptor.
bool send_with_fd(int fd, const std::vector<std::uint8_t>& message, int passed_fd);

// Receives a datagram of at most max_size bytes and the descriptor attached
// to it, if any (received close-on-exec; -1 when none). False at end of file
// or on an error.
bool receive_with_fd(int fd, std::vector<std::uint8_t>& message, std::size_t max_size, int& passed_fd);

} // namespace smsscan::worker
