// Tests for report/html_chart.cpp: the SVG of the status ring and the site
// bars for given counts, read back as XML: well-formed, a segment or bar per
// group with machines in the group's colour and in proportion, worst first,
// the numbers and labels shown, and every text from a machine escaped.
#include "smsscan/report/html_chart.hpp"

#include <doctest/doctest.h>
#include <pugixml.hpp>

#include <cmath>
#include <cstdlib>
#include <set>
#include <string>
#include <vector>

using smsscan::report::group_colour;
using smsscan::report::k_status_groups;
using smsscan::report::site_bars;
using smsscan::report::status_ring;
using smsscan::report::StatusCounts;
using smsscan::report::StatusGroup;
using smsscan::verdict::MachineStatus;

namespace {

constexpr double k_circumference = 2 * 3.14159265358979323846 * 46;

StatusCounts counts_of(const std::vector<std::pair<MachineStatus, int>>& machines)
{
  StatusCounts counts;
  for (const auto& [status, count] : machines) {
    for (int i = 0; i < count; ++i) {
      counts.add(status);
    }
  }
  return counts;
}

// The SVG parsed as XML; fails the test when it is not well-formed.
pugi::xml_node svg_of(pugi::xml_document& document, const std::string& svg)
{
  const pugi::xml_parse_result parsed = document.load_string(svg.c_str());
  REQUIRE_MESSAGE(parsed, parsed.description() << " at offset " << parsed.offset << " in\n" << svg);
  const pugi::xml_node root = document.document_element();
  REQUIRE(std::string(root.name()) == "svg");
  return root;
}

double number(const pugi::xml_node& node, const char* attribute)
{
  const char* text = node.attribute(attribute).value();
  REQUIRE_MESSAGE(*text != '\0', "no " << attribute);
  return std::strtod(text, nullptr);
}

std::pair<double, double> dash(const pugi::xml_node& segment)
{
  const char* text = segment.attribute("stroke-dasharray").value();
  char* end = nullptr;
  const double drawn = std::strtod(text, &end);
  const double gap = std::strtod(end, nullptr);
  return {drawn, gap};
}

// The ring's segments: its circles with a stroke colour.
std::vector<pugi::xml_node> segments(const pugi::xml_node& svg)
{
  std::vector<pugi::xml_node> found;
  for (const pugi::xml_node circle : svg.children("circle")) {
    if (circle.attribute("stroke-dasharray")) {
      found.push_back(circle);
    }
  }
  return found;
}

} // namespace

TEST_CASE("group_colour: a colour of its own for each group, as #rrggbb")
{
  std::set<std::string> colours;
  for (const StatusGroup group : k_status_groups) {
    const std::string colour(group_colour(group));
    CAPTURE(colour);
    REQUIRE(colour.size() == 7);
    CHECK(colour[0] == '#');
    CHECK(colour.find_first_not_of("0123456789abcdef", 1) == std::string::npos);
    colours.insert(colour);
  }
  CHECK(colours.size() == k_status_groups.size());
  CHECK(group_colour(StatusGroup::needs_fix) == "#c0392b"); // red: the users' first concern
  CHECK(group_colour(StatusGroup::compliant) == "#2e8b57");
}

