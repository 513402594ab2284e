#include "smsscan/kb/article_header.hpp"

#include "smsscan/kb/cell_text.hpp"
#include "smsscan/manifest/default_manifest.hpp"
#include "smsscan/util/text.hpp"

#include <algorithm>
#include <array>

namespace smsscan::kb {

using manifest::Manifest;
using util::starts_with;
using util::to_lower;
using util::trim;

std::string kb_number(std::string_view word)
{
  std::string_view text = trim(word);
  while (!text.empty() && !is_alnum(text.back())) {
    text.remove_suffix(1);
  }
  if (text.size() > 2 && (lower(text[0]) == 'k' && lower(text[1]) == 'b')) {
    text.remove_prefix(2);
  }
  if (!text.empty() && lower(text[0]) == 'q') {
    text.remove_prefix(1);
  }
  if (text.size() >= 4 && text.size() <= 7 && all_digits(text)) {
    return "Q" + std::string(text);
  }
  return "";
}

std::string strip_title_prefix(std::string_view text)
{
  text = trim(text);
  while (!text.empty() && text.front() == '#') {
    text.remove_prefix(1);
  }
  text = trim(text);
  const std::size_t colon = text.find(':');
  if (colon != std::string_view::npos && !kb_number(text.substr(0, colon)).empty()) {
    text = trim(text.substr(colon + 1));
  }
  return collapse_spaces(text);
}

ArticleFields read_fields(const std::vector<Line>& lines)
{
  ArticleFields fields;
  std::size_t first = 0;
  // Web-archive copies start with a front matter block: "---", "title: ...", "---".
  while (first < lines.size() && is_blank(lines[first].text)) {
    ++first;
  }
  if (first < lines.size() && trim(lines[first].text) == "---") {
    for (std::size_t k = first + 1; k < lines.size() && k < first + 30; ++k) {
      const std::string_view text = trim(lines[k].text);
      if (text == "---") {
        first = k + 1;
        fields.end = first;
        break;
      }
      if (starts_with(to_lower(text.substr(0, std::min<std::size_t>(text.size(), 6))), "title:")) {
        std::string_view value = trim(text.substr(6));
        if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') && value.back() == value.front()) {
          value = value.substr(1, value.size() - 2);
        }
        fields.title = strip_title_prefix(value);
        fields.have_title = !fields.title.empty();
      }
    }
  }
  std::string* last = nullptr; // the field a continuation line extends
  for (std::size_t i = first; i < lines.size() && i < first + 60; ++i) {
    const std::string& text = lines[i].text;
    if (is_rule(text)) {
      break;
    }
    const std::string_view trimmed = trim(text);
    if (starts_with(trimmed, "{%") || starts_with(trimmed, "#")) {
      // "{% raw %}", "## Q305209: title" (Markdown copies)
      if (starts_with(trimmed, "#") && !fields.have_title) {
        fields.title = strip_title_prefix(trimmed);
        fields.have_title = !fields.title.empty();
      }
      fields.end = i + 1;
      continue;
    }
    if (is_blank(text)) {
      last = nullptr;
      continue;
    }
    const std::size_t colon = text.find(':');
    const std::string key = colon == std::string::npos ? "" : to_lower(trim(std::string_view(text).substr(0, colon)));
    const std::string_view value = colon == std::string::npos ? "" : trim(std::string_view(text).substr(colon + 1));
    const bool field =
      colon != std::string::npos && !key.empty() && key.size() <= 24 && std::all_of(key.begin(), key.end(), [](char c) {
        return is_alpha(c) || c == ' ' || c == '/' || c == '(' || c == ')' || c == '-';
      });
    if (!field) {
      if (last != nullptr && text.front() == ' ') {
        *last += " " + std::string(trim(text));
        fields.end = i + 1;
      }
      continue;
    }
    last = nullptr;
    const bool known = key == "document" || key == "article" || key == "article id" || key == "article number" ||
                       key == "article-id" || key == "kb article" || key == "title" || key == "product" ||
                       key == "product(s)" || key == "products" || key == "prod/ver" || key == "version(s)" ||
                       key == "versions" || key == "oper/sys" || key == "keywords" || key == "keyword(s)" ||
                       key == "operating system(s)" || key == "last modified" || key == "last reviewed" ||
                       key == "last review" || key == "revision";
    if (known) {
      fields.end = i + 1;
    }
    if (key == "document" || key == "article" || key == "article id" || key == "article number" ||
        key == "article-id" || key == "kb article" || key == "q") {
      const auto words = words_of(value);
      if (!words.empty() && fields.kb.empty()) {
        fields.kb = kb_number(words[0]);
      }
      if (key != "document") {
        fields.article_line = i;
      }
    } else if (key == "title") {
      fields.title = std::string(value);
      fields.have_title = true;
      last = &fields.title;
    } else if (key == "product" || key == "product(s)" || key == "products") {
      fields.product = std::string(value);
      last = &fields.product;
    } else if (key == "prod/ver") {
      const std::size_t inner = value.find(':');
      fields.versions = std::string(trim(inner == std::string_view::npos ? value : value.substr(inner + 1)));
    } else if (key == "version(s)" || key == "versions") {
      // "WINDOWS:95", "winnt:2.0": the platform prefix, as PROD/VER has it.
      const std::size_t inner = value.find(':');
      fields.versions = std::string(trim(inner == std::string_view::npos ? value : value.substr(inner + 1)));
    }
  }
  return fields;
}

