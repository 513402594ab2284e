// The evidence stage's FileInspector (transport.hpp): gathers a file's
// evidence (gather.hpp: size, times, PE headers, version resource, SHA-256
// with deep) where the file is, and encodes it for the way back. With the
// libsmbclient transport this runs in its worker processes, so the PE
// reader's many small reads never cross the socket pair: only the evidence
// does. decode_evidence is the scanner's side.
#pragma once

#include "smsscan/evidence/gather.hpp"
#include "smsscan/transport/transport.hpp"
#include "smsscan/util/expected.hpp"

#include <memory>
#include <string>
#include <string_view>

namespace smsscan::evidence {

// deep: read whole files for SHA-256 (--deep).
std::shared_ptr<const transport::FileInspector> make_evidence_inspector(bool deep);

// The encoding the inspector returns (the worker component's codec).
std::string encode_evidence(const FileEvidence& evidence);

// Back to evidence; an error for a short or garbled encoding.
util::Expected<FileEvidence> decode_evidence(std::string_view bytes);

} // namespace smsscan::evidence
