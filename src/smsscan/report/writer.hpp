// Writes every requested report as results arrive, flushing each row, so an
// interrupted run leaves valid files of what was finished.
#pragma once

#include "smsscan/manifest/model.hpp"
#include "smsscan/scan/results.hpp"

#include <cstdio>
#include <mutex>

namespace smsscan::report {

class ReportWriter : public scan::ResultSink
{
public:
  struct Outputs
  {
    std::FILE* csv = nullptr;     // main CSV
    std::FILE* details = nullptr; // per-file CSV
    std::FILE* json = nullptr;    // JSON Lines
    std::FILE* table = nullptr;   // terminal lines (stdout), or null
  };

  ReportWriter(const manifest::Manifest& manifest, Outputs outputs, bool deep);
  void machine_done(const scan::MachineResult& result) override;
  // Taken while writing a row; hold it to stop writes (e.g. on Ctrl-C).
  std::mutex& write_mutex() { return m_mutex; }

private:
  const manifest::Manifest& m_manifest;
  Outputs m_out;
  bool m_deep;
  std::mutex m_mutex;
};

} // namespace smsscan::report
