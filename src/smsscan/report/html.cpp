#include "smsscan/report/html.hpp"

#include "smsscan/report/columns.hpp"
#include "smsscan/report/html_chart.hpp"
#include "smsscan/report/html_style.hpp"
#include "smsscan/report/text_safety.hpp"
#include "smsscan/util/civil_time.hpp"
#include "smsscan/util/text.hpp"

#include <algorithm>

namespace smsscan::report {

namespace {

using verdict::MachineStatus;
using Machine = HtmlReport::Machine;

// Shorthand: every text that reaches the page goes through html_text.
std::string h(const std::string& text)
{
  return html_text(text);
}

// A folder path or target that may break after each backslash or slash
// (and nowhere else) when its column is narrow.
std::string h_path(const std::string& text)
{
  std::string out;
  for (const char c : html_text(text)) {
    out.push_back(c);
    if (c == '\\' || c == '/') {
      out += "<wbr>";
    }
  }
  return out;
}

// A target cell: it breaks after separators when its column is narrow.
std::string target_cell(const std::string& target)
{
  return "<td class=\"t\">" + h_path(target) + "</td>";
}

// A label as a column heading: "Need the fix".
std::string heading(std::string_view label)
{
  std::string text(label);
  if (!text.empty() && text[0] >= 'a' && text[0] <= 'z') {
    text[0] = static_cast<char>(text[0] - 'a' + 'A');
  }
  return text;
}

// "1999-06-08 18:12" from ISO 8601 UTC, the date kept on one line ("" stays "").
std::string short_iso(const std::string& iso)
{
  if (iso.size() < 16) {
    return h(iso);
  }
  return "<span class=\"nw\">" + h(iso.substr(0, 10)) + "</span> " + h(iso.substr(11, 5));
}

// "2026-11-25 14:02 UTC"
std::string readable_time(std::int64_t unix_seconds)
{
  std::string iso = util::format_iso_utc(unix_seconds); // 2026-11-25T14:02:10Z
  return iso.substr(0, 10) + " " + iso.substr(11, 5) + " UTC";
}

std::string plural(std::size_t count, const char* one, const char* many)
{
  return std::to_string(count) + " " + (count == 1 ? one : many);
}

std::string pill(MachineStatus status)
{
  return "<span class=\"pill g-" + std::string(group_key(group_of(status))) + "\">" +
         std::string(verdict::status_name(status)) + "</span>";
}

// A status recorded in the history, as a pill when it is one smsscan knows.
std::string status_text(const std::string& name)
{
  for (const MachineStatus status : verdict::k_machine_statuses) {
    if (verdict::status_name(status) == name) {
      return pill(status);
    }
  }
  return h(name);
}

std::string change_pill(history::Change change)
{
  const char* group = "changed";
  if (change == history::Change::fixed) {
    group = "compliant";
  } else if (change == history::Change::regressed) {
    group = "needs-fix";
  }
  return "<span class=\"pill g-" + std::string(group) + "\">" + std::string(history::change_name(change)) + "</span>";
}

// An anchor for a machine's evidence: its place in the target order.
std::string evidence_id(const Machine& machine)
{
  return "m" + std::to_string(machine.order + 1);
}

bool has_evidence(const Machine& machine)
{
  return machine.status != MachineStatus::compliant && (!machine.files.empty() || !machine.errors.empty());
}

std::string header(const manifest::Manifest& manifest, const HtmlRun& run, std::size_t machines)
{
  std::string html = "<header class=\"top\"><div class=\"kb\">" + h(manifest.kb) +
                     (manifest.product.empty() ? "" : " &middot; " + h(manifest.product)) + "</div><h1>" +
                     h(manifest.title.empty() ? manifest.kb : manifest.title) + "</h1><div class=\"meta\">";
  std::vector<std::string> facts;
  facts.push_back("Fix: <b>" + h(fix_name(manifest)) + "</b>");
  std::string when = "Scanned " + readable_time(run.started_at);
  if (run.finished_at > run.started_at + 60) {
    when += " to " + readable_time(run.finished_at);
  }
  facts.push_back(when);
  facts.push_back(plural(machines, "machine", "machines"));
  if (!run.scope.empty()) {
    facts.push_back(h(run.scope));
  }
  html += util::join(facts, " &middot; ") + "</div></header>";
  if (run.in_progress) {
    html += "<p class=\"warn\">The scan started " + readable_time(run.started_at) +
            " and has not finished: this page is replaced when it ends. If it still reads like this, the scan was "
            "stopped before it could write its report.</p>";
  } else if (run.interrupted) {
    html += "<p class=\"warn\">Incomplete: the scan was interrupted after " + std::to_string(machines) + " of " +
            plural(run.planned, "machine", "machines") + ". This report holds only the machines that finished.</p>";
  }
  return html;
}

std::string tiles(const StatusCounts& counts)
{
  std::string html = "<div class=\"tiles\">";
  for (const StatusGroup group : k_status_groups) {
    html += "<div class=\"tile t-" + std::string(group_key(group)) + "\"><b>" + std::to_string(counts.group(group)) +
            "</b><span>" + std::string(group_label(group)) + "</span></div>";
  }
  return html + "</div>";
}

std::string legend(const StatusCounts& counts)
{
  std::string html = "<ul class=\"legend\">";
  for (const StatusGroup group : k_status_groups) {
    const std::size_t count = counts.group(group);
    const unsigned percent =
      counts.total == 0 ? 0 : static_cast<unsigned>((200 * count + counts.total) / (2 * counts.total));
    html += "<li><span class=\"sw g-" + std::string(group_key(group)) + "\"></span>" + std::to_string(count) + " " +
            std::string(group_label(group)) + " <span class=\"muted\">(" + std::to_string(percent) + "%)</span></li>";
  }
  return html + "</ul>";
}

std::string fleet_chart(const StatusCounts& counts)
{
  std::string big = std::to_string(counts.group(StatusGroup::needs_fix));
  std::string small = "need the fix";
  if (counts.group(StatusGroup::needs_fix) == 0 && counts.group(StatusGroup::unscanned) > 0) {
    big = std::to_string(counts.group(StatusGroup::unscanned));
    small = "not scanned";
  } else if (counts.group(StatusGroup::needs_fix) == 0) {
    big = std::to_string(counts.group(StatusGroup::compliant));
    small = "compliant";
  }
  return "<figure class=\"chart\">" +
         status_ring(counts, big, small, "Machines by status: " + status_breakdown(counts)) + legend(counts) +
         "</figure>";
}

std::string remediation(const manifest::Manifest& manifest, const StatusCounts& counts)
{
  if (!manifest.remediation) {
    return {};
  }
  const bool needed = counts.group(StatusGroup::needs_fix) > 0;
  std::string html = "<div class=\"todo" + std::string(needed ? "" : " calm") + "\"><h2>What to do</h2><p>" +
                     h(manifest.remediation->text) + "</p>";
  if (!manifest.remediation->references.empty()) {
    html += "<ul>";
    for (const manifest::ArticleReference& reference : manifest.remediation->references) {
      html += "<li>See Microsoft Knowledge Base article <b>" + h(reference.kb) + "</b>" +
              (reference.title.empty() ? "" : ": " + h(reference.title)) + "</li>";
    }
    html += "</ul>";
  }
  return html + "</div>";
}

std::string changes_section(const HtmlRun& run)
{
  if (!run.with_history) {
    return {};
  }
  std::string html = "<section id=\"changes\"><h2>Changes since the previous scan</h2>";
  if (!run.changes) {
    return html + "<p>This is the first complete scan of this article in the history; the next one will list what "
                  "changed.</p></section>";
  }
  const history::ScanDiff& diff = *run.changes;
  html += "<p>Compared with scan " + std::to_string(diff.older.id) + " of " + readable_time(diff.older.started_at) +
          (diff.newer.complete ? "" : " (this scan is incomplete: machines it did not reach are not listed)") + ": ";
  if (diff.changes.empty()) {
    return html + "no machine changed status.</p></section>";
  }
  std::vector<std::string> counts;
  for (const history::Change change : {history::Change::regressed, history::Change::changed, history::Change::added,
                                       history::Change::gone, history::Change::fixed}) {
    const auto n = static_cast<std::size_t>(
      std::count_if(diff.changes.begin(), diff.changes.end(), [&](const auto& c) { return c.change == change; }));
    if (n > 0) {
      counts.push_back(std::to_string(n) + " " + std::string(history::change_name(change)));
    }
  }
  html += util::join(counts, ", ") +
          ".</p><table><thead><tr><th>Target</th><th>Before</th><th>After</th><th>Change</th>"
          "</tr></thead><tbody>";
  for (const history::MachineChange& change : diff.changes) {
    html += "<tr>" + target_cell(change.target) + "<td>" + status_text(change.before) + "</td><td>" +
            status_text(change.after) + "</td><td>" + change_pill(change.change) + "</td></tr>";
  }
  return html + "</tbody></table></section>";
}

std::string sites_section(const std::map<std::string, StatusCounts>& sites)
{
  const bool any_site = std::any_of(sites.begin(), sites.end(), [](const auto& entry) { return !entry.first.empty(); });
  if (!any_site) {
    return {};
  }
  std::string html = "<section id=\"sites\"><h2>Sites</h2>";
  if (sites.size() > 1) {
    html += "<figure class=\"chart wide\">" + site_bars(sites) + "</figure>";
  }
  html += "<table><thead><tr><th>Site</th><th class=\"num\">Machines</th>";
  for (const StatusGroup group : k_status_groups) {
    html += "<th class=\"num\">" + heading(group_label(group)) + "</th>";
  }
  html += "</tr></thead><tbody>";
  for (const auto& [site, counts] : sites) {
    html += "<tr><td>" + (site.empty() ? std::string("<i>no site code</i>") : h(site)) + "</td><td class=\"num\">" +
            std::to_string(counts.total) + "</td>";
    for (const StatusGroup group : k_status_groups) {
      const std::size_t count = counts.group(group);
      html += "<td class=\"num" + std::string(count > 0 && group == StatusGroup::needs_fix ? " bad" : "") + "\">" +
              std::to_string(count) + "</td>";
    }
    html += "</tr>";
  }
  return html + "</tbody></table></section>";
}

std::string machines_section(const std::vector<const Machine*>& sorted)
{
  std::string html = "<section id=\"machines\" class=\"page\"><h2>Machines, most urgent first</h2><table "
                     "class=\"machines\"><thead><tr><th>Target</th><th>Site</th><th>Roles</th><th>Status</th>"
                     "<th>Platform</th><th>Build</th><th>Reason</th></tr></thead><tbody>";
  for (const Machine* machine : sorted) {
    std::string reason = h(machine->reason);
    if (has_evidence(*machine)) {
      reason = "<a href=\"#" + evidence_id(*machine) + "\">" + reason + "</a>";
    }
    html += "<tr>" + target_cell(machine->target) + "<td>" + h(machine->site) + "</td><td>" + h(machine->roles) +
            "</td><td>" + pill(machine->status) + "</td><td>" + h(machine->platform) + "</td><td>" + h(machine->build) +
            "</td><td class=\"reason\">" + reason + "</td></tr>";
  }
  return html + "</tbody></table></section>";
}

std::string evidence_section(const std::vector<const Machine*>& sorted)
{
  std::string html;
  for (const Machine* machine : sorted) {
    if (!has_evidence(*machine)) {
      continue;
    }
    html += "<div class=\"ev\" id=\"" + evidence_id(*machine) + "\"><h3><span class=\"t\">" + h_path(machine->target) +
            "</span> " + pill(machine->status) + "</h3>";
    std::vector<std::string> facts;
    if (!machine->site.empty()) {
      facts.push_back("site " + h(machine->site));
    }
    facts.push_back("roles " + h(machine->roles));
    if (!machine->platform.empty()) {
      facts.push_back(h(machine->platform));
    }
    html += "<p class=\"muted\">" + util::join(facts, " &middot; ") + "</p>";
    for (const std::string& error : machine->errors) {
      html += "<p class=\"err\">" + h(error) + "</p>";
    }
    if (!machine->files.empty()) {
      html += "<table class=\"files\"><thead><tr><th>Location</th><th>File</th><th>Verdict</th><th>Version</th><th "
              "class=\"num\">Size</th><th>Date</th><th>Reason</th></tr></thead><tbody>";
      for (const HtmlReport::File& file : machine->files) {
        const bool bad = file.verdict == "outdated" || file.verdict == "corrupt" || file.verdict == "review";
        html += "<tr><td class=\"t\">" + h_path(file.location) + "</td><td>" + h(file.name) + "</td><td" +
                (bad ? " class=\"bad\"" : "") + ">" + h(file.verdict) + "</td><td>" + h(file.version) +
                "</td><td class=\"num\">" + std::to_string(file.size) + "</td><td>" + short_iso(file.date) +
                (file.date_source.empty() ? "" : "<br><span class=\"muted small\">" + h(file.date_source) + "</span>") +
                "</td><td class=\"reason\">" + h(file.reason) + "</td></tr>";
      }
      html += "</tbody></table>";
    }
    html += "</div>";
  }
  if (html.empty()) {
    return {};
  }
  return "<section id=\"evidence\" class=\"page\"><h2>Evidence: the files of each machine that is not "
         "compliant</h2>" +
         html + "</section>";
}

} // namespace

HtmlReport::HtmlReport(const manifest::Manifest& manifest) : m_manifest(manifest) {}

void HtmlReport::add(const scan::MachineResult& result)
{
  m_tally.add(result);
  Machine machine;
  machine.order = result.index;
  machine.target = result.target->text;
  machine.site = result.site;
  machine.roles = util::join(result.roles, ", ");
  machine.status = result.status;
  machine.platform = result.platform;
  machine.build = installed_builds(result);
  machine.reason = machine_reason(result);
  if (result.status != MachineStatus::compliant) {
    machine.errors = result.errors;
    for (const scan::FileFinding& finding : result.files) {
      if (!finding.found) {
        continue;
      }
      File file;
      file.location = finding_location(finding);
      file.name = finding.evidence.name;
      file.verdict = std::string(verdict::verdict_name(finding.judgement.verdict));
      file.version = finding.judgement.version;
      file.size = finding.evidence.size;
      file.date = optional_time(finding.judgement.date);
      file.date_source = finding.judgement.date_source;
      file.reason = finding.judgement.reason;
      machine.files.push_back(std::move(file));
    }
  }
  m_machines.push_back(std::move(machine));
}

std::string HtmlReport::render(const HtmlRun& run) const
{
  std::vector<const Machine*> sorted;
  sorted.reserve(m_machines.size());
  for (const Machine& machine : m_machines) {
    sorted.push_back(&machine);
  }
  std::stable_sort(sorted.begin(), sorted.end(), [](const Machine* a, const Machine* b) {
    const int x = severity(a->status);
    const int y = severity(b->status);
    return x != y ? x < y : a->order < b->order;
  });
  const StatusCounts& counts = m_tally.all();
  const std::string title = m_manifest.kb + ": " + headline(fix_name(m_manifest), counts);

  std::string html;
  html.reserve(4096 + 400 * m_machines.size());
  html += "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
          "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><meta name=\"generator\" "
          "content=\"" +
          h(run.generator) + "\"><title>" + h(title) + "</title><style>" + html_style() + "</style></head><body><main>";
  html += header(m_manifest, run, m_machines.size());
  html += "<section id=\"summary\"><p class=\"headline\">" + h(headline(fix_name(m_manifest), counts)) + "</p>";
  html += tiles(counts) + "<div class=\"charts\">" + fleet_chart(counts) + remediation(m_manifest, counts) +
          "</div></section>";
  html += changes_section(run);
  html += sites_section(m_tally.sites());
  html += machines_section(sorted);
  html += evidence_section(sorted);
  html += "<footer>Written by " + h(run.generator) + " on " + readable_time(run.finished_at) +
          ". The verdicts come from the files' PE headers, version resources, sizes and dates compared with the "
          "article's file list.</footer></main></body></html>\n";
  return html;
}

} // namespace smsscan::report
