// Tests for report/html.cpp: a self-contained page (no script, no reference
// to anything outside it), every machine worst first, every string from a
// machine escaped, the evidence of the machines that are not compliant only,
// banners for an interrupted or unfinished scan, the changes since the
// previous scan, and sections that print with page breaks. The charts and
// the style sheet have their own files (test_html_chart.cpp, test_html_style.cpp).
#include "smsscan/report/html.hpp"

#include "fleet_support.hpp"

#include <doctest/doctest.h>

#include <regex>
#include <set>
#include <string>
#include <vector>

using smsscan::history::Change;
using smsscan::history::ScanDiff;
using smsscan::report::HtmlReport;
using smsscan::report::HtmlRun;
using smsscan::verdict::MachineStatus;

namespace {

HtmlRun a_run()
{
  HtmlRun run;
  run.started_at = 1764580000; // 2025-12-01T09:06:40Z
  run.finished_at = 1764580030;
  run.planned = 5;
  run.generator = "smsscan 0.1.0";
  run.scope = "roles client";
  return run;
}

std::size_t count_of(const std::string& text, const std::string& needle)
{
  std::size_t count = 0;
  for (std::size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) {
    ++count;
  }
  return count;
}

const char* const k_hostile = "<img src=x onerror=alert(1)>\"'&amp;";

// A fleet in every group, one of them with a hostile name and error text.
struct Page
{
  smsscan::test::Fleet fleet;
  std::string html;

  explicit Page(const HtmlRun& run = a_run(), bool add_all = true)
  {
    fleet.add("pc-compliant", MachineStatus::compliant, "ABC");
    fleet.add("pc-unreachable", MachineStatus::unreachable, "ABC");
    fleet.add(k_hostile, MachineStatus::needs_fix, "X<Y");
    fleet.add("pc-review", MachineStatus::review, "ABC");
    fleet.add("pc-no-client", MachineStatus::not_installed, "");
    fleet.results[1].errors = {"no connection: <script>alert(2)</script>"};
    HtmlReport report(fleet.manifest);
    if (add_all) {
      for (const auto& result : fleet.results) {
        report.add(result);
      }
    }
    html = report.render(run);
  }
};

} // namespace

TEST_CASE("HtmlReport: a self-contained page that refers to nothing outside itself")
{
  const Page page;
  const std::string& html = page.html;
  CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(html.find("<meta charset=\"utf-8\">") != std::string::npos);
  CHECK(html.find("Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\"") !=
        std::string::npos);
  for (const std::string forbidden :
       {"<script", "<link", "<img", "<iframe", "<object", "<embed", "@import", "url(", "http:", "https:", "//"}) {
    CAPTURE(forbidden);
    CHECK(html.find(forbidden) == std::string::npos);
  }
  // Every tag and attribute is one the page is made of; links stay inside it.
  const std::set<std::string> tags = {"html", "head",   "meta", "title", "style", "body", "main",  "header",  "div",
                                      "h1",   "h2",     "h3",   "p",     "b",     "i",    "span",  "section", "figure",
                                      "svg",  "circle", "text", "rect",  "ul",    "li",   "table", "thead",   "tbody",
                                      "tr",   "th",     "td",   "a",     "br",    "wbr",  "footer"};
  const std::set<std::string> attributes = {"lang",
                                            "charset",
                                            "http-equiv",
                                            "content",
                                            "name",
                                            "class",
                                            "id",
                                            "href",
                                            "viewBox",
                                            "role",
                                            "aria-label",
                                            "cx",
                                            "cy",
                                            "r",
                                            "fill",
                                            "stroke",
                                            "stroke-width",
                                            "transform",
                                            "stroke-dasharray",
                                            "stroke-dashoffset",
                                            "x",
                                            "y",
                                            "width",
                                            "height",
                                            "text-anchor"};
  const std::regex tag("<([a-zA-Z][a-zA-Z0-9]*)([^>]*)>");
  const std::regex attribute("\\s([a-zA-Z:-]+)=\"([^\"]*)\"");
  std::size_t seen = 0;
  for (auto it = std::sregex_iterator(html.begin(), html.end(), tag); it != std::sregex_iterator(); ++it, ++seen) {
    CAPTURE((*it)[0].str());
    CHECK(tags.count((*it)[1].str()) == 1);
    const std::string rest = (*it)[2].str();
    for (auto a = std::sregex_iterator(rest.begin(), rest.end(), attribute); a != std::sregex_iterator(); ++a) {
      CHECK(attributes.count((*a)[1].str()) == 1);
      if ((*a)[1].str() == "href") {
        CHECK((*a)[2].str().rfind("#", 0) == 0);
      }
    }
  }
  CHECK(seen > 100);
  CHECK(html.find("</html>") != std::string::npos);
}

TEST_CASE("HtmlReport: every string from a machine is escaped, in text and in attributes")
{
  const Page page;
  const std::string& html = page.html;
  CHECK(html.find("&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&amp;amp;") != std::string::npos);
  CHECK(html.find("&lt;script&gt;alert(2)&lt;/script&gt;") != std::string::npos);
  CHECK(html.find("X&lt;Y") != std::string::npos);
  CHECK(html.find("onerror=alert(1)>") == std::string::npos);
  CHECK(html.find("X<Y") == std::string::npos);
  // The article's own text is escaped too.
  CHECK(html.find("SMSCliToknAcct&amp; and/or") != std::string::npos);
}

