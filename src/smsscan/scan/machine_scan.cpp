#include "smsscan/scan/machine_scan.hpp"

#include "smsscan/evidence/gather.hpp"
#include "smsscan/evidence/inspector.hpp"
#include "smsscan/manifest/roles.hpp"
#include "smsscan/util/text.hpp"
#include "smsscan/verdict/consistency.hpp"

#include <algorithm>
#include <ctime>
#include <map>
#include <optional>
#include <set>

namespace smsscan::scan {

namespace {

using manifest::Location;
using manifest::Manifest;
using manifest::ManifestFile;
using manifest::Platform;
using target::Target;
using transport::OpenResult;
using transport::OpenStatus;
using verdict::FileVerdict;
using verdict::MachineStatus;

std::int64_t unix_now()
{
  return static_cast<std::int64_t>(std::time(nullptr));
}

bool role_selected(const std::vector<std::string>& roles, const std::string& role)
{
  return std::find(roles.begin(), roles.end(), role) != roles.end();
}

// One file name to look up at a location (the manifest's first spelling),
// with every row of that name.
struct NameRows
{
  std::string name;
  std::vector<const ManifestFile*> rows;
};

// The distinct file names that can live at a location, in manifest order.
std::vector<NameRows> names_for(const Manifest& manifest, const Location& location)
{
  std::vector<NameRows> names;
  std::map<std::string, std::size_t> index; // lower-case name -> entry
  for (const ManifestFile& row : manifest.files) {
    const bool fits =
      location.platform == Platform::any || row.platform == Platform::any || row.platform == location.platform;
    if (fits && index.emplace(util::to_lower(row.name), names.size()).second) {
      names.push_back({row.name, {}});
    }
  }
  for (const ManifestFile& row : manifest.files) {
    const auto entry = index.find(util::to_lower(row.name));
    if (entry != index.end()) {
      names[entry->second].rows.push_back(&row);
    }
  }
  return names;
}

// The machine's platform from its PE headers, and its status from its file
// verdicts; an error leaves the verdict incomplete, so only a proven
// needs-fix outranks it.
void finish_status(MachineResult& result, bool had_error)
{
  std::vector<FileVerdict> verdicts;
  std::set<std::string> platforms;
  for (const FileFinding& finding : result.files) {
    if (!finding.found) {
      continue;
    }
    verdicts.push_back(finding.judgement.verdict);
    if (finding.judgement.platform) {
      platforms.insert(std::string(manifest::platform_name(*finding.judgement.platform)));
    }
  }
  if (platforms.size() == 1) {
    result.platform = *platforms.begin();
  } else if (platforms.size() > 1) {
    result.platform = "mixed";
  }
  result.status = verdict::status_from_verdicts(verdicts);
  if (had_error && result.status != MachineStatus::needs_fix) {
    result.status = MachineStatus::error;
  }
}

class MachineScan
{
public:
  MachineScan(const Manifest& manifest, const Target& target, transport::Transport& transport,
              const ScanOptions& options, LogonGuard* guard)
      : m_manifest(manifest), m_target(target), m_transport(transport), m_options(options), m_guard(guard),
        m_roles(roles_for(target, options)), m_site_code(site_for(target, options))
  {
    m_result.target = &target;
    m_result.site = m_site_code;
    m_result.roles = m_roles;
  }

  MachineResult run()
  {
    if (m_guard) {
      if (!m_guard->acquire()) {
        m_result.status = MachineStatus::skipped;
        m_result.errors.push_back("not scanned: the credentials were refused by " +
                                  std::to_string(m_guard->failures()) +
                                  " machines; stopped using them to avoid locking the account out");
        m_result.scanned_at = unix_now();
        return std::move(m_result);
      }
      m_holding_guard = true;
    }
    // The machine's time starts once it may log on, not while it waits for the guard.
    m_settings.credentials = m_options.credentials;
    m_settings.timeout = m_options.timeout;
    m_settings.deadline = std::chrono::steady_clock::now() + m_options.timeout;
    m_settings.cancelled = m_options.cancelled;
    m_session = m_transport.start(m_target, m_settings);
    for (const Location& location : m_manifest.locations) {
      if (!m_fatal && role_selected(m_roles, location.role)) {
        scan_location(location);
      }
    }
    settle_guard(LogonGuard::Outcome::not_attempted);
    m_result.connection = m_session->connection();
    finish();
    m_result.scanned_at = unix_now();
    return std::move(m_result);
  }

private:
  // The first answer to a logon settles the guard the machine holds.
  void settle_guard(LogonGuard::Outcome outcome)
  {
    if (m_holding_guard) {
      m_guard->release(outcome);
      m_holding_guard = false;
    }
  }

