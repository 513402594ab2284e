#include "smsscan/manifest/xml_reader.hpp"

#include "smsscan/manifest/roles.hpp"
#include "smsscan/util/file.hpp"
#include "smsscan/util/text.hpp"

#include <pugixml.hpp>

#include <algorithm>
#include <map>
#include <tuple>

namespace smsscan::manifest {

namespace {

using util::Error;
using util::Expected;
using util::trim;
using util::unexpected;

// Line numbers by offset, from the offsets of the line breaks (counted once:
// a manifest of 40,000 rows must not be scanned 40,000 times).
class LineIndex
{
public:
  explicit LineIndex(std::string_view text)
  {
    for (std::size_t at = text.find('\n'); at != std::string_view::npos; at = text.find('\n', at + 1)) {
      m_breaks.push_back(at);
    }
  }
  int line_of(std::ptrdiff_t offset) const
  {
    if (offset < 0) {
      return 0;
    }
    const auto before = std::lower_bound(m_breaks.begin(), m_breaks.end(), static_cast<std::size_t>(offset));
    return 1 + static_cast<int>(before - m_breaks.begin());
  }

private:
  std::vector<std::size_t> m_breaks;
};

// Runs of spaces, tabs and line breaks as one space, trimmed: the text of
// an element indented across lines.
std::string collapse_whitespace(std::string_view text)
{
  std::string out;
  bool space = false;
  for (const char c : util::trim(text)) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = true;
      continue;
    }
    if (space && !out.empty()) {
      out.push_back(' ');
    }
    space = false;
    out.push_back(c);
  }
  return out;
}

// A refusal while reading one element: the line and what is wrong.
struct Problem
{
  int line = 0;
  std::string message;
};

class Parser
{
public:
  Parser(std::string_view xml, std::string_view source) : m_xml(xml), m_source(source), m_lines(xml) {}

  Expected<Manifest> run()
  {
    pugi::xml_document document;
    const pugi::xml_parse_result parsed =
      document.load_buffer(m_xml.data(), m_xml.size(), pugi::parse_default | pugi::parse_ws_pcdata_single);
    if (!parsed) {
      return fail({m_lines.line_of(parsed.offset), std::string("not well-formed XML: ") + parsed.description()});
    }
    const pugi::xml_node root = document.document_element();
    if (std::string_view(root.name()) != "manifest") {
      return fail({line(root), "the root element must be <manifest>, not <" + std::string(root.name()) + ">"});
    }
    Manifest manifest;
    manifest.source = std::string(m_source);
    if (auto problem = read_header(root, manifest)) {
      return fail(*problem);
    }
    for (const pugi::xml_node node : root.children()) {
      if (node.type() != pugi::node_element) {
        continue;
      }
      const std::string_view name = node.name();
      std::optional<Problem> problem;
      if (name == "location") {
        problem = read_location(node, manifest);
      } else if (name == "file") {
        problem = read_file_row(node, manifest);
      } else if (name == "remediation") {
        problem = read_remediation(node, manifest);
      } else if (name == "accounts") {
        problem = read_accounts(node, manifest);
      } else {
        problem = Problem{line(node), "unknown element <" + std::string(name) + ">"};
      }
      if (problem) {
        return fail(*problem);
      }
    }
    if (manifest.files.empty()) {
      return fail({line(root), "the manifest lists no <file>"});
    }
    return manifest;
  }

private:
  int line(const pugi::xml_node& node) const { return m_lines.line_of(node.offset_debug()); }

  Expected<Manifest> fail(Problem problem) const
  {
    return unexpected(Error(std::string(m_source), problem.line, std::move(problem.message)));
  }

