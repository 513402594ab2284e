#include "smsscan/scan/engine.hpp"

#include "smsscan/util/ordered_jobs.hpp"

#include <ctime>
#include <memory>

namespace smsscan::scan {

namespace {

std::int64_t unix_now()
{
  return static_cast<std::int64_t>(std::time(nullptr));
}

} // namespace

ScanSummary run_scan(const manifest::Manifest& manifest, const std::vector<target::Target>& targets,
                     const Transports& transports, const ScanOptions& options, ResultSink& sink,
                     ProgressObserver* observer)
{
  ScanSummary summary;
  std::unique_ptr<LogonGuard> guard;
  if (options.credentials) {
    guard = std::make_unique<LogonGuard>(options.max_auth_failures);
  }
  const auto scan_one = [&](std::size_t index) {
    const target::Target& target = targets[index];
    transport::Transport* transport = target.kind == target::Target::Kind::local ? transports.local : transports.remote;
    MachineResult result;
    if (!transport) {
      result.target = &target;
      result.site = site_for(target, options);
      result.roles = roles_for(target, options);
      result.status = verdict::MachineStatus::error;
      result.errors.push_back("this build has no SMB transport");
      result.scanned_at = unix_now();
    } else {
      LogonGuard* machine_guard = target.kind == target::Target::Kind::local ? nullptr : guard.get();
      result = scan_machine(manifest, target, *transport, options, machine_guard);
    }
    result.index = index;
    return result;
  };
  const auto deliver = [&](const MachineResult& ready) {
    sink.machine_done(ready);
    ++summary.scanned;
    ++summary.counts[static_cast<std::size_t>(ready.status)];
  };
  const auto done = [&](std::size_t finished, std::size_t total) {
    if (observer) {
      observer->progress(finished, total);
    }
  };
  util::run_ordered_jobs({targets.size(), options.jobs, options.cancelled}, scan_one, deliver, done);
  summary.interrupted = options.cancelled && options.cancelled->load();
  if (guard) {
    summary.auth_failures = guard->failures();
    summary.credentials_retired = guard->retired();
  }
  return summary;
}

} // namespace smsscan::scan