  void scan_location(const Location& location)
  {
    const std::string share = manifest::resolve_share(location.share, m_site_code);
    const bool is_admin = manifest::is_admin_share(location.share);
    // ADMIN$ may be given as another share and folder (a UNC target).
    const std::string open_share = is_admin ? m_target.admin_share : share;
    std::string folder = location.path;
    if (is_admin && !m_target.admin_folder.empty()) {
      folder = location.path.empty() ? m_target.admin_folder : m_target.admin_folder + "\\" + location.path;
    }
    const std::vector<NameRows> names = names_for(m_manifest, location);
    std::optional<std::vector<transport::InspectResult>> inspected;
    if (!m_fatal && still_in_time()) {
      std::vector<std::string> wanted;
      for (const NameRows& entry : names) {
        wanted.push_back(entry.name);
      }
      // Where the transport inspects files where they are, the whole folder
      // is one exchange.
      inspected = m_session->inspect_files(open_share, folder, wanted);
    }
    for (std::size_t i = 0; i < names.size(); ++i) {
      FileFinding finding;
      finding.location = &location;
      finding.share = open_share;
      finding.folder = folder;
      finding.wanted = names[i].name;
      finding.judgement.verdict = FileVerdict::missing;
      if (!m_fatal) {
        if (!inspected && !still_in_time()) {
          return; // the machine's time is up: the rest of it is not looked at
        }
        std::string reason;
        const OpenStatus status =
          inspected ? take_inspection(finding, (*inspected)[i], reason) : open_and_gather(finding, reason);
        record(finding, status, reason);
      }
      m_rejected.push_back(finding.found && finding.judgement.verdict == FileVerdict::review);
      m_rows.push_back(names[i].rows);
      m_result.files.push_back(std::move(finding));
    }
  }

  // False (and the machine's fatal status set) once Ctrl-C or the deadline came.
  bool still_in_time()
  {
    if (m_options.cancelled && m_options.cancelled->load()) {
      set_fatal(MachineStatus::error, "interrupted");
    } else if (std::chrono::steady_clock::now() > m_settings.deadline) {
      set_fatal(MachineStatus::unreachable, transport::timed_out_message(m_options.timeout));
    }
    return !m_fatal;
  }

  // The evidence of a file inspected where it is.
  static OpenStatus take_inspection(FileFinding& finding, transport::InspectResult& inspected, std::string& detail)
  {
    detail = std::move(inspected.detail);
    if (inspected.status == OpenStatus::ok) {
      util::Expected<evidence::FileEvidence> decoded = evidence::decode_evidence(inspected.inspection);
      if (!decoded) {
        detail = decoded.error().message;
        return OpenStatus::error;
      }
      finding.evidence = std::move(*decoded);
    }
    return inspected.status;
  }

  // Opens the file and gathers its evidence here.
  OpenStatus open_and_gather(FileFinding& finding, std::string& detail)
  {
    OpenResult opened = m_session->open(finding.share, finding.folder, finding.wanted);
    detail = std::move(opened.detail);
    if (opened.status == OpenStatus::ok) {
      finding.evidence = evidence::gather_evidence(*opened.file, m_options.deep);
    }
    return opened.status;
  }

  // What the lookup of a file found: the guard settled by the first logon
  // answer, the evidence (judged later, when every file of the machine is
  // known: see judge_all), or the machine's end.
  void record(FileFinding& finding, OpenStatus status, const std::string& reason)
  {
    switch (status) {
    case OpenStatus::ok:
    case OpenStatus::not_found:
    case OpenStatus::access_denied:
    case OpenStatus::rejected:
      settle_guard(LogonGuard::Outcome::accepted);
      break;
    case OpenStatus::auth_failed:
      settle_guard(LogonGuard::Outcome::refused);
      break;
    case OpenStatus::unreachable:
    case OpenStatus::error:
    case OpenStatus::invalid_target:
      break;
    }
    const std::string detail = reason.empty() ? "" : ": " + reason;
    switch (status) {
    case OpenStatus::ok:
      finding.found = true;
      // A read cut short by the machine's deadline says nothing about the file.
      if ((!finding.evidence.read_error.empty() ||
           (finding.evidence.pe && finding.evidence.pe->outcome != evidence::PeOutcome::ok)) &&
          std::chrono::steady_clock::now() > m_settings.deadline) {
        set_fatal(MachineStatus::unreachable, transport::timed_out_message(m_options.timeout));
      }
      break;
    case OpenStatus::not_found:
      break;
    case OpenStatus::rejected:
      // Something is there, but it is no evidence: the file is for a human to look at.
      finding.found = true;
      finding.evidence.name = finding.wanted;
      finding.judgement.verdict = FileVerdict::review;
      finding.judgement.reason = reason;
      break;
    case OpenStatus::unreachable:
      set_fatal(MachineStatus::unreachable, reason.empty() ? "no connection" : reason);
      break;
    case OpenStatus::auth_failed:
      set_fatal(MachineStatus::auth_failed, "logon refused" + detail);
      break;
    case OpenStatus::invalid_target:
      set_fatal(MachineStatus::error, reason);
      break;
    case OpenStatus::access_denied:
      // What cannot be read is unknown: the machine cannot be called
      // compliant (or not-installed) any more.
      m_denied = true;
      add_error(reason.empty() ? finding.share + (finding.folder.empty() ? "" : "\\" + finding.folder) + " refused"
                               : reason);
      break;
    case OpenStatus::error:
      m_had_error = true;
      add_error(finding.wanted + ": " + reason);
      break;
    }
  }

