// Tests for history/diff.cpp: how a status change is named, and the changes
// between two scans (matched by identity, grouped worst news first, nothing
// claimed about machines an incomplete scan did not reach).
#include "smsscan/history/diff.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using smsscan::history::Change;
using smsscan::history::change_name;
using smsscan::history::classify;
using smsscan::history::diff_machines;
using smsscan::history::MachineChange;
using smsscan::history::MachineRecord;

namespace {

MachineRecord record(const std::string& target, const std::string& status)
{
  return {"smb:" + target, target, "", status};
}

std::vector<std::string> lines(const std::vector<MachineChange>& changes)
{
  std::vector<std::string> out;
  for (const MachineChange& change : changes) {
    out.push_back(std::string(change_name(change.change)) + " " + change.target + " " + change.before + ">" +
                  change.after);
  }
  return out;
}

} // namespace

TEST_CASE("classify: fixed, regressed, changed, unchanged")
{
  CHECK_FALSE(classify("needs-fix", "needs-fix").has_value());
  for (const char* before : {"needs-fix", "review", "unreachable", "auth-failed", "not-installed", "error"}) {
    CAPTURE(before);
    CHECK(classify(before, "compliant") == Change::fixed);
  }
  for (const char* after : {"needs-fix", "review", "unreachable", "access-denied", "skipped", "error"}) {
    CAPTURE(after);
    CHECK(classify("compliant", after) == Change::regressed);
  }
  // The client removed: not a regression of the fix.
  CHECK(classify("compliant", "not-installed") == Change::changed);
  CHECK(classify("needs-fix", "review") == Change::changed);
  CHECK(classify("unreachable", "needs-fix") == Change::changed);
  // A status a newer smsscan wrote is still a change.
  CHECK(classify("compliant", "quarantined") == Change::changed);
  CHECK(change_name(Change::added) == "new");
  CHECK(change_name(Change::gone) == "gone");
}

TEST_CASE("diff_machines: exactly the machines that changed, worst news first, each group in scan order")
{
  const std::vector<MachineRecord> older = {record("pc1", "needs-fix"), record("pc2", "compliant"),
                                            record("pc3", "compliant"), record("pc4", "review"),
                                            record("pc5", "compliant"), record("pc6", "needs-fix")};
  std::vector<MachineRecord> newer = {record("pc6", "compliant"),   record("pc1", "compliant"),
                                      record("pc2", "needs-fix"),   record("pc3", "compliant"),
                                      record("pc4", "unreachable"), record("pc7", "needs-fix")};
  newer[0].target = "PC6"; // spelled otherwise: the same machine by identity
  CHECK(lines(diff_machines(older, true, newer, true)) == std::vector<std::string>{
                                                            "regressed pc2 compliant>needs-fix",
                                                            "changed pc4 review>unreachable",
                                                            "new pc7 >needs-fix",
                                                            "gone pc5 compliant>",
                                                            "fixed PC6 needs-fix>compliant",
                                                            "fixed pc1 needs-fix>compliant",
                                                          });
  CHECK(diff_machines(older, true, older, true).empty());
}

TEST_CASE("diff_machines: an incomplete scan says nothing about the machines it did not reach")
{
  const std::vector<MachineRecord> older = {record("pc1", "needs-fix"), record("pc2", "compliant")};
  const std::vector<MachineRecord> newer = {record("pc1", "compliant"), record("pc3", "compliant")};
  CHECK(lines(diff_machines(older, true, newer, false)) ==
        std::vector<std::string>{"new pc3 >compliant", "fixed pc1 needs-fix>compliant"});
  CHECK(lines(diff_machines(older, false, newer, true)) ==
        std::vector<std::string>{"gone pc2 compliant>", "fixed pc1 needs-fix>compliant"});
  CHECK(lines(diff_machines(older, false, newer, false)) == std::vector<std::string>{"fixed pc1 needs-fix>compliant"});
}
