// What a scan produces: per file, per machine and for the whole run, and the
// interfaces that receive it (the reports) and watch it (progress).
#pragma once

#include "smsscan/manifest/model.hpp"
#include "smsscan/target/target.hpp"
#include "smsscan/verdict/file_verdict.hpp"
#include "smsscan/verdict/machine_status.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace smsscan::scan {

// One manifest file name looked up at one location of one machine.
struct FileFinding
{
  const manifest::Location* location = nullptr;
  std::string share;  // resolved ("SMS_ABC")
  std::string folder; // as asked for
  std::string wanted; // the manifest's spelling of the name
  bool found = false;
  evidence::FileEvidence evidence;
  verdict::Judgement judgement; // verdict missing when not found
};

struct MachineResult
{
  std::size_t index = 0;
  const target::Target* target = nullptr;
  std::string site;               // the site code it was scanned with ("" = none)
  std::vector<std::string> roles; // the roles it was scanned as
  verdict::MachineStatus status = verdict::MachineStatus::error;
  std::string platform;            // Intel, Alpha, mixed or "" (from PE headers)
  std::vector<FileFinding> files;  // every lookup, found or not
  std::vector<std::string> errors; // machine-level problems, for the error column
  std::string connection;          // where the machine was reached (MachineSession::connection)
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

struct ScanSummary
{
  std::size_t scanned = 0;                                           // results handed to the sink
  std::array<std::size_t, verdict::k_machine_status_count> counts{}; // by MachineStatus
  bool interrupted = false;
  bool credentials_retired = false;
  int auth_failures = 0;

  std::size_t count(verdict::MachineStatus status) const { return counts[static_cast<std::size_t>(status)]; }
  // Machines that could not be scanned (see verdict::is_unscanned).
  std::size_t unscanned() const;
};

} // namespace smsscan::scan
