// Helpers shared by the scan stage's unit tests: the built-in manifest,
// options for local scans, targets, and machine images built from the
// mingw fixture DLLs.
#pragma once

#include "smsscan/manifest/default_manifest.hpp"
#include "smsscan/scan/machine_scan.hpp"
#include "smsscan/target/target.hpp"
#include "smsscan/transport/local/local_transport.hpp"
#include "smsscan/util/text.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <memory>
#include <string>

#ifndef SMSSCAN_HAVE_MINGW
#define SMSSCAN_HAVE_MINGW 0
#endif

namespace smsscan::test {

using manifest::Manifest;
using scan::FileFinding;
using scan::MachineResult;
using scan::ScanOptions;
using target::Target;
using transport::Transport;
using namespace std::chrono_literals;

inline const char* const k_fixture_1239 = "pe-template-2.0.1239.0.dll";
inline const char* const k_fixture_1380 = "pe-template-2.0.1380.1000.dll";
inline const char* const k_client_bin = "MS/SMS/CORE/BIN";
// The nine distinct file names of Q231399 that can live in the client folder.
inline constexpr std::size_t k_client_names = 9;

// True when the fixtures exist. Without mingw-w64 the caller skips its checks
// with a MESSAGE; with mingw-w64 a missing fixture is a failure.
inline bool have_fixtures()
{
  if (smsscan::test::fixtures_present({k_fixture_1239, k_fixture_1380})) {
    return true;
  }
  if (SMSSCAN_HAVE_MINGW) {
    FAIL_CHECK("mingw-w64 was found but the PE fixtures are missing");
  }
  return false;
}

inline Manifest default_manifest()
{
  const auto loaded = smsscan::manifest::load_default_manifest();
  REQUIRE_MESSAGE(loaded.has_value(), loaded.error().to_string());
  return *loaded;
}

inline ScanOptions local_options()
{
  ScanOptions options;
  options.jobs = 4;
  options.timeout = 30s;
  options.verdict.now = static_cast<std::int64_t>(std::time(nullptr));
  return options;
}

inline Target local_target(const std::string& path)
{
  const auto parsed = smsscan::target::parse_target(path);
  REQUIRE_MESSAGE(parsed.has_value(), parsed.error().message);
  REQUIRE(parsed->kind == Target::Kind::local);
  return *parsed;
}

inline Target smb_target(const std::string& host)
{
  const auto parsed = smsscan::target::parse_target(host);
  REQUIRE_MESSAGE(parsed.has_value(), parsed.error().message);
  REQUIRE(parsed->kind == Target::Kind::smb);
  return *parsed;
}

// "MZ" and junk: named like a PE image but not one.
inline std::string garbage_pe()
{
  return "MZ" + std::string(200, 'x');
}

inline const FileFinding* finding_for(const MachineResult& result, const std::string& wanted)
{
  for (const FileFinding& finding : result.files) {
    if (smsscan::util::iequals(finding.wanted, wanted)) {
      return &finding;
    }
  }
  return nullptr;
}

inline std::size_t found_count(const MachineResult& result)
{
  return static_cast<std::size_t>(
    std::count_if(result.files.begin(), result.files.end(), [](const FileFinding& f) { return f.found; }));
}

inline MachineResult scan_local(const Manifest& manifest, const Target& target)
{
  const std::unique_ptr<Transport> transport = smsscan::transport::make_local_transport();
  return smsscan::scan::scan_machine(manifest, target, *transport, local_options(), nullptr);
}

} // namespace smsscan::test
