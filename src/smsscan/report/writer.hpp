// Writes the streamed reports (CSV, details CSV, JSON Lines) as results
// arrive, a whole row at a time, so an interrupted run leaves valid files of
// what was finished. The first write that fails stops all writing and is
// kept: the command line ends the scan with it.
#pragma once

#include "smsscan/manifest/model.hpp"
#include "smsscan/report/output_file.hpp"
#include "smsscan/scan/results.hpp"

#include <string>

namespace smsscan::report {

class ReportWriter : public scan::ResultSink
{
public:
  struct Outputs
  {
    OutputFile* csv = nullptr;     // main CSV
    OutputFile* details = nullptr; // per-file CSV
    OutputFile* json = nullptr;    // JSON Lines
  };

  ReportWriter(const manifest::Manifest& manifest, Outputs outputs, bool deep);
  void machine_done(const scan::MachineResult& result) override;

  // True once a write failed; failure() names the output and the reason.
  bool failed() const { return m_outputs.failed(); }
  std::string failure() const { return m_outputs.failure(); }

private:
  const manifest::Manifest& m_manifest;
  Outputs m_out;
  bool m_deep;
  OutputSet m_outputs;
};

} // namespace smsscan::report
