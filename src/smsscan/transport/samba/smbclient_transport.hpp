// The libsmbclient transport: SMB1 (NT1) up to SMB3 through Samba's
// libsmbclient, with NTLMv2 logons, directory listings and ranged reads.
//
// libsmbclient 4.17 is not thread-safe even with one context per thread, so
// it runs only in worker processes (src/smsscan/worker): the transport
// creates a worker pool when it is made, while the scanner is still
// single-threaded, and each session talks to its own worker. Where each part
// lives:
//   smbclient_session  the scanner side: MachineSession / RemoteFile
//   protocol           the requests and replies between the two sides
//   smbclient_handler  the worker side: libsmbclient calls, listing cache
//   smbclient_library  libsmbclient set-up in a worker: log capture, logon
//   log_markers        what a failed call means (refused logon or share)
//
// SMSSCAN_SMBCLIENT_DEBUG=N in the environment copies libsmbclient's debug
// messages up to level N to stderr (never the password).
#pragma once

#include "smsscan/transport/remote_options.hpp"
#include "smsscan/transport/transport.hpp"

#include <memory>

namespace smsscan::transport {

std::unique_ptr<Transport> make_smbclient_transport(const RemoteOptions& options = {});

} // namespace smsscan::transport
