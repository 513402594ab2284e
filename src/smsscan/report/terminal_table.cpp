#include "smsscan/report/terminal_table.hpp"

#include "smsscan/report/columns.hpp"
#include "smsscan/util/text.hpp"
#include "smsscan/util/utf8.hpp"

#include <algorithm>
#include <cstdint>

namespace smsscan::report {

namespace {

using scan::FileFinding;
using verdict::FileVerdict;

constexpr std::size_t k_status_width = 13;  // "access-denied"
constexpr std::size_t k_platform_width = 8; // "PLATFORM"
constexpr std::size_t k_min_width = 40;
constexpr const char* k_ellipsis = "\xe2\x80\xa6"; // U+2026

// The code point of a well-formed sequence of length bytes at text[at].
std::uint32_t code_point(std::string_view text, std::size_t at, std::size_t length)
{
  const auto byte = [&](std::size_t i) { return static_cast<std::uint32_t>(static_cast<unsigned char>(text[at + i])); };
  switch (length) {
  case 1:
    return byte(0);
  case 2:
    return ((byte(0) & 0x1f) << 6) | (byte(1) & 0x3f);
  case 3:
    return ((byte(0) & 0x0f) << 12) | ((byte(1) & 0x3f) << 6) | (byte(2) & 0x3f);
  default:
    return ((byte(0) & 0x07) << 18) | ((byte(1) & 0x3f) << 12) | ((byte(2) & 0x3f) << 6) | (byte(3) & 0x3f);
  }
}

// Columns of one code point (the common ranges of wcwidth, without a locale).
std::size_t columns_of(std::uint32_t c)
{
  const auto in = [c](std::uint32_t low, std::uint32_t high) { return c >= low && c <= high; };
  if (in(0x0300, 0x036f) || in(0x200b, 0x200f) || in(0x20d0, 0x20ff) || in(0xfe00, 0xfe0f)) {
    return 0;
  }
  if (in(0x1100, 0x115f) || in(0x2e80, 0x303e) || in(0x3041, 0x33ff) || in(0x3400, 0x4dbf) || in(0x4e00, 0x9fff) ||
      in(0xa000, 0xa4cf) || in(0xac00, 0xd7a3) || in(0xf900, 0xfaff) || in(0xfe30, 0xfe4f) || in(0xff00, 0xff60) ||
      in(0xffe0, 0xffe6) || in(0x1f300, 0x1f64f) || in(0x1f900, 0x1f9ff) || in(0x20000, 0x3fffd)) {
    return 2;
  }
  return 1;
}

// Calls visit(offset, bytes, columns) for each character of text; stops when it returns false.
template <typename Visit>
void each_character(std::string_view text, Visit visit)
{
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t length = util::utf8_sequence_length(text, i);
    const std::size_t bytes = length == 0 ? 1 : length;
    const std::size_t columns = length == 0 ? 1 : columns_of(code_point(text, i, length));
    if (!visit(i, bytes, columns)) {
      return;
    }
    i += bytes;
  }
}

// The longest prefix of text that takes at most width columns, in bytes.
std::size_t prefix_bytes(std::string_view text, std::size_t width)
{
  std::size_t used = 0;
  std::size_t end = 0;
  each_character(text, [&](std::size_t at, std::size_t bytes, std::size_t columns) {
    if (used + columns > width) {
      return false;
    }
    used += columns;
    end = at + bytes;
    return true;
  });
  return end;
}

std::string pad(std::string text, std::size_t width)
{
  const std::size_t used = display_width(text);
  if (used < width) {
    text.append(width - used, ' ');
  }
  return text;
}

std::string trim_right(std::string text)
{
  while (!text.empty() && text.back() == ' ') {
    text.pop_back();
  }
  return text;
}

// What needs attention on a machine, for its row: the outdated files by name,
// else the files to review with their reasons, else the machine's errors.
std::string row_details(const scan::MachineResult& result)
{
  std::vector<std::string> outdated;
  std::vector<std::string> review;
  for (const FileFinding& finding : result.files) {
    if (!finding.found) {
      continue;
    }
    if (finding.judgement.verdict == FileVerdict::outdated) {
      outdated.push_back(finding_label(finding));
    } else if (finding.judgement.verdict == FileVerdict::review || finding.judgement.verdict == FileVerdict::corrupt) {
      review.push_back(finding_label(finding) + " (" + finding.judgement.reason + ")");
    }
  }
  if (outdated.size() == 1) {
    return "outdated: " + outdated.front();
  }
  if (!outdated.empty()) {
    return std::to_string(outdated.size()) + " outdated: " + util::join(outdated, ", ");
  }
  if (!review.empty()) {
    return "review: " + util::join(review, "; ");
  }
  return error_text(result);
}

} // namespace

std::size_t display_width(std::string_view text)
{
  std::size_t width = 0;
  each_character(text, [&](std::size_t, std::size_t, std::size_t columns) {
    width += columns;
    return true;
  });
  return width;
}

