#include "smsscan/scan/machine_scan.hpp"

#include "smsscan/evidence/gather.hpp"
#include "smsscan/evidence/inspector.hpp"
#include "smsscan/manifest/roles.hpp"
#include "smsscan/util/text.hpp"

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
        m_roles(target.roles.empty() ? options.roles : target.roles),
        m_site_code(target.site_code.empty() ? options.site_code : target.site_code)
  {
    m_result.target = &target;
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
    if (!m_fatal && m_refused_shares.count(util::to_lower(open_share)) == 0 && still_in_time()) {
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
      if (!m_fatal && m_refused_shares.count(util::to_lower(open_share)) == 0) {
        if (!inspected && !still_in_time()) {
          return; // the machine's time is up: the rest of it is not looked at
        }
        std::string reason;
        const OpenStatus status =
          inspected ? take_inspection(finding, (*inspected)[i], reason) : open_and_gather(finding, reason);
        judge(finding, status, reason, names[i].rows, location);
      }
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
  // answer, the verdict, or the machine's or share's end.
  void judge(FileFinding& finding, OpenStatus status, const std::string& reason,
             const std::vector<const ManifestFile*>& rows, const Location& location)
  {
    switch (status) {
    case OpenStatus::ok:
    case OpenStatus::not_found:
    case OpenStatus::access_denied:
      settle_guard(LogonGuard::Outcome::accepted);
      break;
    case OpenStatus::auth_failed:
      settle_guard(LogonGuard::Outcome::refused);
      break;
    case OpenStatus::unreachable:
    case OpenStatus::error:
      break;
    }
    const std::string detail = reason.empty() ? "" : ": " + reason;
    switch (status) {
    case OpenStatus::ok:
      finding.found = true;
      finding.judgement = verdict::judge_file(m_manifest, rows, location.platform, finding.evidence, m_options.verdict);
      break;
    case OpenStatus::not_found:
      break;
    case OpenStatus::unreachable:
      set_fatal(MachineStatus::unreachable, reason.empty() ? "no connection" : reason);
      break;
    case OpenStatus::auth_failed:
      set_fatal(MachineStatus::auth_failed, "logon refused" + detail);
      break;
    case OpenStatus::access_denied:
      m_refused_shares.insert(util::to_lower(finding.share));
      m_result.errors.push_back("share " + finding.share + " refused" + detail);
      break;
    case OpenStatus::error:
      m_had_error = true;
      m_result.errors.push_back(finding.wanted + ": " + reason);
      break;
    }
  }

  void set_fatal(MachineStatus status, std::string reason)
  {
    m_fatal = status;
    m_result.errors.push_back(std::move(reason));
  }

  void finish()
  {
    if (m_fatal) {
      m_result.status = *m_fatal;
      return;
    }
    finish_status(m_result, m_had_error);
    // Every share refused and nothing found: the machine itself refused us.
    if (!m_refused_shares.empty() && m_result.status == MachineStatus::not_installed) {
      std::set<std::string> shares_used;
      for (const FileFinding& finding : m_result.files) {
        shares_used.insert(util::to_lower(finding.share));
      }
      if (shares_used.size() == m_refused_shares.size()) {
        m_result.status = MachineStatus::access_denied;
      }
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
  std::set<std::string> m_refused_shares;
  bool m_had_error = false;
  std::optional<MachineStatus> m_fatal;
  MachineResult m_result;
};

} // namespace

MachineResult scan_machine(const Manifest& manifest, const Target& target, transport::Transport& transport,
                           const ScanOptions& options, LogonGuard* guard)
{
  return MachineScan(manifest, target, transport, options, guard).run();
}

} // namespace smsscan::scan
