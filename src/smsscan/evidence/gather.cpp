#include "smsscan/evidence/gather.hpp"

#include "smsscan/evidence/block_reader.hpp"
#include "smsscan/util/sha256.hpp"
#include "smsscan/util/text.hpp"

#include <algorithm>
#include <vector>

namespace smsscan::evidence {

using transport::ReadStatus;

bool name_expects_pe(std::string_view name)
{
  const std::size_t dot = name.rfind('.');
  if (dot == std::string_view::npos) {
    return false;
  }
  const std::string extension = util::to_lower(name.substr(dot + 1));
  for (const char* pe : {"exe", "dll", "sys", "ocx", "cpl", "drv", "scr", "acm", "ax", "tsp", "mui"}) {
    if (extension == pe) {
      return true;
    }
  }
  return false;
}

FileEvidence gather_evidence(transport::RemoteFile& file, bool deep)
{
  FileEvidence evidence;
  evidence.name = file.actual_name();
  evidence.size = file.size();
  evidence.modified = file.modified();
  evidence.time_source = file.time_source();
  evidence.pe_expected = name_expects_pe(evidence.name);
  if (evidence.pe_expected) {
    BlockReader blocks(file);
    evidence.pe = inspect_pe(evidence.size, [&](std::uint64_t offset, std::size_t length, std::uint8_t* out) {
      return blocks.read(offset, length, out);
    });
    if (evidence.pe->outcome == PeOutcome::need_more) {
      // Blocking transports never answer not_yet; treat it as a read failure.
      evidence.read_error = "the transport could not deliver the bytes the PE reader asked for";
      evidence.pe.reset();
    }
  }
  if (deep && evidence.read_error.empty()) {
    util::Sha256 hash;
    std::vector<std::uint8_t> buffer(64 * 1024);
    for (std::uint64_t offset = 0; offset < evidence.size;) {
      const std::size_t length =
        static_cast<std::size_t>(std::min<std::uint64_t>(buffer.size(), evidence.size - offset));
      if (file.read(offset, length, buffer.data()) != ReadStatus::ok) {
        evidence.read_error = "read failed at offset " + std::to_string(offset);
        break;
      }
      hash.update(buffer.data(), length);
      offset += length;
    }
    if (evidence.read_error.empty()) {
      evidence.sha256 = hash.finish_hex();
    }
  }
  evidence.bytes_read = file.bytes_transferred();
  return evidence;
}

} // namespace smsscan::evidence
