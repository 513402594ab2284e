// Everything a scan writes as its machines finish, behind one lock: the
// streamed reports (CSV, details CSV, JSON Lines), the terminal table, the
// machines the HTML report keeps (only with --html), and the history (only
// with --history, a machine committed at a time). The first failure stops
// every output and is kept. close() ends them all with what finished: the
// HTML page is written (marked incomplete when interrupted) and the
// history's scan marked complete or interrupted; nothing is written after
// it, so the interrupt watcher may leave the process at once.
#pragma once

#include "smsscan/cli/output_files.hpp"
#include "smsscan/cli/progress.hpp"
#include "smsscan/cli/scan_command.hpp"
#include "smsscan/history/store.hpp"
#include "smsscan/manifest/model.hpp"
#include "smsscan/report/fleet_summary.hpp"
#include "smsscan/report/html.hpp"
#include "smsscan/report/terminal_table.hpp"
#include "smsscan/report/writer.hpp"
#include "smsscan/scan/machine_scan.hpp"
#include "smsscan/target/target.hpp"

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace smsscan::cli {

class ScanOutputs : public scan::ResultSink
{
public:
  struct Context
  {
    const manifest::Manifest& manifest;
    const ScanCommand& command;
    const std::vector<target::Target>& targets;
    const scan::ScanOptions& options;
    TerminalProgress* progress = nullptr; // null when no progress line is shown
  };

  // Checks every output path, opens the history, then opens (truncates) the
  // report files and writes their headers. Throws util::Fatal.
  explicit ScanOutputs(const Context& context);
  ~ScanOutputs() override;
  ScanOutputs(const ScanOutputs&) = delete;
  ScanOutputs& operator=(const ScanOutputs&) = delete;

  void machine_done(const scan::MachineResult& result) override;

  // Ends every output (once; later calls do nothing). Not interrupted: the
  // summary follows the table.
  void close(bool interrupted);

  bool failed() const;
  // "<file>: <reason>" of the first failure, else "".
  std::string failure() const;

private:
  // Records the first failure; every output stops.
  void fail(const std::string& what);
  void write_table_line(const std::string& line);
  void write_html(bool interrupted, bool final_page);
  void print_summary();

  Context m_context;
  std::unique_ptr<OutputFiles> m_files;
  std::unique_ptr<report::OutputFile> m_table; // standard output, unless a report goes there
  std::unique_ptr<report::ReportWriter> m_writer;
  std::unique_ptr<report::HtmlReport> m_html;
  std::unique_ptr<history::History> m_history;
  std::int64_t m_scan_id = 0;
  std::int64_t m_started_at = 0;
  report::TableLayout m_layout;
  report::FleetTally m_tally;

  mutable std::mutex m_mutex;
  bool m_closed = false;
  std::string m_failure;
};

} // namespace smsscan::cli
