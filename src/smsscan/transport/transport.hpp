// How the scanner reaches a machine's files: a Transport opens one
// MachineSession per machine, and the session opens files by share, folder
// and name. The local file system, libcurl (SMB1) and libsmbclient all sit
// behind these three interfaces, so the scan engine has one code path.
#pragma once

#include "smsscan/target/credentials.hpp"
#include "smsscan/target/target.hpp"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace smsscan::transport {

// What a byte source answers when asked for a range of a file.
enum class ReadStatus {
  ok,      // the whole range was copied to the buffer
  not_yet, // the range lies inside the file but is not available yet
           // (a streaming transport has not received it)
  failed,  // an I/O error
};

// Where a file's modification time came from.
enum class TimeSource {
  none,
  mtime,           // the file system's last write time (local files, libsmbclient)
  smb_change_time, // SMB ChangeTime, all that libcurl reports
};

// The last TimeSource: a decoder refuses any number above it.
inline constexpr TimeSource k_last_time_source = TimeSource::smb_change_time;

std::string_view time_source_name(TimeSource source); // "mtime", "smb-change-time", ""

// The one wording of a time-out, for every transport and the engine
// (util::timed_out_message): "timed out after 30 s".
std::string timed_out_message(std::chrono::milliseconds timeout);

// Outcome of opening a file on a machine. unreachable, auth_failed and
// invalid_target are about the machine: the engine stops scanning it.
// access_denied and rejected are about what was asked for: the engine goes
// on, but the machine can no longer be called compliant.
enum class OpenStatus {
  ok,
  not_found,      // no such file or folder: not a failure
  unreachable,    // no connection, or the connection (or file system) timed out
  auth_failed,    // the logon was refused (never retried)
  access_denied,  // the logon succeeded but the share, folder or file was refused
  error,          // anything else; detail says what
  rejected,       // something is there but is no evidence: not a regular file, pointing outside the
                  // machine image, or several names that differ only in case; detail says which
  invalid_target, // the target is not a machine to judge (a folder that is no Windows directory);
                  // detail says why and what to give instead
};

// The last OpenStatus: a decoder refuses any number above it.
inline constexpr OpenStatus k_last_open_status = OpenStatus::invalid_target;

// One open file. read() blocks until the range is there (or fails); the
// session's deadline bounds it.
class RemoteFile
{
public:
  virtual ~RemoteFile() = default;
  virtual std::uint64_t size() const = 0;
  virtual std::optional<std::int64_t> modified() const = 0; // Unix seconds
  virtual TimeSource time_source() const = 0;
  virtual std::string actual_name() const = 0; // the name as the machine spells it
  // Copies [offset, offset + length) to out; the range lies inside size().
  // Returns ok or failed (never not_yet).
  virtual ReadStatus read(std::uint64_t offset, std::size_t length, std::uint8_t* out) = 0;
  // Bytes this file cost on the wire or disk so far (for --deep and benchmarks).
  virtual std::uint64_t bytes_transferred() const = 0;
};

struct OpenResult
{
  OpenStatus status = OpenStatus::error;
  std::string detail; // human-readable, never contains the password
  std::unique_ptr<RemoteFile> file;
};

// What the scanner wants to know of a file, worked out where the file is.
// The evidence stage supplies it (the transport never sees what is inside):
// a transport whose files live in another process (libsmbclient's workers)
// runs it there and sends back only its result. It is handed to the
// transport when the transport is made, so that a worker forked from the
// transport's helper has a copy; it must not depend on the scanner's other
// state. The result is bytes the supplier encodes and decodes itself.
class FileInspector
{
public:
  virtual ~FileInspector() = default;
  virtual std::string inspect(RemoteFile& file) const = 0;
  // False when inspect() reads nothing of a file of this name (its size and
  // time are enough): the transport may then skip opening it.
  virtual bool reads_content(std::string_view name) const
  {
    (void)name;
    return true;
  }
};

struct InspectResult
{
  OpenStatus status = OpenStatus::error;
  std::string detail;     // as OpenResult's
  std::string inspection; // FileInspector::inspect's result, when status is ok
};

class MachineSession
{
public:
  virtual ~MachineSession() = default;
  // Opens share\folder\name, matching the name case-insensitively.
  // folder uses backslashes and may be empty (the share's root).
  virtual OpenResult open(const std::string& share, const std::string& folder, const std::string& name) = 0;
  // Where the session reached the machine, for the reports: "10.1.2.3:139",
  // with how a name was resolved ("10.1.2.3:139 (PC042 via WINS 10.1.0.2)");
  // "" when it connected nowhere (or the transport has no network).
  virtual std::string connection() const { return {}; }
  // Opens each of names in share\folder in turn and runs the transport's
  // FileInspector on it where the file is, in one exchange; one result per
  // name, in order. Once an outcome ends the machine (auth_failed,
  // unreachable) the rest answer the same, and no file is begun after the
  // machine's deadline. nullopt when this session has no inspector (the
  // caller then opens the files and inspects them itself).
  virtual std::optional<std::vector<InspectResult>> inspect_files(const std::string& share, const std::string& folder,
                                                                  const std::vector<std::string>& names)
  {
    (void)share;
    (void)folder;
    (void)names;
    return std::nullopt;
  }
};

struct SessionSettings
{
  const target::Credentials* credentials = nullptr; // may be null for local scans
  std::chrono::milliseconds timeout{30000};         // per connection and per operation
  std::chrono::steady_clock::time_point deadline;   // the whole machine must finish by then
  const std::atomic<bool>* cancelled = nullptr;     // set on Ctrl-C
};

class Transport
{
public:
  virtual ~Transport() = default;
  virtual std::string_view name() const = 0; // "local", "curl", "smbclient"
  // Never fails by itself: connection problems surface from open(), so that
  // a transport that connects lazily (libcurl) behaves like one that does not.
  virtual std::unique_ptr<MachineSession> start(const target::Target& target, const SessionSettings& settings) = 0;
};

} // namespace smsscan::transport
