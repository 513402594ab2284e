// The scan engine: runs the manifest's checks on every target with --jobs
// workers, guards the credentials against lockout, and hands each machine's
// result to a ResultSink in target order as soon as it and all before it are
// done.
#pragma once

#include "manifest.hpp"
#include "target.hpp"
#include "transport.hpp"
#include "verdict.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

namespace smsscan {

struct ScanOptions
{
  std::vector<std::string> roles{"client"}; // roles for targets whose host-list line names none
  std::string site_code;                    // for targets whose line names none
  unsigned jobs = 16;
  std::chrono::milliseconds timeout{30000}; // per connection and per machine
  int max_auth_failures = 3;
  bool deep = false; // read whole files, add SHA-256
  VerdictSettings verdict;
  const Credentials* credentials = nullptr;
  const std::atomic<bool>* cancelled = nullptr;
};

// One manifest file name looked up at one location of one machine.
struct FileFinding
{
  const Location* location = nullptr;
  std::string share;  // resolved ("SMS_ABC")
  std::string folder; // as asked for
  std::string wanted; // the manifest's spelling of the name
  bool found = false;
  FileEvidence evidence;
  Judgement judgement; // verdict missing when not found
};

struct MachineResult
{
  std::size_t index = 0;
  const Target* target = nullptr;
  MachineStatus status = MachineStatus::error;
  std::string platform;            // Intel, Alpha, mixed or "" (from PE headers)
  std::vector<FileFinding> files;  // every lookup, found or not
  std::vector<std::string> errors; // machine-level problems, for the error column
  std::int64_t scanned_at = 0;     // Unix seconds when the machine finished
};

// Receives results in target order, one call at a time.
class ResultSink
{
public:
  virtual ~ResultSink() = default;
  virtual void machine_done(const MachineResult& result) = 0;
};

// Observes progress (called under the engine's lock, from any worker).
class ProgressObserver
{
public:
  virtual ~ProgressObserver() = default;
  virtual void progress(std::size_t done, std::size_t total) = 0;
};

// Keeps a set of credentials from locking out accounts. A machine asks
// before its first logon and reports how the logon went. After max_failures
// refused logons the credentials are retired: acquire() answers false. Until
// the credentials have worked once, no more logons are in flight than the
// failures still affordable, so parallelism cannot overshoot the limit.
class LogonGuard
{
public:
  enum class Outcome { accepted, refused, not_attempted };

  explicit LogonGuard(int max_failures);
  // Blocks while too many unproven logons are in flight; false = retired.
  bool acquire();
  void release(Outcome outcome);
  int failures() const;
  bool retired() const;

private:
  mutable std::mutex m_mutex;
  std::condition_variable m_changed;
  int m_max_failures;
  int m_failures = 0;
  int m_in_flight = 0;
  bool m_proven = false;
};

struct ScanSummary
{
  std::size_t scanned = 0;    // results handed to the sink
  std::size_t counts[9] = {}; // by MachineStatus
  bool interrupted = false;
  bool credentials_retired = false;
  int auth_failures = 0;
};

// Transports by target kind; remote may be null when no SMB transport exists.
struct Transports
{
  Transport* local = nullptr;
  Transport* remote = nullptr;
};

ScanSummary run_scan(const Manifest& manifest, const std::vector<Target>& targets, const Transports& transports,
                     const ScanOptions& options, ResultSink& sink, ProgressObserver* observer);

// Scans one machine (exposed for tests). guard may be null (no credentials).
MachineResult scan_machine(const Manifest& manifest, const Target& target, Transport& transport,
                           const ScanOptions& options, LogonGuard* guard);

// The shares a target needs under the given roles (for checking --share maps).
std::vector<std::string> shares_for_roles(const Manifest& manifest, const std::vector<std::string>& roles,
                                          const std::string& site_code);

} // namespace smsscan
