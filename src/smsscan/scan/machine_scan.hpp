// Scans one machine: walks the manifest's locations for the machine's roles,
// opens each file through the transport, gathers its evidence and judges it.
#pragma once

#include "smsscan/manifest/model.hpp"
#include "smsscan/scan/logon_guard.hpp"
#include "smsscan/scan/results.hpp"
#include "smsscan/target/credentials.hpp"
#include "smsscan/transport/transport.hpp"
#include "smsscan/verdict/file_verdict.hpp"

#include <atomic>
#include <chrono>
#include <string>
#include <vector>

namespace smsscan::scan {

struct ScanOptions
{
  std::vector<std::string> roles{"client"}; // roles for targets whose host-list line names none
  std::string site_code;                    // for targets whose line names none
  unsigned jobs = 16;
  std::chrono::milliseconds timeout{30000}; // per connection and per machine
  int max_auth_failures = 3;
  bool deep = false; // read whole files, add SHA-256
  verdict::VerdictSettings verdict;
  const target::Credentials* credentials = nullptr;
  const std::atomic<bool>* cancelled = nullptr;
};

// The roles and site code a target is scanned with: its host-list line's,
// else the command line's.
const std::vector<std::string>& roles_for(const target::Target& target, const ScanOptions& options);
const std::string& site_for(const target::Target& target, const ScanOptions& options);

// Scans one machine. guard may be null (no credentials, or a machine image):
// with one, the machine holds it until its first logon is answered.
MachineResult scan_machine(const manifest::Manifest& manifest, const target::Target& target,
                           transport::Transport& transport, const ScanOptions& options, LogonGuard* guard);

} // namespace smsscan::scan
