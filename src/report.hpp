// Reports: the CSV compliance report, the per-file details CSV, JSON Lines
// and the terminal table. Everything a scanned machine supplied (file names,
// version strings, error texts) is untrusted: control characters are
// replaced, and CSV fields that a spreadsheet would run as a formula are
// neutralised.
#pragma once

#include "scan_engine.hpp"

#include <cstdio>
#include <mutex>
#include <string>
#include <string_view>

namespace smsscan {

// Replaces control characters (C0, DEL, C1) and invalid UTF-8 with '?'.
std::string printable(std::string_view text);

// One RFC 4180 field: printable(), then a leading = + - @ tab or CR gets a
// leading apostrophe, then quoted if it holds a comma, quote or line break.
std::string csv_field(std::string_view text);

// A JSON string literal (with quotes); invalid UTF-8 becomes U+FFFD.
std::string json_string(std::string_view text);

// The compliance report's columns, in order.
extern const char* const k_csv_header;
extern const char* const k_details_header;

// The main CSV row of a machine (without the line break).
std::string csv_row(const MachineResult& result);

// The summary sentence: "12 of 40 machines still need SMS 2.0 Service Pack 1".
std::string summary_line(const Manifest& manifest, const ScanSummary& summary);

// The text of the outdated / review / error columns (shared by every format).
std::string outdated_text(const MachineResult& result);
std::string review_text(const MachineResult& result);
std::string error_text(const MachineResult& result);

// Writes every requested report as results arrive, flushing each row, so an
// interrupted run leaves valid files of what was finished.
class ReportWriter : public ResultSink
{
public:
  struct Outputs
  {
    std::FILE* csv = nullptr;     // main CSV
    std::FILE* details = nullptr; // per-file CSV
    std::FILE* json = nullptr;    // JSON Lines
    std::FILE* table = nullptr;   // terminal lines (stdout), or null
  };

  ReportWriter(const Manifest& manifest, Outputs outputs, bool deep);
  void machine_done(const MachineResult& result) override;
  // Taken while writing a row; hold it to stop writes (e.g. on Ctrl-C).
  std::mutex& write_mutex() { return m_mutex; }

private:
  const Manifest& m_manifest;
  Outputs m_out;
  bool m_deep;
  std::mutex m_mutex;
};

} // namespace smsscan