TEST_CASE("HtmlReport: the headline, the article, every machine once in the table, worst first")
{
  const Page page;
  const std::string& html = page.html;
  CHECK(html.find("<p class=\"headline\">1 of 5 machines still needs SMS 2.0 Service Pack 1; 1 could not be scanned; "
                  "1 needs a review</p>") != std::string::npos);
  CHECK(html.find("Q231399") != std::string::npos);
  CHECK(html.find("Fix: <b>SMS 2.0 Service Pack 1</b>") != std::string::npos);
  CHECK(html.find("Scanned 2025-12-01 09:06 UTC") != std::string::npos);
  const std::size_t table = html.find("<section id=\"machines\"");
  const std::size_t end = html.find("</section>", table);
  REQUIRE(table != std::string::npos);
  const std::string machines = html.substr(table, end - table);
  CHECK(count_of(machines, "<tr>") == 6); // header + 5 machines
  const std::vector<std::string> order = {"onerror", "pc-review", "pc-unreachable", "pc-no-client", "pc-compliant"};
  std::size_t previous = 0;
  for (const std::string& name : order) {
    CAPTURE(name);
    const std::size_t at = machines.find(name);
    REQUIRE(at != std::string::npos);
    CHECK(at > previous);
    previous = at;
  }
  CHECK(machines.find("<span class=\"pill g-needs-fix\">needs-fix</span>") != std::string::npos);
  CHECK(machines.find("<span class=\"pill g-unscanned\">unreachable</span>") != std::string::npos);
}

TEST_CASE("HtmlReport: evidence for the machines that are not compliant only; remediation; sites")
{
  const Page page;
  const std::string& html = page.html;
  const std::size_t evidence = html.find("<section id=\"evidence\"");
  REQUIRE(evidence != std::string::npos);
  const std::string part = html.substr(evidence);
  CHECK(count_of(part, "<div class=\"ev\"") == 3); // needs-fix, review, unreachable (not-installed has nothing)
  CHECK(part.find("pc-compliant") == std::string::npos);
  CHECK(part.find("version 2.0.1239.0 is older than build 1380") != std::string::npos);
  CHECK(part.find("ADMIN$\\<wbr>MS\\<wbr>SMS\\<wbr>CORE\\<wbr>BIN") != std::string::npos);
  // The machine table links each of them to its evidence.
  CHECK(count_of(html, "<a href=\"#m") == 3);
  CHECK(html.find("<h2>What to do</h2><p>Install SMS 2.0 Service Pack 1.") != std::string::npos);
  CHECK(html.find("<b>Q236325</b>: How to Obtain") != std::string::npos);
  CHECK(html.find("<section id=\"sites\">") != std::string::npos);
  CHECK(count_of(html, "<svg") == 2);                               // the fleet ring and the site bars
  CHECK(html.find("<section id=\"changes\"") == std::string::npos); // no --history
}

TEST_CASE("HtmlReport: prints with page breaks before the long sections")
{
  const Page page;
  const std::string& html = page.html;
  CHECK(html.find("@media print") != std::string::npos);
  CHECK(html.find("section.page{break-before:page}") != std::string::npos);
  CHECK(html.find("thead{display:table-header-group}") != std::string::npos);
  CHECK(html.find("@page{") != std::string::npos);
  CHECK(html.find("<section id=\"machines\" class=\"page\">") != std::string::npos);
  CHECK(html.find("<section id=\"evidence\" class=\"page\">") != std::string::npos);
}

TEST_CASE("HtmlReport: an interrupted scan and a scan under way say so")
{
  HtmlRun run = a_run();
  run.interrupted = true;
  run.planned = 9;
  CHECK(Page(run).html.find("Incomplete: the scan was interrupted after 5 of 9 machines.") != std::string::npos);
  run.interrupted = false;
  run.in_progress = true;
  const Page started(run, false);
  CHECK(started.html.find("has not finished: this page is replaced when it ends") != std::string::npos);
  CHECK(started.html.find("No machine was scanned") != std::string::npos);
  CHECK(started.html.find("</html>") != std::string::npos);
}

TEST_CASE("HtmlReport: the changes since the previous scan, with --history")
{
  HtmlRun run = a_run();
  run.with_history = true;
  CHECK(Page(run).html.find("This is the first complete scan of this article in the history") != std::string::npos);
  ScanDiff diff;
  diff.older = {3, 1764000000, true};
  diff.newer = {4, 1764580000, true};
  diff.changes = {{"pc-b", "compliant", "needs-fix", Change::regressed},
                  {"<pc>", "", "compliant", Change::added},
                  {"pc-a", "needs-fix", "compliant", Change::fixed}};
  run.changes = &diff;
  const std::string html = Page(run).html;
  const std::size_t section = html.find("<section id=\"changes\">");
  REQUIRE(section != std::string::npos);
  const std::string part = html.substr(section, html.find("</section>", section) - section);
  CHECK(part.find("Compared with scan 3 of 2025-11-24") != std::string::npos);
  CHECK(part.find("1 regressed, 1 new, 1 fixed.") != std::string::npos);
  CHECK(part.find("<span class=\"pill g-needs-fix\">regressed</span>") != std::string::npos);
  CHECK(part.find("<span class=\"pill g-compliant\">fixed</span>") != std::string::npos);
  CHECK(part.find("&lt;pc&gt;") != std::string::npos);
  diff.changes.clear();
  CHECK(Page(run).html.find("no machine changed status.") != std::string::npos);
}
