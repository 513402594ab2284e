#include "smsscan/kb/sections.hpp"

#include "smsscan/kb/cell_text.hpp"
#include "smsscan/kb/name_cell.hpp"
#include "smsscan/util/text.hpp"

#include <algorithm>
#include <array>
#include <string_view>

namespace smsscan::kb {

using util::ends_with;
using util::to_lower;
using util::trim;

namespace {

constexpr std::size_t k_max_heading = 80;
constexpr std::size_t k_max_heading_words = 12;
constexpr std::size_t k_max_title_words = 8;

// "------" or "======" alone: one run of one mark, at least three long.
bool is_underline(std::string_view line)
{
  line = trim(line);
  return line.size() >= 3 && (line.find_first_not_of('-') == std::string_view::npos ||
                              line.find_first_not_of('=') == std::string_view::npos);
}

bool blank_or_start(const std::vector<Line>& lines, std::size_t i)
{
  return i == 0 || is_blank(lines[i - 1].text) || is_rule(lines[i - 1].text);
}

// A lead-in sentence introduces a table; it is the table's caption, not a heading.
bool is_lead_in(const std::string& lowered)
{
  static const std::array<const char*, 9> k_cues = {"following",   "attributes", "listed", "table", "below",
                                                    "these files", "file name",  " has ",  " have "};
  return std::any_of(k_cues.begin(), k_cues.end(),
                     [&lowered](const char* cue) { return lowered.find(cue) != std::string::npos; });
}

// "Windows NT 4.0", "Internet Information Server 4.0", "MDAC 2.6 SP1":
// every word of more than three letters starts with a capital or a digit.
bool is_title_case(std::string_view text)
{
  const std::vector<std::string_view> words = words_of(text);
  if (words.empty() || words.size() > k_max_title_words) {
    return false;
  }
  if (!is_upper(words.front().front()) && !is_digit(words.front().front())) {
    return false;
  }
  for (const std::string_view word : words) {
    const bool small = word.size() <= 3;
    if (!small && !is_upper(word.front()) && !is_digit(word.front()) && word.front() != '(') {
      return false;
    }
  }
  const char last = text.back();
  return last != '.' && last != ',' && last != ';' && last != '!' && last != '?' && has_alpha(text);
}

// The next non-blank line after i, or lines.size().
std::size_t next_filled(const std::vector<Line>& lines, std::size_t i)
{
  ++i;
  while (i < lines.size() && is_blank(lines[i].text)) {
    ++i;
  }
  return i;
}

// A title line directly before a table (at table_start) or before the
// one paragraph that leads into it.
bool is_title_before_table(const std::vector<Line>& lines, std::size_t i, const std::vector<std::size_t>& table_starts)
{
  const std::size_t next = next_filled(lines, i);
  if (next == i + 1 || next >= lines.size()) {
    return false; // not a paragraph of its own
  }
  const auto starts_table = [&table_starts](std::size_t at) {
    return std::binary_search(table_starts.begin(), table_starts.end(), at);
  };
  if (starts_table(next)) {
    return true;
  }
  std::size_t end = next;
  while (end + 1 < lines.size() && !is_blank(lines[end + 1].text) && end < next + 6) {
    ++end;
  }
  return ends_with(trim(lines[end].text), ":") && starts_table(next_filled(lines, end));
}

// Lines that have the shape of a heading but name no product, platform or
// language: steps and methods ("Method 2", "To install this update, follow
// these steps:", "Using Regedt32"), a table header the finder did not take,
// a registry value or a file name.
bool names_no_variant(std::string_view text)
{
  const std::string lowered = to_lower(text);
  static const std::array<const char*, 13> k_openings = {
    "to ",        "how ",  "method",      "step",       "using ",   "symptom",        "resolution",
    "workaround", "cause", "downloading", "installing", "for more", "the information"};
  for (const char* opening : k_openings) {
    if (lowered.compare(0, std::string_view(opening).size(), opening) == 0) {
      return true;
    }
  }
  int column_words = 0;
  for (const std::string_view word : words_of(lowered)) {
    column_words += word == "date" || word == "time" || word == "size" || word == "version" || word == "name" ? 1 : 0;
    if (is_name_word(word)) {
      return true;
    }
  }
  return column_words >= 3;
}

std::string heading_text(std::string_view text)
{
  text = trim(text);
  while (!text.empty() && (text.back() == ':' || text.back() == ' ')) {
    text.remove_suffix(1);
  }
  return collapse_spaces(text);
}

} // namespace

bool is_article_section(std::string_view text)
{
  static const std::array<const char*, 26> k_sections = {"symptoms",
                                                         "symptom",
                                                         "cause",
                                                         "resolution",
                                                         "status",
                                                         "more information",
                                                         "workaround",
                                                         "summary",
                                                         "references",
                                                         "applies to",
                                                         "introduction",
                                                         "note",
                                                         "notes",
                                                         "hotfix information",
                                                         "service pack information",
                                                         "prerequisites",
                                                         "file information",
                                                         "restart requirement",
                                                         "registry information",
                                                         "hotfix replacement information",
                                                         "additional information",
                                                         "installation information",
                                                         "how to obtain the hotfix",
                                                         "download information",
                                                         "technical details",
                                                         "properties"};
  const std::string lowered = to_lower(heading_text(text));
  return std::any_of(k_sections.begin(), k_sections.end(),
                     [&lowered](const char* section) { return lowered == section; });
}

std::vector<Heading> find_headings(const std::vector<Line>& lines, const std::vector<bool>& used,
                                   const std::vector<std::size_t>& table_starts)
{
  std::vector<Heading> headings;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (used[i] || is_blank(lines[i].text) || is_rule(lines[i].text) || !blank_or_start(lines, i)) {
      continue;
    }
    const std::string_view text = trim(lines[i].text);
    if (text.size() > k_max_heading || words_of(text).size() > k_max_heading_words) {
      continue;
    }
    const std::string lowered = to_lower(text);
    const bool underlined = i + 1 < lines.size() && !used[i + 1] && is_underline(lines[i + 1].text) &&
                            trim(lines[i + 1].text).size() + 10 >= text.size();
    const bool colon = ends_with(text, ":") && words_of(text).size() <= k_max_title_words && !is_lead_in(lowered) &&
                       is_title_case(text.substr(0, text.size() - 1)) &&
                       (i + 1 >= lines.size() || is_blank(lines[i + 1].text) || used[i + 1]);
    const bool title = !underlined && !colon && is_title_case(text) && is_title_before_table(lines, i, table_starts);
    if ((!underlined && !colon && !title) || (!is_article_section(text) && names_no_variant(text))) {
      continue;
    }
    if (is_article_section(text)) {
      // Only the article's own sections in capitals end a variant
      // ("RESOLUTION"); "Hotfix Information" inside a product's part does not.
      if (std::none_of(text.begin(), text.end(), [](char c) { return c >= 'a' && c <= 'z'; })) {
        headings.push_back({i, ""});
      }
      continue;
    }
    if (underlined && std::none_of(text.begin(), text.end(), [](char c) { return c >= 'a' && c <= 'z'; }) &&
        text.find(' ') == std::string_view::npos && !std::any_of(text.begin(), text.end(), is_digit)) {
      headings.push_back({i, ""}); // another section of the article ("DETAILS")
      continue;
    }
    headings.push_back({i, heading_text(text)});
  }
  return headings;
}

std::string section_variant(const std::vector<Heading>& headings, std::size_t table_start)
{
  std::string variant;
  for (const Heading& heading : headings) {
    if (heading.line >= table_start) {
      break;
    }
    variant = heading.text;
  }
  return variant;
}

} // namespace smsscan::kb
