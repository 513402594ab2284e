#include "smsscan/evidence/inspector.hpp"

#include "smsscan/worker/codec.hpp"

namespace smsscan::evidence {

namespace {

using worker::Reader;
using worker::Writer;

class EvidenceInspector : public transport::FileInspector
{
public:
  explicit EvidenceInspector(bool deep) : m_deep(deep) {}
  std::string inspect(transport::RemoteFile& file) const override
  {
    return encode_evidence(gather_evidence(file, m_deep));
  }
  // Quick mode reads only PE images (headers and version resource).
  bool reads_content(std::string_view name) const override { return m_deep || name_expects_pe(name); }

private:
  bool m_deep;
};

void encode_image(Writer& out, const PeImage& image)
{
  out.u32(image.machine);
  out.u8(image.platform ? static_cast<std::uint8_t>(1 + static_cast<int>(*image.platform)) : 0);
  out.u32(image.link_time);
  out.boolean(image.pe32_plus);
  out.boolean(image.file_version.has_value());
  for (const std::uint16_t part : image.file_version ? image.file_version->parts : std::array<std::uint16_t, 4>{}) {
    out.u32(part);
  }
  out.str(image.version_string);
  out.str(image.version_problem);
}

bool decode_image(Reader& in, PeImage& image)
{
  const std::uint32_t machine = in.u32();
  const std::uint8_t platform = in.u8();
  image.link_time = in.u32();
  image.pe32_plus = in.boolean();
  const bool has_version = in.boolean();
  manifest::FileVersion version;
  for (std::uint16_t& part : version.parts) {
    const std::uint32_t value = in.u32();
    if (value > 0xffff) {
      return false;
    }
    part = static_cast<std::uint16_t>(value);
  }
  image.version_string = in.str();
  image.version_problem = in.str();
  if (machine > 0xffff || platform > 1 + static_cast<int>(manifest::k_last_platform)) {
    return false;
  }
  image.machine = static_cast<std::uint16_t>(machine);
  if (platform != 0) {
    image.platform = static_cast<manifest::Platform>(platform - 1);
  }
  if (has_version) {
    image.file_version = version;
  }
  return in.ok();
}

} // namespace

std::shared_ptr<const transport::FileInspector> make_evidence_inspector(bool deep)
{
  return std::make_shared<EvidenceInspector>(deep);
}

std::string encode_evidence(const FileEvidence& evidence)
{
  Writer out;
  out.str(evidence.name);
  out.u64(evidence.size);
  out.boolean(evidence.modified.has_value());
  out.i64(evidence.modified.value_or(0));
  out.u8(static_cast<std::uint8_t>(evidence.time_source));
  out.boolean(evidence.pe_expected);
  out.boolean(evidence.pe.has_value());
  if (evidence.pe) {
    out.u8(static_cast<std::uint8_t>(evidence.pe->outcome));
    encode_image(out, evidence.pe->image);
    out.str(evidence.pe->reason);
    out.u64(evidence.pe->need_until);
    out.u64(evidence.pe->bytes_requested);
  }
  out.str(evidence.read_error);
  out.str(evidence.sha256);
  out.u64(evidence.bytes_read);
  const auto& bytes = out.data();
  return std::string(bytes.begin(), bytes.end());
}

util::Expected<FileEvidence> decode_evidence(std::string_view bytes)
{
  Reader in(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
  FileEvidence evidence;
  evidence.name = in.str();
  evidence.size = in.u64();
  const bool has_modified = in.boolean();
  const std::int64_t modified = in.i64();
  const std::uint8_t time_source = in.u8();
  evidence.pe_expected = in.boolean();
  bool valid = time_source <= static_cast<std::uint8_t>(transport::k_last_time_source);
  if (in.boolean()) {
    PeResult pe;
    const std::uint8_t outcome = in.u8();
    valid = valid && outcome <= static_cast<std::uint8_t>(k_last_pe_outcome) && decode_image(in, pe.image);
    pe.outcome = static_cast<PeOutcome>(outcome);
    pe.reason = in.str();
    pe.need_until = in.u64();
    pe.bytes_requested = in.u64();
    evidence.pe = std::move(pe);
  }
  evidence.read_error = in.str();
  evidence.sha256 = in.str();
  evidence.bytes_read = in.u64();
  if (!valid || !in.done()) {
    return util::unexpected(util::Error("garbled evidence from the worker"));
  }
  if (has_modified) {
    evidence.modified = modified;
  }
  evidence.time_source = static_cast<transport::TimeSource>(time_source);
  return evidence;
}

} // namespace smsscan::evidence
