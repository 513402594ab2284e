// Tests for report/html_style.cpp: the page's style sheet prints on A4 and
// Letter (page margins, a page break before each long section, table headers
// on every page, rows and panels never split, colours kept), colours each
// status group as the charts do, and is safe inline: balanced, nothing that
// ends the <style> element, nothing fetched from outside the page.
#include "smsscan/report/html_style.hpp"

#include "smsscan/report/fleet_summary.hpp"
#include "smsscan/report/html_chart.hpp"

#include <doctest/doctest.h>

#include <map>
#include <string>
#include <vector>

using smsscan::report::group_colour;
using smsscan::report::group_key;
using smsscan::report::html_style;
using smsscan::report::k_status_groups;

namespace {

// The rules of a style sheet (or of one block of it): selector -> the
// declarations, as written. A selector given twice keeps both, joined.
std::map<std::string, std::string> rules_of(const std::string& css)
{
  std::map<std::string, std::string> rules;
  std::size_t at = 0;
  while (true) {
    const std::size_t open = css.find('{', at);
    if (open == std::string::npos) {
      break;
    }
    std::string selector = css.substr(at, open - at);
    selector.erase(0, selector.find_first_not_of(" \n"));
    selector.erase(selector.find_last_not_of(" \n") + 1);
    // A nested block (@media) is skipped whole: the test reads it on its own.
    int depth = 1;
    std::size_t close = open + 1;
    for (; close < css.size() && depth > 0; ++close) {
      depth += css[close] == '{' ? 1 : css[close] == '}' ? -1 : 0;
    }
    rules[selector] += css.substr(open + 1, close - open - 2);
    at = close;
  }
  return rules;
}

// The inside of "@media print{...}".
std::string print_block(const std::string& css)
{
  const std::size_t start = css.find("@media print{");
  REQUIRE(start != std::string::npos);
  const std::size_t open = start + std::string("@media print").size();
  int depth = 0;
  for (std::size_t i = open; i < css.size(); ++i) {
    depth += css[i] == '{' ? 1 : css[i] == '}' ? -1 : 0;
    if (depth == 0) {
      return css.substr(open + 1, i - open - 1);
    }
  }
  FAIL("@media print is not closed");
  return {};
}

bool has(const std::string& declarations, const std::string& wanted)
{
  return declarations.find(wanted) != std::string::npos;
}

} // namespace

TEST_CASE("html_style: balanced braces, nothing that ends <style>, nothing from outside the page")
{
  const std::string css = html_style();
  int depth = 0;
  for (const char c : css) {
    depth += c == '{' ? 1 : c == '}' ? -1 : 0;
    REQUIRE(depth >= 0);
  }
  CHECK(depth == 0);
  CHECK(css.find('<') == std::string::npos); // "</style>" or "<!--" would end or hide the sheet
  for (const char* outside : {"url(", "@import", "http:", "https:", "//", "expression("}) {
    CAPTURE(outside);
    CHECK(css.find(outside) == std::string::npos);
  }
}

TEST_CASE("html_style: prints with page margins, page breaks, repeated table headers and unsplit rows")
{
  const std::string css = html_style();
  const auto top = rules_of(css);
  REQUIRE(top.count("@page") == 1);
  CHECK(has(top.at("@page"), "margin:14mm 12mm")); // fits A4 and Letter alike

  const auto print = rules_of(print_block(css));
  REQUIRE(print.count("section.page") == 1);
  CHECK(has(print.at("section.page"), "break-before:page"));
  REQUIRE(print.count("thead") == 1);
  CHECK(has(print.at("thead"), "display:table-header-group"));
  REQUIRE(print.count("tr,.tile,.ev,figure,.todo") == 1);
  CHECK(has(print.at("tr,.tile,.ev,figure,.todo"), "break-inside:avoid"));
  REQUIRE(print.count("h2,h3") == 1);
  CHECK(has(print.at("h2,h3"), "break-after:avoid")); // a heading stays with what follows
  REQUIRE(print.count("*") == 1);
  CHECK(has(print.at("*"), "print-color-adjust:exact")); // the status colours survive printing
  // On paper the page is plain: no grey backdrop, no card shadow, full width.
  CHECK(has(print.at("html"), "background:#fff"));
  CHECK(has(print.at("main"), "box-shadow:none"));
  CHECK(has(print.at("main"), "max-width:none"));
  // The screen rules stay out of print's way: the shadow is set outside the block only.
  CHECK(has(top.at("main"), "box-shadow"));
}

TEST_CASE("html_style: each status group in the colour the charts draw it in")
{
  const auto rules = rules_of(html_style());
  for (const auto group : k_status_groups) {
    const std::string key(group_key(group));
    const std::string colour(group_colour(group));
    CAPTURE(key);
    REQUIRE(rules.count(".g-" + key) == 1);
    CHECK(rules.at(".g-" + key) == "background:" + colour);
    REQUIRE(rules.count(".t-" + key) == 1);
    CHECK(rules.at(".t-" + key) == "border-left-color:" + colour);
  }
  REQUIRE(rules.count(".t-needs-fix b") == 1);
  CHECK(rules.at(".t-needs-fix b") == "color:" + std::string(group_colour(smsscan::report::StatusGroup::needs_fix)));
}