namespace {

bool is_section_heading(const std::vector<Line>& lines, std::size_t i)
{
  if (i + 1 >= lines.size() || is_blank(lines[i].text) || !is_plain_rule(lines[i + 1].text)) {
    return false;
  }
  const std::string_view text = trim(lines[i].text);
  return std::none_of(text.begin(), text.end(), [](char c) { return c >= 'a' && c <= 'z'; }) && has_alpha(text) &&
         text.size() <= 40;
}

} // namespace

std::string fallback_title(const std::vector<Line>& lines, const ArticleFields& fields)
{
  if (fields.article_line < lines.size()) {
    for (std::size_t i = 0; i < fields.article_line; ++i) {
      if (!is_blank(lines[i].text) && !is_rule(lines[i].text)) {
        return strip_title_prefix(lines[i].text);
      }
    }
  }
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (!is_section_heading(lines, i)) {
      continue;
    }
    std::size_t k = i + 2;
    while (k < lines.size() && is_blank(lines[k].text)) {
      ++k;
    }
    std::string paragraph;
    while (k < lines.size() && !is_blank(lines[k].text) && paragraph.size() < 400) {
      paragraph += " " + std::string(trim(lines[k].text));
      ++k;
    }
    paragraph = collapse_spaces(paragraph);
    for (std::size_t p = 0; p < paragraph.size(); ++p) {
      if ((paragraph[p] == '.' || paragraph[p] == '!' || paragraph[p] == '?') &&
          (p + 1 == paragraph.size() || paragraph[p + 1] == ' ')) {
        paragraph = paragraph.substr(0, p + 1);
        break;
      }
    }
    if (paragraph.size() > 200) {
      paragraph = paragraph.substr(0, 197) + "...";
    }
    if (!paragraph.empty()) {
      return paragraph;
    }
  }
  return "";
}

namespace {

// Without a product field: the first line under "The information in this
// article applies to:" (" - Microsoft Systems Management Server version 2.0").
std::string applies_to_product(const std::vector<Line>& lines)
{
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (to_lower(lines[i].text).find("applies to") == std::string::npos) {
      continue;
    }
    for (std::size_t k = i + 1; k < lines.size() && k < i + 4; ++k) {
      std::string_view text = trim(lines[k].text);
      if (text.empty()) {
        continue;
      }
      while (!text.empty() && (text.front() == '-' || text.front() == '*' || text.front() == ' ')) {
        text.remove_prefix(1);
      }
      if (!text.empty() && has_alpha(text)) {
        return collapse_spaces(text);
      }
      break;
    }
    break;
  }
  return "";
}

std::string replace_all(std::string text, std::string_view from, std::string_view to)
{
  std::size_t at = 0;
  while ((at = text.find(from, at)) != std::string::npos) {
    text.replace(at, from.size(), to);
    at += to.size();
  }
  return text;
}

} // namespace

bool says_utc(const std::string& flat)
{
  static const std::array<const char*, 7> k_phrases = {"listed in coordinated universal time",
                                                       "listed in universal coordinated time",
                                                       "listed in utc",
                                                       "listed in gmt",
                                                       "listed in greenwich mean time",
                                                       "are in coordinated universal time",
                                                       "are in universal coordinated time"};
  return std::any_of(k_phrases.begin(), k_phrases.end(),
                     [&flat](const char* phrase) { return flat.find(phrase) != std::string::npos; });
}

