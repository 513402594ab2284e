#include "smsscan/report/html_chart.hpp"

#include "smsscan/report/terminal_table.hpp"
#include "smsscan/report/text_safety.hpp"

#include <cstdio>

namespace smsscan::report {

namespace {

// A number for an SVG attribute: at most two decimals, no locale.
std::string num(double value)
{
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%.2f", value);
  std::string text = buffer;
  while (text.back() == '0') {
    text.pop_back();
  }
  if (text.back() == '.') {
    text.pop_back();
  }
  return text;
}

std::string attribute(const char* name, const std::string& value)
{
  return std::string(" ") + name + "=\"" + value + "\"";
}

} // namespace

std::string_view group_colour(StatusGroup group)
{
  switch (group) {
  case StatusGroup::needs_fix:
    return "#c0392b";
  case StatusGroup::review:
    return "#e08a00";
  case StatusGroup::unscanned:
    return "#5b6b7f";
  case StatusGroup::not_installed:
    return "#b9c3cd";
  case StatusGroup::compliant:
    return "#2e8b57";
  }
  return "#000000";
}

std::string status_ring(const StatusCounts& counts, const std::string& big, const std::string& small,
                        const std::string& label)
{
  constexpr double k_pi = 3.14159265358979323846;
  constexpr double radius = 46;
  constexpr double circumference = 2 * k_pi * radius;
  std::string svg = "<svg class=\"ring\" viewBox=\"0 0 120 120\" role=\"img\"" +
                    attribute("aria-label", html_text(label)) +
                    "><circle cx=\"60\" cy=\"60\" r=\"46\" fill=\"none\" stroke=\"#eef1f4\" stroke-width=\"16\"/>";
  std::size_t groups_present = 0;
  for (const StatusGroup group : k_status_groups) {
    if (counts.group(group) > 0) {
      ++groups_present;
    }
  }
  // Segments start at twelve o'clock and run clockwise, worst first; a thin
  // gap separates them when there are several.
  const double gap = groups_present > 1 ? 1.2 : 0;
  double start = 0;
  for (const StatusGroup group : k_status_groups) {
    const std::size_t count = counts.group(group);
    if (count == 0 || counts.total == 0) {
      continue;
    }
    const double length = circumference * static_cast<double>(count) / static_cast<double>(counts.total);
    const double drawn = length > gap ? length - gap : length;
    svg += "<circle cx=\"60\" cy=\"60\" r=\"46\" fill=\"none\" stroke-width=\"16\" transform=\"rotate(-90 60 60)\"" +
           attribute("stroke", std::string(group_colour(group))) +
           attribute("stroke-dasharray", num(drawn) + " " + num(circumference - drawn)) +
           attribute("stroke-dashoffset", num(-start)) + "><title>" + std::to_string(count) + " " +
           std::string(group_label(group)) + "</title></circle>";
    start += length;
  }
  svg += "<text x=\"60\" y=\"62\" text-anchor=\"middle\" class=\"ring-big\">" + html_text(big) + "</text>";
  svg += "<text x=\"60\" y=\"78\" text-anchor=\"middle\" class=\"ring-small\">" + html_text(small) + "</text></svg>";
  return svg;
}

std::string site_bars(const std::map<std::string, StatusCounts>& sites)
{
  constexpr double row = 30;
  constexpr double bar_x = 150;
  constexpr double bar_width = 400;
  const double height = row * static_cast<double>(sites.size()) + 6;
  std::string svg = "<svg class=\"bars\" viewBox=\"0 0 660 " + num(height) +
                    "\" role=\"img\" aria-label=\"Machines by status, per site\">";
  double y = 4;
  for (const auto& [site, counts] : sites) {
    const std::string name = site.empty() ? "no site code" : "site " + fit_end(site, 16);
    svg += "<text x=\"0\" y=\"" + num(y + 17) + "\" class=\"bar-label\">" + html_text(name) + "</text>";
    double x = bar_x;
    for (const StatusGroup group : k_status_groups) {
      const std::size_t count = counts.group(group);
      if (count == 0 || counts.total == 0) {
        continue;
      }
      const double width = bar_width * static_cast<double>(count) / static_cast<double>(counts.total);
      svg += "<rect" + attribute("x", num(x)) + attribute("y", num(y)) + attribute("width", num(width)) +
             " height=\"22\"" + attribute("fill", std::string(group_colour(group))) + "><title>" + html_text(name) +
             ": " + std::to_string(count) + " " + std::string(group_label(group)) + "</title></rect>";
      if (width >= 22) {
        svg += "<text" + attribute("x", num(x + width / 2)) + attribute("y", num(y + 15.5)) +
               " text-anchor=\"middle\" class=\"bar-count" + (group == StatusGroup::not_installed ? " dark" : "") +
               "\">" + std::to_string(count) + "</text>";
      }
      x += width;
    }
    svg += "<text" + attribute("x", num(bar_x + bar_width + 10)) + attribute("y", num(y + 16)) +
           " class=\"bar-total\">" + std::to_string(counts.total) + (counts.total == 1 ? " machine" : " machines") +
           "</text>";
    y += row;
  }
  svg += "</svg>";
  return svg;
}

} // namespace smsscan::report
