// Bounds-checked reader for the parts of a PE (Portable Executable) image
// that a compliance verdict needs: COFF machine and link time, and the
// version resource. Every offset and size read from the file is untrusted.
#pragma once

#include "smsscan/manifest/file_version.hpp"
#include "smsscan/manifest/platform.hpp"
#include "smsscan/transport/transport.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace smsscan::evidence {

// Copies [offset, offset + length) of the file to out. The reader never asks
// for a range that ends past the file size it was given.
using ReadAt = std::function<transport::ReadStatus(std::uint64_t offset, std::size_t length, std::uint8_t* out)>;

struct PeImage
{
  std::uint16_t machine = 0;                  // COFF Machine, e.g. 0x14c i386, 0x184 Alpha AXP
  std::optional<manifest::Platform> platform; // the four NT 4.0 platforms; nullopt for other machines
  std::uint32_t link_time = 0;                // COFF TimeDateStamp, seconds since 1970 UTC
  bool pe32_plus = false;
  std::optional<manifest::FileVersion> file_version; // VS_FIXEDFILEINFO FileVersionMS/LS
  std::string version_string;                        // StringFileInfo "FileVersion", printable ASCII only
  std::string version_problem; // why the version resource could not be read, if it exists but is damaged
};

enum class PeOutcome {
  ok,        // image holds what could be read
  corrupt,   // not a readable PE image; reason says why
  need_more, // a range inside the file was not_yet available; need_until says how far
};

// The last PeOutcome: a decoder refuses any number above it.
inline constexpr PeOutcome k_last_pe_outcome = PeOutcome::need_more;

struct PeResult
{
  PeOutcome outcome = PeOutcome::corrupt;
  PeImage image;
  std::string reason;                // for corrupt: what is wrong ("e_lfanew points past the end")
  std::uint64_t need_until = 0;      // for need_more: the end offset of the range that was not_yet available
  std::uint64_t bytes_requested = 0; // sum of the lengths the reader asked for
};

// Reads the headers and version resource of a file of file_size bytes.
// Never throws, never reads past file_size, never allocates in proportion to
// a size taken from the file, and bounds every walk (resource depth 3).
PeResult inspect_pe(std::uint64_t file_size, const ReadAt& read);

// Convenience for a file held entirely in memory.
PeResult inspect_pe_buffer(const std::uint8_t* data, std::size_t size);

} // namespace smsscan::evidence