  // Judges every file found, once all are known: the file times of the
  // whole machine decide whether a file time can be evidence, and the PE
  // platforms of one folder must agree.
  void judge_all()
  {
    std::vector<std::int64_t> file_times;
    std::vector<std::int64_t> row_times;
    for (std::size_t i = 0; i < m_result.files.size(); ++i) {
      const FileFinding& finding = m_result.files[i];
      if (finding.found && finding.evidence.modified && !m_rejected[i]) {
        file_times.push_back(*finding.evidence.modified);
        for (const ManifestFile* row : m_rows[i]) {
          if (const std::optional<std::int64_t> time = verdict::row_time(m_manifest, *row)) {
            row_times.push_back(*time);
          }
        }
      }
    }
    verdict::VerdictSettings settings = m_options.verdict;
    settings.file_times_reset = verdict::file_times_look_reset(file_times, row_times, settings.now);
    std::map<const Location*, std::vector<verdict::Judgement*>> folders;
    for (std::size_t i = 0; i < m_result.files.size(); ++i) {
      FileFinding& finding = m_result.files[i];
      if (!finding.found || m_rejected[i]) {
        continue;
      }
      finding.judgement =
        verdict::judge_file(m_manifest, m_rows[i], finding.location->platform, finding.evidence, settings);
      if (finding.location->platform == Platform::any) {
        folders[finding.location].push_back(&finding.judgement);
      }
    }
    for (const auto& [location, judgements] : folders) {
      verdict::flag_platform_outliers(judgements);
    }
  }

  void add_error(std::string error)
  {
    if (std::find(m_result.errors.begin(), m_result.errors.end(), error) == m_result.errors.end()) {
      m_result.errors.push_back(std::move(error));
    }
  }

  void set_fatal(MachineStatus status, std::string reason)
  {
    m_fatal = status;
    m_result.errors.push_back(std::move(reason));
  }

  // The machine's status: a fatal outcome, else its verdicts, where a
  // proven needs-fix outranks what could not be read, and what could not be
  // read outranks everything else.
  void finish()
  {
    if (m_fatal) {
      m_result.status = *m_fatal;
      return;
    }
    judge_all();
    finish_status(m_result, m_had_error);
    if (m_denied && m_result.status != MachineStatus::needs_fix && m_result.status != MachineStatus::error) {
      m_result.status = MachineStatus::access_denied;
    }
  }

  const Manifest& m_manifest;
  const Target& m_target;
  transport::Transport& m_transport;
  const ScanOptions& m_options;
  LogonGuard* m_guard;
  const std::vector<std::string>& m_roles;
  const std::string& m_site_code;
  bool m_holding_guard = false;
  transport::SessionSettings m_settings;
  std::unique_ptr<transport::MachineSession> m_session;
  bool m_denied = false; // some share, folder or file was refused
  bool m_had_error = false;
  std::vector<std::vector<const ManifestFile*>> m_rows; // per finding: the manifest rows of its name
  std::vector<bool> m_rejected;                         // per finding: found but no evidence
  std::optional<MachineStatus> m_fatal;
  MachineResult m_result;
};

} // namespace

const std::vector<std::string>& roles_for(const Target& target, const ScanOptions& options)
{
  return target.roles.empty() ? options.roles : target.roles;
}

const std::string& site_for(const Target& target, const ScanOptions& options)
{
  return target.site_code.empty() ? options.site_code : target.site_code;
}

MachineResult scan_machine(const Manifest& manifest, const Target& target, transport::Transport& transport,
                           const ScanOptions& options, LogonGuard* guard)
{
  return MachineScan(manifest, target, transport, options, guard).run();
}

} // namespace smsscan::scan
