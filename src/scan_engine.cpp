#include "scan_engine.hpp"

#include "sha256.hpp"
#include "text.hpp"

#include <algorithm>
#include <ctime>
#include <map>
#include <set>
#include <thread>

namespace smsscan {

namespace {

std::int64_t unix_now()
{
  return static_cast<std::int64_t>(std::time(nullptr));
}

std::string resolve_share(const std::string& share, const std::string& site_code)
{
  std::string resolved = share;
  const std::string placeholder = "{site}";
  const std::size_t at = resolved.find(placeholder);
  if (at != std::string::npos) {
    resolved.replace(at, placeholder.size(), site_code);
  }
  return resolved;
}

bool role_selected(const std::vector<std::string>& roles, const std::string& role)
{
  return std::find(roles.begin(), roles.end(), role) != roles.end();
}

// The distinct file names (first spelling wins) that can live at a location,
// and every row of each name.
std::vector<std::pair<std::string, std::vector<const ManifestFile*>>> names_for(const Manifest& manifest,
                                                                                const Location& location)
{
  std::vector<std::pair<std::string, std::vector<const ManifestFile*>>> names;
  for (const ManifestFile& row : manifest.files) {
    const bool fits =
      location.platform == Platform::any || row.platform == Platform::any || row.platform == location.platform;
    if (!fits) {
      continue;
    }
    auto existing =
      std::find_if(names.begin(), names.end(), [&](const auto& entry) { return iequals(entry.first, row.name); });
    if (existing == names.end()) {
      names.push_back({row.name, {}});
    }
  }
  for (auto& entry : names) {
    for (const ManifestFile& row : manifest.files) {
      if (iequals(row.name, entry.first)) {
        entry.second.push_back(&row);
      }
    }
  }
  return names;
}

// Serves the PE reader's many small reads (DOS header, COFF header, section
// table, resource directories, version data) from whole 4 KiB blocks, so a
// remote file costs a few round trips instead of one per structure. At most
// max_cached bytes are kept; quick mode stays within that budget per file.
class BlockReader
{
public:
  static constexpr std::uint64_t block_size = 4096;
  static constexpr std::size_t max_cached = 64 * 1024;

  explicit BlockReader(RemoteFile& file) : m_file(file) {}