  std::optional<Problem> read_header(const pugi::xml_node& root, Manifest& manifest) const
  {
    for (const char* required : {"kb", "title", "product", "fix"}) {
      if (trim(root.attribute(required).value()).empty()) {
        return Problem{line(root), std::string("<manifest> needs a non-empty ") + required + " attribute"};
      }
    }
    manifest.kb = root.attribute("kb").value();
    manifest.title = root.attribute("title").value();
    manifest.product = root.attribute("product").value();
    manifest.fix = root.attribute("fix").value();
    const std::string times = root.attribute("times").as_string("local");
    if (times == "local") {
      manifest.times = ManifestTimes::local;
    } else if (times == "utc") {
      manifest.times = ManifestTimes::utc;
    } else {
      return Problem{line(root), "times must be \"local\" or \"utc\", not \"" + times + "\""};
    }
    const pugi::xml_attribute floor = root.attribute("min-build");
    const pugi::xml_attribute versioned_floor = root.attribute("min-version");
    if (floor && versioned_floor) {
      return Problem{line(root), "give min-build or min-version, not both"};
    }
    if (floor) {
      const auto value = util::parse_uint(trim(floor.value()));
      if (!value || *value > 0xffff) {
        return Problem{line(root),
                       "min-build must be a build number from 0 to 65535, not \"" + std::string(floor.value()) + "\""};
      }
      manifest.min_build = static_cast<std::uint16_t>(*value);
    }
    if (versioned_floor) {
      // "2.0.1380": the version line and the build of the floor.
      const std::string text(trim(versioned_floor.value()));
      const auto version = parse_file_version(text);
      if (!version || util::split(text, '.').size() != 3) {
        return Problem{line(root), "min-version must be major.minor.build such as 2.0.1380, not \"" +
                                     std::string(versioned_floor.value()) + "\""};
      }
      manifest.min_build = version->build();
      manifest.min_build_line = version_line(*version);
    }
    if (const pugi::xml_attribute until = root.attribute("plausible-until")) {
      const auto date = util::parse_iso_date(until.value());
      if (!date) {
        return Problem{line(root), "plausible-until \"" + std::string(until.value()) +
                                     "\" is not a real date in the form YYYY-MM-DD"};
      }
      manifest.plausible_until = *date;
    }
    return std::nullopt;
  }

  std::optional<Problem> read_location(const pugi::xml_node& node, Manifest& manifest) const
  {
    Location location;
    location.role = node.attribute("role").value();
    location.share = node.attribute("share").value();
    location.path = node.attribute("path").value();
    if (!is_known_role(location.role)) {
      return Problem{line(node), "<location> role \"" + location.role + "\" is not one of " + role_list_text()};
    }
    if (trim(location.share).empty()) {
      return Problem{line(node), "<location> needs a share"};
    }
    if (location.share.find_first_of("\\/") != std::string::npos || location.path.find("..") != std::string::npos) {
      return Problem{line(node), "<location> share must be a plain share name and path must not contain \"..\""};
    }
    std::replace(location.path.begin(), location.path.end(), '/', '\\');
    if (const pugi::xml_attribute platform = node.attribute("platform")) {
      const auto parsed = parse_platform(platform.value());
      if (!parsed) {
        return Problem{line(node), "<location> platform \"" + std::string(platform.value()) + "\" is not " +
                                     std::string(platform_list_text())};
      }
      location.platform = *parsed;
    }
    manifest.locations.push_back(std::move(location));
    return std::nullopt;
  }

  // <remediation><text>...</text><see kb="Q236325" title="..."/></remediation>
  std::optional<Problem> read_remediation(const pugi::xml_node& node, Manifest& manifest) const
  {
    if (manifest.remediation) {
      return Problem{line(node), "<remediation> is given twice"};
    }
    Remediation remediation;
    for (const pugi::xml_node child : node.children()) {
      if (child.type() != pugi::node_element) {
        continue;
      }
      const std::string_view name = child.name();
      if (name == "text") {
        remediation.text = collapse_whitespace(child.text().get());
      } else if (name == "see") {
        const std::string kb(trim(child.attribute("kb").value()));
        if (kb.empty()) {
          return Problem{line(child), "<see> needs a kb attribute (\"Q236325\")"};
        }
        remediation.references.push_back({kb, collapse_whitespace(child.attribute("title").value())});
      } else {
        return Problem{line(child), "unknown element <" + std::string(name) + "> in <remediation>"};
      }
    }
    if (remediation.text.empty()) {
      return Problem{line(node), "<remediation> needs a <text>"};
    }
    manifest.remediation = std::move(remediation);
    return std::nullopt;
  }

  // <accounts><account name="SMSCliToknAcct&amp;"/>...</accounts>
  std::optional<Problem> read_accounts(const pugi::xml_node& node, Manifest& manifest) const
  {
    for (const pugi::xml_node child : node.children()) {
      if (child.type() != pugi::node_element) {
        continue;
      }
      if (std::string_view(child.name()) != "account") {
        return Problem{line(child), "unknown element <" + std::string(child.name()) + "> in <accounts>"};
      }
      const std::string name(trim(child.attribute("name").value()));
      if (name.empty() || name.find_first_of("\\/\"[]:;|=,+*?<>") != std::string::npos) {
        return Problem{line(child), "<account> needs a name that is a plain account name, not \"" + name + "\""};
      }
      const bool listed = std::any_of(manifest.accounts.begin(), manifest.accounts.end(),
                                      [&](const std::string& other) { return util::iequals(other, name); });
      if (listed) {
        return Problem{line(child), "account \"" + name + "\" is listed twice"};
      }
      manifest.accounts.push_back(name);
    }
    return std::nullopt;
  }