TEST_CASE("status_ring: a segment per group with machines, in proportion, worst first from twelve o'clock")
{
  // 2 need the fix, 1 review, 1 unreachable + 1 auth-failed (unscanned), 0 not installed, 5 compliant.
  const StatusCounts counts = counts_of({{MachineStatus::compliant, 5},
                                         {MachineStatus::needs_fix, 2},
                                         {MachineStatus::review, 1},
                                         {MachineStatus::unreachable, 1},
                                         {MachineStatus::auth_failed, 1}});
  REQUIRE(counts.total == 10);
  pugi::xml_document document;
  const pugi::xml_node svg = svg_of(document, status_ring(counts, "2", "of 10 need the fix", "Machines by status"));
  CHECK(std::string(svg.attribute("role").value()) == "img");
  CHECK(std::string(svg.attribute("aria-label").value()) == "Machines by status");

  const std::vector<pugi::xml_node> parts = segments(svg);
  REQUIRE(parts.size() == 4); // not installed has no machine, so no segment
  const std::vector<std::pair<StatusGroup, int>> expected = {
    {StatusGroup::needs_fix, 2}, {StatusGroup::review, 1}, {StatusGroup::unscanned, 2}, {StatusGroup::compliant, 5}};
  double start = 0;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    CAPTURE(i);
    const auto& [group, count] = expected[i];
    CHECK(std::string(parts[i].attribute("stroke").value()) == std::string(group_colour(group)));
    const double length = k_circumference * count / 10.0;
    const auto [drawn, rest] = dash(parts[i]);
    CHECK(drawn == doctest::Approx(length - 1.2).epsilon(0.001)); // a thin gap between segments
    CHECK(drawn + rest == doctest::Approx(k_circumference).epsilon(0.001));
    CHECK(number(parts[i], "stroke-dashoffset") == doctest::Approx(-start).epsilon(0.001));
    CHECK(std::string(parts[i].attribute("transform").value()) == "rotate(-90 60 60)");
    CHECK(std::string(parts[i].child_value("title")) ==
          std::to_string(count) + " " + std::string(smsscan::report::group_label(group)));
    start += length;
  }
  CHECK(start == doctest::Approx(k_circumference));

  std::vector<std::string> texts;
  for (const pugi::xml_node text : svg.children("text")) {
    texts.emplace_back(text.child_value());
  }
  CHECK(texts == std::vector<std::string>{"2", "of 10 need the fix"});
}

TEST_CASE("status_ring: one group is a whole ring without a gap; no machine is the empty track only")
{
  pugi::xml_document whole;
  const pugi::xml_node all_compliant = svg_of(
    whole, status_ring(counts_of({{MachineStatus::compliant, 3}}), "0", "of 3 need the fix", "Machines by status"));
  const std::vector<pugi::xml_node> parts = segments(all_compliant);
  REQUIRE(parts.size() == 1);
  const auto [drawn, rest] = dash(parts[0]);
  CHECK(drawn == doctest::Approx(k_circumference).epsilon(0.001));
  CHECK(rest == doctest::Approx(0));
  CHECK(std::string(parts[0].attribute("stroke").value()) == std::string(group_colour(StatusGroup::compliant)));

  pugi::xml_document empty;
  const pugi::xml_node none = svg_of(empty, status_ring(StatusCounts{}, "0", "machines", "No machines"));
  CHECK(segments(none).empty());
  CHECK(std::distance(none.children("circle").begin(), none.children("circle").end()) == 1); // the track
}

TEST_CASE("status_ring: the numbers, label and accessible description are escaped")
{
  const std::string svg = status_ring(counts_of({{MachineStatus::needs_fix, 1}}), "<b>1</b>", "need \"SP1\" & <more>",
                                      "Machines <script>alert(1)</script>");
  CHECK(svg.find("<script>") == std::string::npos);
  CHECK(svg.find("<b>") == std::string::npos);
  pugi::xml_document document;
  const pugi::xml_node root = svg_of(document, svg);
  CHECK(std::string(root.attribute("aria-label").value()) == "Machines <script>alert(1)</script>");
  std::vector<std::string> texts;
  for (const pugi::xml_node text : root.children("text")) {
    texts.emplace_back(text.child_value());
  }
  CHECK(texts == std::vector<std::string>{"<b>1</b>", "need \"SP1\" & <more>"});
}