  ReadStatus read(std::uint64_t offset, std::size_t length, std::uint8_t* out)
  {
    const std::uint64_t size = m_file.size();
    if (length == 0) {
      return ReadStatus::ok;
    }
    const std::uint64_t end = offset + length;
    if (end < offset || end > size) {
      return ReadStatus::failed;
    }
    const std::uint64_t first = offset / block_size;
    const std::uint64_t last = (end - 1) / block_size;
    if ((last - first + 1) * block_size > max_cached) {
      return m_file.read(offset, length, out); // too large to cache: straight through
    }
    // Fetch the missing blocks of the range with one read.
    std::uint64_t missing_first = last + 1;
    std::uint64_t missing_last = 0;
    for (std::uint64_t block = first; block <= last; ++block) {
      if (m_blocks.count(block) == 0) {
        missing_first = std::min(missing_first, block);
        missing_last = block;
      }
    }
    if (missing_first <= missing_last) {
      if (m_cached + (missing_last - missing_first + 1) * block_size > max_cached) {
        m_blocks.clear();
        m_cached = 0;
        missing_first = first;
        missing_last = last;
      }
      const std::uint64_t span_start = missing_first * block_size;
      const std::uint64_t span_end = std::min(size, (missing_last + 1) * block_size);
      std::vector<std::uint8_t> span(static_cast<std::size_t>(span_end - span_start));
      const ReadStatus status = m_file.read(span_start, span.size(), span.data());
      if (status != ReadStatus::ok) {
        return status;
      }
      for (std::uint64_t block = missing_first; block <= missing_last; ++block) {
        const std::uint64_t from = block * block_size - span_start;
        const std::uint64_t to = std::min<std::uint64_t>(span.size(), from + block_size);
        m_blocks[block].assign(span.begin() + static_cast<std::ptrdiff_t>(from),
                               span.begin() + static_cast<std::ptrdiff_t>(to));
        m_cached += block_size;
      }
    }
    for (std::uint64_t at = offset; at < end;) {
      const std::vector<std::uint8_t>& block = m_blocks.at(at / block_size);
      const std::uint64_t within = at % block_size;
      const std::uint64_t take = std::min<std::uint64_t>(end - at, block.size() - within);
      std::copy_n(block.begin() + static_cast<std::ptrdiff_t>(within), take, out + (at - offset));
      at += take;
    }
    return ReadStatus::ok;
  }

private:
  RemoteFile& m_file;
  std::map<std::uint64_t, std::vector<std::uint8_t>> m_blocks;
  std::size_t m_cached = 0;
};

FileEvidence gather_evidence(RemoteFile& file, bool deep)
{
  FileEvidence evidence;
  evidence.name = file.actual_name();
  evidence.size = file.size();
  evidence.modified = file.modified();
  evidence.time_source = file.time_source();
  evidence.pe_expected = name_expects_pe(evidence.name);
  if (evidence.pe_expected) {
    BlockReader blocks(file);
    evidence.pe = inspect_pe(evidence.size, [&](std::uint64_t offset, std::size_t length, std::uint8_t* out) {
      return blocks.read(offset, length, out);
    });
    if (evidence.pe->outcome == PeOutcome::need_more) {
      // Blocking transports never answer not_yet; treat it as a read failure.
      evidence.read_error = "the transport could not deliver the bytes the PE reader asked for";
      evidence.pe.reset();
    }
  }
  if (deep && evidence.read_error.empty()) {
    Sha256 hash;
    std::vector<std::uint8_t> buffer(64 * 1024);
    for (std::uint64_t offset = 0; offset < evidence.size;) {
      const std::size_t length =
        static_cast<std::size_t>(std::min<std::uint64_t>(buffer.size(), evidence.size - offset));
      if (file.read(offset, length, buffer.data()) != ReadStatus::ok) {
        evidence.read_error = "read failed at offset " + std::to_string(offset);
        break;
      }
      hash.update(buffer.data(), length);
      offset += length;
    }
    if (evidence.read_error.empty()) {
      evidence.sha256 = hash.finish_hex();
    }
  }
  evidence.bytes_read = file.bytes_transferred();
  return evidence;
}

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
      platforms.insert(std::string(platform_name(*finding.judgement.platform)));
    }
  }
  if (platforms.size() == 1) {
    result.platform = *platforms.begin();
  } else if (platforms.size() > 1) {
    result.platform = "mixed";
  }
  result.status = status_from_verdicts(verdicts);
  // An error leaves the verdict incomplete; only a proven needs-fix outranks it.
  if (had_error && result.status != MachineStatus::needs_fix) {
    result.status = MachineStatus::error;
  }
}

} // namespace

LogonGuard::LogonGuard(int max_failures) : m_max_failures(max_failures) {}

bool LogonGuard::acquire()
{
  std::unique_lock<std::mutex> lock(m_mutex);
  m_changed.wait(lock,
                 [&] { return m_failures >= m_max_failures || m_proven || m_in_flight < m_max_failures - m_failures; });
  if (m_failures >= m_max_failures) {
    return false;
  }
  ++m_in_flight;
  return true;
}

void LogonGuard::release(Outcome outcome)
{
  {
    std::lock_guard<std::mutex> lock(m_mutex);
    --m_in_flight;
    if (outcome == Outcome::accepted) {
      m_proven = true;
    } else if (outcome == Outcome::refused) {
      ++m_failures;
    }
  }
  m_changed.notify_all();
}

int LogonGuard::failures() const
{
  std::lock_guard<std::mutex> lock(m_mutex);
  return m_failures;
}

bool LogonGuard::retired() const
{
  std::lock_guard<std::mutex> lock(m_mutex);
  return m_failures >= m_max_failures;
}

