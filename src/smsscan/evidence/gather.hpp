// The evidence stage: what the scanner learns about one file found on a
// machine (size, times, PE header and version resource, SHA-256 with
// --deep), read through the transport interface only.
#pragma once

#include "smsscan/evidence/pe_image.hpp"
#include "smsscan/transport/transport.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace smsscan::evidence {

struct FileEvidence
{
  std::string name; // as the machine spells it
  std::uint64_t size = 0;
  std::optional<std::int64_t> modified; // Unix seconds
  transport::TimeSource time_source = transport::TimeSource::none;
  bool pe_expected = false;   // .exe, .dll and friends must be PE images
  std::optional<PeResult> pe; // set when the file was inspected as PE
  std::string read_error;     // an I/O failure while reading the file
  std::string sha256;         // --deep only
  std::uint64_t bytes_read = 0;
};

// True for names whose extension says "Windows PE image" (.exe, .dll, .sys, ...).
bool name_expects_pe(std::string_view name);

// Reads the evidence of an open file: the PE headers and version resource
// of files that should be PE images, and with deep the whole file's SHA-256.
FileEvidence gather_evidence(transport::RemoteFile& file, bool deep);

} // namespace smsscan::evidence