  // size (and size-tolerance), date and time; each optional, each checked.
  std::optional<Problem> read_file_values(const pugi::xml_node& node, ManifestFile& file) const
  {
    const std::string what = "file '" + file.name + "': ";
    if (const pugi::xml_attribute size = node.attribute("size")) {
      const auto value = util::parse_uint(trim(size.value()));
      if (!value) {
        return Problem{file.line, what + "size \"" + size.value() + "\" is not a number of bytes"};
      }
      file.size = *value;
    }
    if (const pugi::xml_attribute tolerance = node.attribute("size-tolerance")) {
      const auto value = util::parse_uint(trim(tolerance.value()));
      if (!value || !file.size || *value > *file.size) {
        return Problem{file.line, what + "size-tolerance \"" + tolerance.value() +
                                    "\" must be a number of bytes no larger than the size"};
      }
      file.size_tolerance = *value;
    }
    if (const pugi::xml_attribute date = node.attribute("date")) {
      const auto value = util::parse_iso_date(date.value());
      if (!value) {
        return Problem{file.line, what + "date \"" + date.value() + "\" is not a real date in the form YYYY-MM-DD"};
      }
      file.date = *value;
    }
    if (const pugi::xml_attribute time = node.attribute("time")) {
      const auto minutes = util::parse_hh_mm(time.value());
      if (!minutes) {
        return Problem{file.line, what + "time \"" + time.value() + "\" is not a 24-hour time HH:MM"};
      }
      if (!file.date) {
        return Problem{file.line, what + "a time needs a date"};
      }
      file.minutes = *minutes;
    }
    return std::nullopt;
  }

  std::optional<Problem> read_file_row(const pugi::xml_node& node, Manifest& manifest)
  {
    ManifestFile file;
    file.line = line(node);
    file.name = trim(node.attribute("name").value());
    if (file.name.empty()) {
      return Problem{file.line, "<file> needs a name"};
    }
    if (file.name.find_first_of("\\/") != std::string::npos) {
      return Problem{file.line, "file '" + file.name + "': name must not contain a path"};
    }
    const std::string what = "file '" + file.name + "': ";
    if (auto problem = read_file_values(node, file)) {
      return problem;
    }
    if (const pugi::xml_attribute platform = node.attribute("platform")) {
      const auto parsed = parse_platform(platform.value());
      if (!parsed) {
        return Problem{file.line,
                       what + "platform \"" + platform.value() + "\" is not " + std::string(platform_list_text())};
      }
      file.platform = *parsed;
    }
    if (const pugi::xml_attribute version = node.attribute("version")) {
      file.version_text = version.value();
      if (!trim(file.version_text).empty()) {
        file.version = parse_file_version(file.version_text);
        if (!file.version) {
          return Problem{file.line,
                         what + "version \"" + file.version_text + "\" is not a dotted version such as 2.0.1380.1000"};
        }
      }
    }
    if (!file.version && !file.date) {
      return Problem{file.line, what + "needs a version or a date (or both) to be judged by"};
    }
    if (const pugi::xml_attribute article_line = node.attribute("article-line")) {
      const auto value = util::parse_uint(trim(article_line.value()));
      if (!value || *value == 0 || *value > 100000000) {
        return Problem{file.line, what + "article-line \"" + article_line.value() + "\" is not a line number"};
      }
      file.article_line = static_cast<int>(*value);
    }
    file.note = node.attribute("note").value();
    file.caption = node.attribute("caption").value();
    file.variant = node.attribute("variant").value();
    // One row per name, platform, caption and variant; the lookup keeps this linear.
    const auto key = std::make_tuple(util::to_lower(file.name), file.platform, file.caption, file.variant);
    const auto [first, inserted] = m_rows.emplace(key, file.line);
    if (!inserted) {
      return Problem{file.line, what + "listed twice for the same platform and variant (first at line " +
                                  std::to_string(first->second) + ")"};
    }
    manifest.files.push_back(std::move(file));
    return std::nullopt;
  }

  std::string_view m_xml;
  std::string_view m_source;
  LineIndex m_lines;
  std::map<std::tuple<std::string, Platform, std::string, std::string>, int> m_rows; // first line of each row key
};

} // namespace

Expected<Manifest> parse_manifest(std::string_view xml, std::string_view source_name)
{
  try {
    return Parser(xml, source_name).run();
  } catch (const std::exception& e) {
    return unexpected(Error(std::string(source_name), 0, std::string("cannot parse: ") + e.what()));
  }
}

Expected<Manifest> load_manifest_file(const std::string& path)
{
  Expected<std::string> content = util::read_file(path, "manifest");
  if (!content) {
    return unexpected(content.error());
  }
  return parse_manifest(*content, path);
}

} // namespace smsscan::manifest
