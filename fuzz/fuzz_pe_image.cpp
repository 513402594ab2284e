// libFuzzer target for inspect_pe: the input is a whole file. Besides the
// sanitizers, it traps when the reader breaks its contract: a read past the
// end of the file, need_more from a complete buffer, an unprintable or long
// version string, or a streamed read that ends differently from the buffered one.
#include "smsscan/evidence/pe_image.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>

namespace {

bool printable(const std::string& text)
{
  return text.size() <= 128 && std::all_of(text.begin(), text.end(), [](char c) { return c >= 0x20 && c < 0x7F; });
}

bool same(const smsscan::evidence::PeResult& a, const smsscan::evidence::PeResult& b)
{
  return a.outcome == b.outcome && a.reason == b.reason && a.image.machine == b.image.machine &&
         a.image.link_time == b.image.link_time && a.image.file_version == b.image.file_version &&
         a.image.version_string == b.image.version_string && a.image.version_problem == b.image.version_problem;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  const smsscan::evidence::PeResult whole = smsscan::evidence::inspect_pe_buffer(data, size);
  if (whole.outcome == smsscan::evidence::PeOutcome::need_more || !printable(whole.image.version_string) ||
      (whole.outcome == smsscan::evidence::PeOutcome::corrupt && whole.reason.empty())) {
    __builtin_trap();
  }

  // The same file from a source that has received only a prefix so far.
  std::uint64_t available = size / 3;
  const smsscan::evidence::ReadAt read = [&](std::uint64_t offset, std::size_t length, std::uint8_t* out) {
    if (offset > size || length > size - offset) {
      __builtin_trap();
    }
    if (offset + length > available) {
      return smsscan::transport::ReadStatus::not_yet;
    }
    std::copy_n(data + offset, length, out);
    return smsscan::transport::ReadStatus::ok;
  };
  for (int round = 0; round < 64; ++round) {
    const smsscan::evidence::PeResult streamed = smsscan::evidence::inspect_pe(size, read);
    if (streamed.outcome != smsscan::evidence::PeOutcome::need_more) {
      if (!same(streamed, whole)) {
        __builtin_trap();
      }
      return 0;
    }
    if (streamed.need_until <= available || streamed.need_until > size) {
      __builtin_trap();
    }
    available = streamed.need_until;
  }
  __builtin_trap(); // no progress after 64 rounds
}