TEST_CASE("site_bars: a bar per site split by group, site codes escaped")
{
  std::map<std::string, StatusCounts> sites;
  sites["A<B"].add(MachineStatus::needs_fix);
  sites["A<B"].add(MachineStatus::compliant);
  sites[""].add(MachineStatus::unreachable);
  const std::string svg = site_bars(sites);
  pugi::xml_document document;
  const pugi::xml_node root = svg_of(document, svg);
  CHECK(std::string(root.attribute("viewBox").value()) == "0 0 660 66"); // 30 a site, and a margin
  std::vector<pugi::xml_node> rects;
  for (const pugi::xml_node rect : root.children("rect")) {
    rects.push_back(rect);
  }
  REQUIRE(rects.size() == 3);
  // Sites in code order: "" (no site code) first. Its one machine fills the bar.
  CHECK(number(rects[0], "x") == 150);
  CHECK(number(rects[0], "width") == 400);
  CHECK(std::string(rects[0].attribute("fill").value()) == std::string(group_colour(StatusGroup::unscanned)));
  CHECK(std::string(rects[0].child_value("title")) == "no site code: 1 could not be scanned");
  // Site A<B: half needs the fix, then half compliant, left to right.
  CHECK(number(rects[1], "x") == 150);
  CHECK(number(rects[1], "width") == 200);
  CHECK(std::string(rects[1].attribute("fill").value()) == std::string(group_colour(StatusGroup::needs_fix)));
  CHECK(number(rects[2], "x") == 350);
  CHECK(number(rects[2], "width") == 200);
  CHECK(std::string(rects[2].attribute("fill").value()) == std::string(group_colour(StatusGroup::compliant)));
  CHECK(std::string(rects[1].child_value("title")) == "site A<B: 1 need the fix");
  CHECK(number(rects[1], "y") == number(rects[0], "y") + 30);

  std::vector<std::string> texts;
  for (const pugi::xml_node text : root.children("text")) {
    texts.emplace_back(text.child_value());
  }
  CHECK(texts == std::vector<std::string>{"no site code", "1", "1 machine", "site A<B", "1", "1", "2 machines"});
  CHECK(svg.find("site A&lt;B") != std::string::npos);
}

TEST_CASE("site_bars: a count is printed only where its segment has room; long codes are cut")
{
  std::map<std::string, StatusCounts> sites;
  StatusCounts& big = sites["ABC"];
  for (int i = 0; i < 40; ++i) {
    big.add(MachineStatus::compliant);
  }
  big.add(MachineStatus::needs_fix);     // 400/41 < 22: no room for its count
  big.add(MachineStatus::not_installed); // likewise
  StatusCounts& wide = sites["SITE-CODE-THAT-IS-FAR-TOO-LONG"];
  for (int i = 0; i < 3; ++i) {
    wide.add(MachineStatus::not_installed);
  }
  pugi::xml_document document;
  const pugi::xml_node root = svg_of(document, site_bars(sites));
  std::vector<std::string> counts;
  std::vector<std::string> labels;
  for (const pugi::xml_node text : root.children("text")) {
    const std::string css = text.attribute("class").value();
    if (css.rfind("bar-count", 0) == 0) {
      counts.push_back(text.child_value() + std::string("|") + css);
    } else if (css == "bar-label") {
      labels.emplace_back(text.child_value());
    }
  }
  // The dark count is on the light grey of not installed.
  CHECK(counts == std::vector<std::string>{"40|bar-count", "3|bar-count dark"});
  REQUIRE(labels.size() == 2);
  CHECK(labels[0] == "site ABC");
  CHECK(labels[1].rfind("site SITE-CODE-THAT-", 0) == 0);
  CHECK(labels[1].size() < std::string("site SITE-CODE-THAT-IS-FAR-TOO-LONG").size());
  // Every bar is 400 wide, whatever its site's machine count.
  double widths = 0;
  for (const pugi::xml_node rect : root.children("rect")) {
    widths += number(rect, "width");
  }
  CHECK(widths == doctest::Approx(800).epsilon(0.001));
}

TEST_CASE("site_bars: no sites is an empty chart, still well-formed")
{
  pugi::xml_document document;
  const pugi::xml_node root = svg_of(document, site_bars({}));
  CHECK(std::string(root.attribute("viewBox").value()) == "0 0 660 6");
  CHECK_FALSE(root.first_child());
}
