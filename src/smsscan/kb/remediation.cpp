#include "smsscan/kb/remediation.hpp"

#include "smsscan/kb/article_header.hpp"
#include "smsscan/kb/cell_text.hpp"
#include "smsscan/util/text.hpp"

#include <algorithm>
#include <cstddef>
#include <string>
#include <vector>

namespace smsscan::kb {

using manifest::ArticleReference;
using util::trim;

namespace {

constexpr std::size_t k_max_references = 5;
constexpr std::size_t k_max_reference_title = 120;

// "RESOLUTION" over "==========": an article section in capitals.
bool is_section_start(const std::vector<Line>& lines, std::size_t i)
{
  if (i + 1 >= lines.size() || !is_plain_rule(lines[i + 1].text)) {
    return false;
  }
  const std::string_view text = trim(lines[i].text);
  return !text.empty() && text.size() <= 40 && has_alpha(text) &&
         std::none_of(text.begin(), text.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

// The lines [first, end) of the section named name, if the article has one.
bool find_section(const std::vector<Line>& lines, std::string_view name, std::size_t& first, std::size_t& end)
{
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (is_section_start(lines, i) && trim(lines[i].text) == name) {
      first = i + 2;
      end = first;
      while (end < lines.size() && !is_section_start(lines, end)) {
        ++end;
      }
      return true;
    }
  }
  return false;
}

// "  Q299444 Post-Windows NT 4.0 Service Pack 6a Security Rollup Package (SRP)":
// the articles a section points to, with the title when the line gives one.
std::vector<ArticleReference> references_in(const std::vector<Line>& lines, std::size_t first, std::size_t end,
                                            const std::string& own_kb)
{
  std::vector<ArticleReference> references;
  for (std::size_t i = first; i < end && references.size() < k_max_references; ++i) {
    const std::vector<std::string_view> words = words_of(lines[i].text);
    for (std::size_t w = 0; w < words.size(); ++w) {
      const std::string kb = kb_number(words[w]);
      if (kb.empty() || kb == own_kb || (words[w].front() != 'Q' && words[w].front() != 'q') ||
          std::any_of(references.begin(), references.end(),
                      [&kb](const ArticleReference& reference) { return reference.kb == kb; })) {
        continue;
      }
      ArticleReference reference;
      reference.kb = kb;
      if (w == 0 && words.size() > 1) {
        const std::string_view line = trim(lines[i].text);
        const std::string title = collapse_spaces(trim(line.substr(words[0].size())));
        if (title.size() <= k_max_reference_title && has_alpha(title)) {
          reference.title = clean_text(title);
        }
      }
      references.push_back(std::move(reference));
      if (references.size() == k_max_references) {
        break;
      }
    }
  }
  return references;
}

// The resolution offers something to install: a fix, hotfix, patch,
// update or service pack.
bool offers_fix(const std::vector<Line>& lines, std::size_t first, std::size_t end)
{
  for (std::size_t i = first; i < end; ++i) {
    const std::string lowered = util::to_lower(lines[i].text);
    for (const char* word : {"fix", "hotfix", "patch", "update", "service pack"}) {
      for (std::size_t at = lowered.find(word); at != std::string::npos; at = lowered.find(word, at + 1)) {
        const std::size_t after = at + std::string_view(word).size();
        if ((at == 0 || !is_alpha(lowered[at - 1])) &&
            (after >= lowered.size() || !is_alpha(lowered[after]) || lowered[after] == 'e' || lowered[after] == 's')) {
          return true;
        }
      }
    }
  }
  return false;
}

// The number of section variants the rows come from ("IIS 5.0", "IIS 4.0").
std::size_t sections_of(const manifest::Manifest& manifest)
{
  std::vector<std::string> sections;
  for (const manifest::ManifestFile& file : manifest.files) {
    const std::string section = file.variant.substr(0, file.variant.find(", "));
    if (std::find(sections.begin(), sections.end(), section) == sections.end()) {
      sections.push_back(section);
    }
  }
  return sections.size();
}

} // namespace

std::optional<manifest::Remediation> article_remediation(const std::vector<Line>& lines,
                                                         const manifest::Manifest& manifest)
{
  std::size_t resolution_first = 0;
  std::size_t resolution_end = 0;
  std::size_t workaround_first = 0;
  std::size_t workaround_end = 0;
  const bool resolution = find_section(lines, "RESOLUTION", resolution_first, resolution_end);
  const bool workaround = find_section(lines, "WORKAROUND", workaround_first, workaround_end);
  if (!resolution && !workaround) {
    return std::nullopt;
  }
  manifest::Remediation remediation;
  const bool service_pack = manifest.fix.find("Service Pack") != std::string::npos;
  if (service_pack && sections_of(manifest) > 1) {
    // The service pack is one product's; the article's other sections have their own fix.
    remediation.text = "Install the fix of " + manifest.kb +
                       " for each product listed here (the files listed, or later versions); the article says " +
                       manifest.fix + " is the first to contain it.";
  } else if (service_pack) {
    remediation.text = "Install " + manifest.fix + " or later, which contains the fixed files listed here.";
  } else if (resolution && offers_fix(lines, resolution_first, resolution_end)) {
    remediation.text = "Install the fix of " + manifest.kb +
                       " (the files listed here, or later versions), or a later service pack that contains it.";
  } else {
    remediation.text = "Bring the files listed here to the versions the article lists; its " +
                       std::string(resolution ? "RESOLUTION" : "WORKAROUND") + " section says how.";
  }
  if (workaround) {
    remediation.text += " Until then, the article describes a workaround.";
  }
  if (resolution) {
    remediation.references = references_in(lines, resolution_first, resolution_end, manifest.kb);
  }
  return remediation;
}

} // namespace smsscan::kb