std::vector<std::string> shares_for_roles(const Manifest& manifest, const std::vector<std::string>& roles,
                                          const std::string& site_code)
{
  std::vector<std::string> shares;
  for (const Location& location : manifest.locations) {
    if (!role_selected(roles, location.role)) {
      continue;
    }
    const std::string share = resolve_share(location.share, site_code);
    if (std::find_if(shares.begin(), shares.end(), [&](const std::string& s) { return iequals(s, share); }) ==
        shares.end()) {
      shares.push_back(share);
    }
  }
  return shares;
}

MachineResult scan_machine(const Manifest& manifest, const Target& target, Transport& transport,
                           const ScanOptions& options, LogonGuard* guard)
{
  MachineResult result;
  result.target = &target;
  const std::vector<std::string>& roles = target.roles.empty() ? options.roles : target.roles;
  const std::string& site_code = target.site_code.empty() ? options.site_code : target.site_code;

  // The logon guard covers the first logon of the machine: it is held until
  // the first answer tells whether the credentials were accepted.
  bool holding_guard = false;
  if (guard) {
    if (!guard->acquire()) {
      result.status = MachineStatus::skipped;
      result.errors.push_back("not scanned: the credentials were refused by " + std::to_string(guard->failures()) +
                              " machines; stopped using them to avoid locking the account out");
      result.scanned_at = unix_now();
      return result;
    }
    holding_guard = true;
  }
  const auto settle_guard = [&](LogonGuard::Outcome outcome) {
    if (holding_guard) {
      guard->release(outcome);
      holding_guard = false;
    }
  };

  // The machine's time starts once it may log on, not while it waits for the guard.
  SessionSettings settings;
  settings.credentials = options.credentials;
  settings.timeout = options.timeout;
  settings.deadline = std::chrono::steady_clock::now() + options.timeout;
  settings.cancelled = options.cancelled;
  const std::unique_ptr<MachineSession> session = transport.start(target, settings);
  std::set<std::string> refused_shares;
  bool had_error = false;
  std::optional<MachineStatus> fatal;

  for (const Location& location : manifest.locations) {
    if (fatal || !role_selected(roles, location.role)) {
      continue;
    }
    const std::string share = resolve_share(location.share, site_code);
    const bool is_admin = iequals(location.share, "ADMIN$");
    // ADMIN$ may be given as another share and folder (a UNC target).
    const std::string open_share = is_admin ? target.admin_share : share;
    std::string folder = location.path;
    if (is_admin && !target.admin_folder.empty()) {
      folder = location.path.empty() ? target.admin_folder : target.admin_folder + "\\" + location.path;
    }
    for (const auto& [name, rows] : names_for(manifest, location)) {
      FileFinding finding;
      finding.location = &location;
      finding.share = open_share;
      finding.folder = folder;
      finding.wanted = name;
      finding.judgement.verdict = FileVerdict::missing;
      if (fatal || refused_shares.count(to_lower(open_share)) != 0) {
        result.files.push_back(std::move(finding));
        continue;
      }
      if (options.cancelled && options.cancelled->load()) {
        fatal = MachineStatus::error;
        result.errors.push_back("interrupted");
        break;
      }
      if (std::chrono::steady_clock::now() > settings.deadline) {
        fatal = MachineStatus::unreachable;
        result.errors.push_back("timed out after " + std::to_string(options.timeout.count() / 1000) + " s");
        break;
      }
      OpenResult opened = session->open(open_share, folder, name);
      switch (opened.status) {
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
      switch (opened.status) {
      case OpenStatus::ok: {
        finding.found = true;
        finding.evidence = gather_evidence(*opened.file, options.deep);
        finding.judgement = judge_file(manifest, rows, location.platform, finding.evidence, options.verdict);
        break;
      }
      case OpenStatus::not_found:
        break;
      case OpenStatus::unreachable:
        fatal = MachineStatus::unreachable;
        result.errors.push_back(opened.detail.empty() ? "no connection" : opened.detail);
        break;
      case OpenStatus::auth_failed:
        fatal = MachineStatus::auth_failed;
        result.errors.push_back("logon refused" + (opened.detail.empty() ? "" : ": " + opened.detail));
        break;
      case OpenStatus::access_denied:
        refused_shares.insert(to_lower(open_share));
        result.errors.push_back("share " + open_share + " refused" +
                                (opened.detail.empty() ? "" : ": " + opened.detail));
        break;
      case OpenStatus::error:
        had_error = true;
        result.errors.push_back(name + ": " + opened.detail);
        break;
      }
      result.files.push_back(std::move(finding));
    }
  }
  settle_guard(LogonGuard::Outcome::not_attempted);

  if (fatal) {
    result.status = *fatal;
  } else {
    finish_status(result, had_error);
    // Every share refused and nothing found: the machine itself refused us.
    if (!refused_shares.empty() && result.status == MachineStatus::not_installed) {
      std::set<std::string> shares_used;
      for (const FileFinding& finding : result.files) {
        shares_used.insert(to_lower(finding.share));
      }
      if (shares_used.size() == refused_shares.size()) {
        result.status = MachineStatus::access_denied;
      }
    }
  }
  result.scanned_at = unix_now();
  return result;
}

ScanSummary run_scan(const Manifest& manifest, const std::vector<Target>& targets, const Transports& transports,
                     const ScanOptions& options, ResultSink& sink, ProgressObserver* observer)
{
  ScanSummary summary;
  const std::size_t total = targets.size();
  std::unique_ptr<LogonGuard> guard;
  if (options.credentials) {
    guard = std::make_unique<LogonGuard>(options.max_auth_failures);
  }

  std::mutex mutex;
  std::condition_variable changed;
  std::size_t next_to_start = 0;
  std::size_t next_to_write = 0;
  std::size_t finished = 0;
  std::map<std::size_t, MachineResult> waiting;
  // Results wait in memory only until every earlier one is written; bounding
  // how far ahead workers may run keeps memory flat for any fleet size.
  const std::size_t window = std::max<std::size_t>(64, 4 * static_cast<std::size_t>(options.jobs));

  const auto worker = [&] {
    while (true) {
      std::size_t index = 0;
      {
        std::unique_lock<std::mutex> lock(mutex);
        changed.wait(lock, [&] {
          return next_to_start >= total || next_to_start < next_to_write + window ||
                 (options.cancelled && options.cancelled->load());
        });
        if (next_to_start >= total || (options.cancelled && options.cancelled->load())) {
          return;
        }
        index = next_to_start++;
      }
      const Target& target = targets[index];
      Transport* transport = target.kind == Target::Kind::local ? transports.local : transports.remote;
      MachineResult result;
      if (!transport) {
        result.target = &target;
        result.status = MachineStatus::error;
        result.errors.push_back("this build has no SMB transport");
        result.scanned_at = unix_now();
      } else {
        LogonGuard* machine_guard = target.kind == Target::Kind::local ? nullptr : guard.get();
        result = scan_machine(manifest, target, *transport, options, machine_guard);
      }
      result.index = index;
      {
        std::lock_guard<std::mutex> lock(mutex);
        waiting.emplace(index, std::move(result));
        ++finished;
        // Interrupted machines are not written: the report holds only finished ones.
        while (!waiting.empty() && waiting.begin()->first == next_to_write) {
          MachineResult& ready = waiting.begin()->second;
          const bool interrupted = options.cancelled && options.cancelled->load();
          if (!interrupted) {
            sink.machine_done(ready);
            ++summary.scanned;
            ++summary.counts[static_cast<int>(ready.status)];
          }
          waiting.erase(waiting.begin());
          ++next_to_write;
        }
        if (observer) {
          observer->progress(finished, total);
        }
      }
      changed.notify_all();
    }
  };

  const unsigned thread_count =
    static_cast<unsigned>(std::max<std::size_t>(1, std::min<std::size_t>(options.jobs, total)));
  std::vector<std::thread> threads;
  threads.reserve(thread_count);
  for (unsigned i = 0; i < thread_count; ++i) {
    threads.emplace_back(worker);
  }
  for (std::thread& thread : threads) {
    thread.join();
  }
  summary.interrupted = options.cancelled && options.cancelled->load();
  if (guard) {
    summary.auth_failures = guard->failures();
    summary.credentials_retired = guard->retired();
  }
  return summary;
}

} // namespace smsscan