std::string service_pack_fix(const std::string& flat_original)
{
  const std::string flat = to_lower(flat_original);
  std::size_t at = 0;
  while ((at = flat.find("corrected in ", at)) != std::string::npos) {
    at += 13;
    const std::size_t window = flat.substr(at, 92).find("service pack");
    if (window == std::string::npos) {
      continue;
    }
    const std::size_t pack = at + window;
    std::string product = std::string(trim(std::string_view(flat_original).substr(at, pack - at)));
    const std::string lowered = to_lower(product);
    if (product.empty() || starts_with(lowered, "the ") || starts_with(lowered, "a ") ||
        lowered.find("latest") != std::string::npos || lowered.find(". ") != std::string::npos) {
      continue;
    }
    // "Service Pack Service Pack 1" (sic) and "Service Pack 1".
    std::size_t p = pack;
    while (flat.compare(p, 12, "service pack") == 0) {
      p += 12;
      while (p < flat.size() && flat[p] == ' ') {
        ++p;
      }
    }
    std::size_t digits = p;
    while (digits < flat.size() && is_digit(flat[digits]) && digits - p < 3) {
      ++digits;
    }
    if (digits == p) {
      continue;
    }
    if (digits < flat.size() && is_alpha(flat[digits]) && (digits + 1 == flat.size() || !is_alnum(flat[digits + 1]))) {
      ++digits; // "Service Pack 6a"
    }
    if (starts_with(to_lower(product), "microsoft ")) {
      product = product.substr(10);
    }
    product = replace_all(product, "Systems Management Server", "SMS");
    return product + " Service Pack " + flat.substr(p, digits - p);
  }
  return "";
}

namespace {

// "Microsoft Windows 95.x Retail Product" already names version 95.
bool mentions_version(const std::string& product, const std::string& version)
{
  for (std::size_t at = product.find(version); at != std::string::npos; at = product.find(version, at + 1)) {
    const bool left = at == 0 || product[at - 1] == ' ';
    const std::size_t end = at + version.size();
    const bool right = end == product.size() || !is_digit(product[end]);
    if (left && right) {
      return true;
    }
  }
  return false;
}

} // namespace

std::optional<Problem> fill_header(Manifest& manifest, const ArticleFields& fields, const std::vector<Line>& lines,
                                   const std::string& flat, const std::string& source,
                                   std::vector<std::string>& warnings)
{
  manifest.kb = fields.kb;
  if (manifest.kb.empty()) {
    // "Q231399.txt", "kb/Q231399.txt"
    const std::size_t slash = source.find_last_of("/\\");
    const std::string base = slash == std::string::npos ? source : source.substr(slash + 1);
    manifest.kb = kb_number(base.substr(0, base.find('.')));
    if (manifest.kb.empty()) {
      return Problem{0, "no KB article number found (expected 'DOCUMENT:Qnnnnnn' or 'Article: Qnnnnnn')"};
    }
    warnings.push_back(source + ": no KB number in the article; using " + manifest.kb + " from its file name");
  }
  if (fields.have_title && !trim(fields.title).empty()) {
    manifest.title = collapse_spaces(fields.title);
  } else {
    manifest.title = fallback_title(lines, fields);
    if (manifest.title.empty()) {
      manifest.title = "KB " + manifest.kb;
    }
    warnings.push_back(source + ": the article has no title field; using '" + manifest.title + "'");
  }
  manifest.product = collapse_spaces(fields.product);
  const std::string versions(trim(fields.versions));
  if (!manifest.product.empty() && !versions.empty() && versions.find_first_of(",;:") == std::string::npos &&
      !mentions_version(manifest.product, versions)) {
    manifest.product += " " + versions;
  }
  if (manifest.product.empty()) {
    manifest.product = applies_to_product(lines);
    if (manifest.product.empty()) {
      manifest.product = "(not named in the article)";
    }
    warnings.push_back(source + ": the article has no product field; using '" + manifest.product + "'");
  }
  manifest.fix = service_pack_fix(flat);
  if (manifest.fix.empty()) {
    manifest.fix = "KB " + manifest.kb;
  }
  manifest.kb = clean_text(manifest.kb);
  manifest.title = clean_text(manifest.title);
  manifest.product = clean_text(manifest.product);
  manifest.fix = clean_text(manifest.fix);
  if (to_lower(manifest.product).find("systems management server") != std::string::npos) {
    const util::Expected<Manifest> defaults = manifest::load_default_manifest();
    if (defaults) {
      manifest.locations = defaults->locations;
    } else {
      warnings.push_back(source + ": the default manifest could not be loaded (" + defaults.error().message +
                         "); no locations");
    }
  }
  return std::nullopt;
}

} // namespace smsscan::kb