std::string fit_end(std::string_view text, std::size_t width)
{
  if (display_width(text) <= width) {
    return std::string(text);
  }
  if (width == 0) {
    return {};
  }
  return std::string(text.substr(0, prefix_bytes(text, width - 1))) + k_ellipsis;
}

std::string fit_middle(std::string_view text, std::size_t width)
{
  const std::size_t total = display_width(text);
  if (total <= width) {
    return std::string(text);
  }
  if (width < 3) {
    return fit_end(text, width);
  }
  const std::size_t head = (width - 1) / 2;
  const std::size_t tail = width - 1 - head;
  // The tail: the shortest suffix that takes at most `tail` columns.
  std::size_t tail_start = text.size();
  std::size_t used = 0;
  std::vector<std::pair<std::size_t, std::size_t>> characters; // offset, columns
  each_character(text, [&](std::size_t at, std::size_t, std::size_t columns) {
    characters.emplace_back(at, columns);
    return true;
  });
  for (auto it = characters.rbegin(); it != characters.rend(); ++it) {
    if (used + it->second > tail) {
      break;
    }
    used += it->second;
    tail_start = it->first;
  }
  return std::string(text.substr(0, prefix_bytes(text, head))) + k_ellipsis + std::string(text.substr(tail_start));
}

std::vector<std::string> wrap(std::string_view text, std::size_t width, std::string_view first_indent,
                              std::string_view indent)
{
  std::vector<std::string> lines;
  std::string line(first_indent);
  bool empty = true; // no word on the line yet
  const auto start_line = [&] {
    lines.push_back(line);
    line = std::string(indent);
    empty = true;
  };
  for (const std::string_view word : util::split(text, ' ')) {
    if (word.empty()) {
      continue;
    }
    const std::size_t used = display_width(line);
    if (!empty && used + 1 + display_width(word) > width) {
      start_line();
    }
    const std::size_t room =
      width > display_width(line) + (empty ? 0 : 1) ? width - display_width(line) - (empty ? 0 : 1) : 1;
    line += (empty ? "" : " ") + fit_end(word, room);
    empty = false;
  }
  lines.push_back(line);
  return lines;
}

TableLayout table_layout(const std::vector<std::string>& targets, const std::vector<std::string>& sites,
                         std::size_t width)
{
  TableLayout layout;
  layout.width = std::max(width, k_min_width);
  for (const std::string& site : sites) {
    if (!site.empty()) {
      layout.site = std::max<std::size_t>({layout.site, 4, display_width(util::printable(site))});
    }
  }
  std::size_t longest = 6; // "TARGET"
  for (const std::string& target : targets) {
    longest = std::max(longest, display_width(util::printable(target)));
  }
  const std::size_t separators = layout.site > 0 ? 4 : 3;
  const std::size_t fixed = k_status_width + k_platform_width + layout.site + separators;
  const std::size_t available = layout.width > fixed ? layout.width - fixed : 0;
  layout.target = std::min(longest, std::max<std::size_t>(12, available / 2));
  layout.details = available > layout.target ? available - layout.target : 0;
  return layout;
}

std::string table_header(const TableLayout& layout)
{
  std::string line = pad("TARGET", layout.target) + " ";
  if (layout.site > 0) {
    line += pad("SITE", layout.site) + " ";
  }
  line += pad("STATUS", k_status_width) + " " + pad("PLATFORM", k_platform_width) + " DETAILS";
  return line;
}

std::string table_row(const scan::MachineResult& result, const TableLayout& layout)
{
  std::string line = pad(fit_middle(util::printable(result.target->text), layout.target), layout.target) + " ";
  if (layout.site > 0) {
    line += pad(fit_end(util::printable(result.site), layout.site), layout.site) + " ";
  }
  line += pad(std::string(verdict::status_name(result.status)), k_status_width) + " " +
          pad(fit_end(result.platform, k_platform_width), k_platform_width) + " " +
          fit_end(util::printable(row_details(result)), layout.details);
  return trim_right(line);
}

std::vector<std::string> summary_lines(const manifest::Manifest& manifest, const FleetTally& tally, std::size_t width)
{
  width = std::max(width, k_min_width);
  std::vector<std::string> lines;
  const auto add = [&](const std::string& text, std::string_view first_indent) {
    for (const std::string& line : wrap(util::printable(text), width, first_indent, "    ")) {
      lines.push_back(line);
    }
  };
  add(headline(util::printable(fix_name(manifest)), tally.all()), "");
  add(status_breakdown(tally.all()), "  ");
  if (tally.sites().size() > 1) {
    for (const auto& [site, counts] : tally.sites()) {
      add(site_label(site) + ": " + site_summary(counts), "  ");
    }
  }
  if (tally.all().group(StatusGroup::needs_fix) > 0 && manifest.remediation) {
    add("What to do: " + manifest.remediation->text, "");
    for (const manifest::ArticleReference& reference : manifest.remediation->references) {
      add("See " + reference.kb + (reference.title.empty() ? "" : ": " + reference.title), "  ");
    }
  }
  return lines;
}

} // namespace smsscan::report
