#include "smsscan/cli/scan_outputs.hpp"

#include "smsscan/cli/app.hpp"
#include "smsscan/cli/console.hpp"
#include "smsscan/cli/exit_status.hpp"
#include "smsscan/util/error.hpp"
#include "smsscan/util/text.hpp"

#include <unistd.h>

#include <cstdio>
#include <ctime>
#include <set>

namespace smsscan::cli {

namespace {

using util::Fatal;

std::int64_t unix_now()
{
  return static_cast<std::int64_t>(std::time(nullptr));
}

// The roles the targets are scanned as, each once: "client, cap".
std::string roles_text(const std::vector<target::Target>& targets, const scan::ScanOptions& options)
{
  std::vector<std::string> roles;
  std::set<std::string> seen;
  for (const target::Target& target : targets) {
    for (const std::string& role : scan::roles_for(target, options)) {
      if (seen.insert(role).second) {
        roles.push_back(role);
      }
    }
  }
  return util::join(roles, ", ");
}

// The options that decide verdicts, for the history.
std::string options_text(const ScanCommand& command, const std::string& roles)
{
  std::string text = "roles " + roles;
  if (!command.site_code.empty()) {
    text += "; site code " + command.site_code;
  }
  char tolerance[32];
  std::snprintf(tolerance, sizeof(tolerance), "%g", command.tolerance_hours);
  text += std::string("; tolerance ") + tolerance + " h; " + (command.deep ? "deep" : "quick");
  for (const std::string& location : command.locations) {
    text += "; location " + location;
  }
  return text;
}

} // namespace

ScanOutputs::ScanOutputs(const Context& context) : m_context(context), m_started_at(unix_now())
{
  const ScanCommand& command = context.command;
  const manifest::Manifest& manifest = context.manifest;
  const std::vector<OutputRequest> requests = {{"--csv", command.csv_path},
                                               {"--json", command.json_path},
                                               {"--details", command.details_path},
                                               {"--html", command.html_path},
                                               {"--history", command.history_path, true}};
  const std::string roles = roles_text(context.targets, context.options);
  // The history is opened (and refused when damaged or foreign) before any
  // report file is truncated.
  const auto open_history = [&] {
    if (command.history_path.empty()) {
      return;
    }
    util::Expected<history::History> opened =
      history::History::open(command.history_path, history::History::Mode::record);
    if (!opened) {
      throw Fatal(exit_no_input, "--history " + opened.error().to_string());
    }
    m_history = std::make_unique<history::History>(std::move(*opened));
    if (m_history->upgraded_from() > 0) {
      print_warning("history " + command.history_path + " was written by an older smsscan (schema " +
                    std::to_string(m_history->upgraded_from()) + "); upgraded it to schema " +
                    std::to_string(history::k_schema_version));
    }
  };
  m_files = std::make_unique<OutputFiles>(
    requests, std::vector<std::string>{command.manifest_path, command.hosts_file, command.reach.auth_file},
    open_history);

  if (!m_files->stdout_used() && !command.quiet) {
    m_table = std::make_unique<report::OutputFile>(STDOUT_FILENO, "standard output");
  }
  m_writer = std::make_unique<report::ReportWriter>(
    manifest, report::ReportWriter::Outputs{m_files->get("--csv"), m_files->get("--details"), m_files->get("--json")},
    command.deep);
  if (m_writer->failed()) {
    throw Fatal(exit_no_input, "cannot write " + m_writer->failure());
  }
  if (m_files->get("--html")) {
    m_html = std::make_unique<report::HtmlReport>(manifest);
    // Until the scan ends the page says it is under way, so that a run that
    // is killed leaves a valid page that says so.
    write_html(false, false);
  }
  if (m_history) {
    history::NewScan scan;
    scan.started_at = m_started_at;
    scan.kb = manifest.kb;
    scan.fix = manifest.fix;
    scan.manifest = manifest.source;
    scan.options = options_text(command, roles);
    scan.generator = program_version();
    scan.planned = context.targets.size();
    util::Expected<std::int64_t> id = m_history->begin_scan(scan);
    if (!id) {
      throw Fatal(exit_no_input, "cannot write --history " + id.error().to_string());
    }
    m_scan_id = *id;
  }
  if (m_table) {
    std::vector<std::string> texts;
    std::vector<std::string> sites;
    for (const target::Target& target : context.targets) {
      texts.push_back(target.text);
      sites.push_back(scan::site_for(target, context.options));
    }
    m_layout = report::table_layout(texts, sites, stdout_width());
    write_table_line(report::table_header(m_layout));
  }
  if (!m_failure.empty()) {
    throw Fatal(exit_no_input, "cannot write " + m_failure);
  }
}

ScanOutputs::~ScanOutputs() = default;

bool ScanOutputs::failed() const
{
  std::lock_guard<std::mutex> lock(m_mutex);
  return !m_failure.empty() || m_writer->failed();
}

std::string ScanOutputs::failure() const
{
  std::lock_guard<std::mutex> lock(m_mutex);
  return m_failure.empty() ? m_writer->failure() : m_failure;
}

void ScanOutputs::fail(const std::string& what)
{
  if (m_failure.empty()) {
    m_failure = what;
  }
}

void ScanOutputs::write_table_line(const std::string& line)
{
  if (!m_table || !m_failure.empty()) {
    return;
  }
  if (m_context.progress) {
    m_context.progress->clear();
  }
  if (!m_table->write_line(line)) {
    fail(m_table->error());
  }
}

void ScanOutputs::machine_done(const scan::MachineResult& result)
{
  std::lock_guard<std::mutex> lock(m_mutex);
  if (m_closed || !m_failure.empty() || m_writer->failed()) {
    return;
  }
  m_writer->machine_done(result);
  if (m_writer->failed()) {
    return;
  }
  if (m_history) {
    if (const util::Expected<void> added = m_history->add_machine(m_scan_id, result); !added) {
      fail(added.error().to_string());
      return;
    }
  }
  m_tally.add(result);
  if (m_html) {
    m_html->add(result);
  }
  write_table_line(report::table_row(result, m_layout));
}

void ScanOutputs::write_html(bool interrupted, bool final_page)
{
  // Written even after another output failed: the page then says the scan stopped.
  report::OutputFile* file = m_files->get("--html");
  if (!m_html || !file || file->failed()) {
    return;
  }
  if (!final_page && file->is_stdout()) {
    return; // standard output gets the finished page only
  }
  report::HtmlRun run;
  run.started_at = m_started_at;
  run.finished_at = unix_now();
  run.planned = m_context.targets.size();
  run.interrupted = interrupted;
  run.in_progress = !final_page;
  run.generator = program_version();
  run.scope = "roles " + roles_text(m_context.targets, m_context.options);
  std::optional<history::ScanDiff> diff;
  if (m_history && final_page) {
    run.with_history = true;
    util::Expected<std::vector<history::ScanInfo>> scans = m_history->scans();
    if (!scans) {
      fail(scans.error().to_string());
      return;
    }
    std::optional<history::ScanInfo> current;
    for (const history::ScanInfo& scan : *scans) {
      if (scan.id == m_scan_id) {
        current = scan;
      }
    }
    const std::optional<history::ScanInfo> previous =
      history::previous_complete(*scans, m_context.manifest.kb, m_scan_id);
    if (current && previous) {
      util::Expected<history::ScanDiff> computed = m_history->diff(*previous, *current);
      if (!computed) {
        fail(computed.error().to_string());
        return;
      }
      diff = std::move(*computed);
      run.changes = &*diff;
    }
  }
  if (!file->replace_text(m_html->render(run))) {
    fail(file->error());
  }
}

void ScanOutputs::close(bool interrupted)
{
  std::lock_guard<std::mutex> lock(m_mutex);
  if (m_closed) {
    return;
  }
  m_closed = true;
  if (m_writer->failed()) {
    fail(m_writer->failure());
  }
  const bool stopped = interrupted || !m_failure.empty();
  if (m_history) {
    const history::ScanState state = stopped ? history::ScanState::interrupted : history::ScanState::complete;
    if (const util::Expected<void> done = m_history->finish_scan(m_scan_id, state, unix_now()); !done) {
      fail(done.error().to_string());
    }
  }
  write_html(stopped, true);
  m_history.reset(); // closes the file and folds SQLite's log back into it
  if (m_context.progress) {
    m_context.progress->stop();
  }
  if (!stopped && !m_context.command.quiet) {
    print_summary();
  }
}

void ScanOutputs::print_summary()
{
  const std::size_t width = m_table ? m_layout.width : 80;
  for (const std::string& line : report::summary_lines(m_context.manifest, m_tally, width)) {
    if (m_table) {
      write_table_line(line);
    } else {
      std::fprintf(stderr, "%s\n", line.c_str());
    }
  }
}

} // namespace smsscan::cli
