// The scan engine: runs scan_machine on every target with --jobs worker
// threads, shares one LogonGuard between them, and hands each machine's
// result to a ResultSink in target order as soon as it and all before it are
// done, at most a bounded window ahead (util/ordered_jobs.hpp).
#pragma once

#include "smsscan/manifest/model.hpp"
#include "smsscan/scan/machine_scan.hpp"
#include "smsscan/scan/results.hpp"
#include "smsscan/target/target.hpp"
#include "smsscan/transport/transport.hpp"

#include <vector>

namespace smsscan::scan {

// Transports by target kind; remote may be null when no SMB transport exists.
struct Transports
{
  transport::Transport* local = nullptr;
  transport::Transport* remote = nullptr;
};

ScanSummary run_scan(const manifest::Manifest& manifest, const std::vector<target::Target>& targets,
                     const Transports& transports, const ScanOptions& options, ResultSink& sink,
                     ProgressObserver* observer);

} // namespace smsscan::scan
