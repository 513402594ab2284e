// A small fleet of machine results for the tests of the summaries, the
// terminal table, the HTML report and the history: each machine owns its
// target (addresses stay put as machines are added) and, when it needs the
// fix or a review, a found file with that verdict.
#pragma once

#include "smsscan/manifest/model.hpp"
#include "smsscan/scan/results.hpp"

#include <deque>
#include <string>
#include <vector>

namespace smsscan::test {

class Fleet
{
public:
  Fleet()
  {
    manifest.kb = "Q231399";
    manifest.title = "SMS: SMSCliToknAcct& and/or SMSCliSvcAcct Accounts Locked Out";
    manifest.product = "Microsoft Systems Management Server 2.0";
    manifest.fix = "SMS 2.0 Service Pack 1";
    manifest.remediation =
      manifest::Remediation{"Install SMS 2.0 Service Pack 1. Until then, set the account lockout threshold to 0.",
                            {{"Q236325", "How to Obtain the Latest Systems Management Server 2.0 Service Pack"}}};
    client.role = "client";
    client.share = "ADMIN$";
    client.path = "MS\\SMS\\CORE\\BIN";
  }
  Fleet(const Fleet&) = delete;
  Fleet& operator=(const Fleet&) = delete;

  // Adds a machine; returns it for further changes.
  scan::MachineResult& add(const std::string& target, verdict::MachineStatus status, const std::string& site = "",
                           const std::string& platform = "Intel")
  {
    target::Target& owned = targets.emplace_back();
    owned.text = target;
    owned.kind = target::Target::Kind::smb;
    owned.host = target;
    scan::MachineResult& result = results.emplace_back();
    result.index = results.size() - 1;
    result.target = &owned;
    result.site = site;
    result.roles = {"client"};
    result.status = status;
    result.platform = verdict::is_unscanned(status) ? "" : platform;
    result.scanned_at = 928891080;
    if (verdict::is_unscanned(status)) {
      result.errors = {"no connection: connection refused"};
    }
    if (status == verdict::MachineStatus::not_installed || verdict::is_unscanned(status)) {
      return result;
    }
    scan::FileFinding finding;
    finding.location = &client;
    finding.share = "ADMIN$";
    finding.folder = client.path;
    finding.wanted = "CliCore.exe";
    finding.found = true;
    finding.evidence.name = "CliCore.exe";
    finding.evidence.size = 3118422;
    finding.judgement.platform = manifest::Platform::intel;
    finding.judgement.date = 928891080;
    finding.judgement.date_source = "pe-link-time";
    if (status == verdict::MachineStatus::needs_fix) {
      finding.judgement.verdict = verdict::FileVerdict::outdated;
      finding.judgement.version = "2.0.1239.0";
      finding.judgement.reason = "version 2.0.1239.0 is older than build 1380";
    } else if (status == verdict::MachineStatus::review) {
      finding.judgement.verdict = verdict::FileVerdict::corrupt;
      finding.judgement.version = "2.0.1380.1000";
      finding.judgement.reason = "not a readable PE image: truncated";
    } else {
      finding.judgement.verdict = verdict::FileVerdict::current;
      finding.judgement.version = "2.0.1380.1000";
      finding.judgement.reason = "version 2.0.1380.1000 is the fixed build";
    }
    result.files.push_back(finding);
    return result;
  }

  manifest::Manifest manifest;
  manifest::Location client;
  std::deque<target::Target> targets;
  std::deque<scan::MachineResult> results;
};

} // namespace smsscan::test
