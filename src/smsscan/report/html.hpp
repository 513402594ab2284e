// The HTML report (--html): one self-contained page a manager can read
// without help, from a USB stick on an offline machine. Styles and SVG
// charts are inline; there is no script and no reference to any other file
// or address (a Content-Security-Policy says so to the browser as well).
// It holds the article, the headline, a chart of the fleet and of each site,
// the remediation, the changes since the previous scan (with --history), a
// table per site, every machine worst first, and the per-file evidence of
// each machine that is not compliant. Every string is escaped for HTML. It
// prints on A4 and Letter with a page break before each long section.
//
// The page needs every machine sorted, so HtmlReport keeps, per machine,
// only what the page shows (the files only of machines that are not
// compliant); it exists only when --html is given.
#pragma once

#include "smsscan/history/diff.hpp"
#include "smsscan/manifest/model.hpp"
#include "smsscan/report/fleet_summary.hpp"
#include "smsscan/scan/results.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace smsscan::report {

// About the run, for the page's header and banners.
struct HtmlRun
{
  std::int64_t started_at = 0;  // Unix seconds
  std::int64_t finished_at = 0; // when the page was written
  std::size_t planned = 0;      // machines the run was asked to scan
  bool interrupted = false;
  bool in_progress = false; // written as the scan starts: replaced when it ends
  std::string generator;    // "smsscan 0.1.0"
  std::string scope;        // what was looked at: "roles client; site code ABC"
  // With --history: the changes since the previous complete scan of the same
  // article, or null when the history holds none.
  bool with_history = false;
  const history::ScanDiff* changes = nullptr;
};

class HtmlReport
{
public:
  explicit HtmlReport(const manifest::Manifest& manifest);

  // Keeps what the page needs of one machine.
  void add(const scan::MachineResult& result);
  std::size_t machines() const { return m_machines.size(); }

  // The whole page for the machines added so far.
  std::string render(const HtmlRun& run) const;

  // One found file of a machine that is not compliant.
  struct File
  {
    std::string location;
    std::string name;
    std::string verdict;
    std::string version;
    std::uint64_t size = 0;
    std::string date; // ISO 8601 UTC, or ""
    std::string date_source;
    std::string reason;
  };
  struct Machine
  {
    std::size_t order = 0; // in the order the targets were given
    std::string target;
    std::string site;
    std::string roles;
    verdict::MachineStatus status = verdict::MachineStatus::error;
    std::string platform;
    std::string build;  // installed build(s) from the file versions
    std::string reason; // one line for the machine table
    std::vector<std::string> errors;
    std::vector<File> files; // only when the machine is not compliant
  };

private:
  const manifest::Manifest& m_manifest;
  std::vector<Machine> m_machines;
  FleetTally m_tally;
};

} // namespace smsscan::report
