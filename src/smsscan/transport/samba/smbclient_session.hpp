// The scanner side of the libsmbclient transport: a MachineSession and its
// RemoteFiles that forward every call to the session's worker over a
// worker::Channel (protocol.hpp) and never call libsmbclient themselves.
// Cancellation and the machine's deadline are checked before every request;
// while the worker is busy the session waits at most until the deadline plus
// a grace of 2 s (so that libsmbclient's own timeout answers first), then the
// worker is killed and the machine is unreachable. connection() reports the
// address and port the worker reached, and how a name was resolved.
#pragma once

#include "smsscan/transport/name_resolver.hpp"
#include "smsscan/transport/transport.hpp"
#include "smsscan/worker/pool.hpp"

#include <memory>

namespace smsscan::transport::samba {

// resolver must outlive the session; it looks NetBIOS names up before the
// worker is asked (name_resolver.hpp).
// With inspecting, open_and_inspect runs the worker's inspector (the pool's
// handlers were made with one); without, it answers nullopt.
std::unique_ptr<MachineSession> make_smbclient_session(worker::WorkerPool& pool, const NameResolver& resolver,
                                                       const target::Target& target, const SessionSettings& settings,
                                                       bool inspecting);

} // namespace smsscan::transport::samba
