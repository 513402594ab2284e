// pe_dump FILE...: one JSON line per file with what inspect_pe read from it.
// Used by tests/pe_oracle_test.py to compare the reader with python3-pefile.
// Exit status: 0, or 1 when a file could not be opened.
#include "smsscan/evidence/pe_image.hpp"

#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>
#include <string_view>

namespace {

std::string json_string(std::string_view text)
{
  std::string out = "\"";
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (byte < 0x20 || byte >= 0x7F) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\u%04x", byte);
      out += escaped;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

const char* outcome_name(smsscan::evidence::PeOutcome outcome)
{
  switch (outcome) {
  case smsscan::evidence::PeOutcome::ok:
    return "ok";
  case smsscan::evidence::PeOutcome::corrupt:
    return "corrupt";
  case smsscan::evidence::PeOutcome::need_more:
    return "need_more";
  }
  return "corrupt";
}

} // namespace

int main(int argc, char** argv)
{
  if (argc < 2) {
    std::cerr << "usage: pe_dump FILE...\n";
    return 2;
  }
  int status = 0;
  for (int i = 1; i < argc; ++i) {
    const std::string path = argv[i];
    std::ifstream in(path, std::ios::binary | std::ios::ate);
    if (!in) {
      std::cout << "{\"file\":" << json_string(path)
                << ",\"outcome\":\"corrupt\",\"machine\":0,\"link_time\":0,\"file_version\":null,"
                   "\"version_string\":\"\",\"reason\":\"cannot open the file\",\"bytes_requested\":0}\n";
      status = 1;
      continue;
    }
    const auto size = static_cast<std::uint64_t>(in.tellg());
    const smsscan::evidence::ReadAt read = [&in](std::uint64_t offset, std::size_t length, std::uint8_t* out) {
      in.clear();
      in.seekg(static_cast<std::streamoff>(offset));
      in.read(reinterpret_cast<char*>(out), static_cast<std::streamsize>(length));
      return in.gcount() == static_cast<std::streamsize>(length) ? smsscan::transport::ReadStatus::ok
                                                                 : smsscan::transport::ReadStatus::failed;
    };
    const smsscan::evidence::PeResult result = smsscan::evidence::inspect_pe(size, read);
    const smsscan::evidence::PeImage& image = result.image;
    const std::string& reason =
      result.outcome == smsscan::evidence::PeOutcome::ok ? image.version_problem : result.reason;
    std::cout << "{\"file\":" << json_string(path) << ",\"outcome\":\"" << outcome_name(result.outcome)
              << "\",\"machine\":" << image.machine << ",\"link_time\":" << image.link_time << ",\"file_version\":"
              << (image.file_version ? json_string(image.file_version->to_string()) : std::string("null"))
              << ",\"version_string\":" << json_string(image.version_string) << ",\"reason\":" << json_string(reason)
              << ",\"bytes_requested\":" << result.bytes_requested << "}\n";
  }
  return status;
}
