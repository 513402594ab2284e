#include "manifest.hpp"

#include "text.hpp"

#include <pugixml.hpp>

#include <algorithm>
#include <fstream>
#include <sstream>

namespace smsscan {

std::string_view embedded_default_manifest();
std::string_view embedded_default_manifest_name();

namespace {

const char* const k_roles[] = {"client", "site-server", "cap", "logon-point"};

bool is_known_role(std::string_view role)
{
  return std::any_of(std::begin(k_roles), std::end(k_roles), [&](const char* known) { return role == known; });
}

int line_of(std::string_view text, std::ptrdiff_t offset)
{
  if (offset < 0) {
    return 0;
  }
  const auto end = std::min(static_cast<std::size_t>(offset), text.size());
  return 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(end), '\n'));
}

class Parser
{
public:
  Parser(std::string_view xml, std::string_view source) : m_xml(xml), m_source(source) {}

  ManifestResult run()
  {
    ManifestResult result;
    pugi::xml_document document;
    const pugi::xml_parse_result parsed =
      document.load_buffer(m_xml.data(), m_xml.size(), pugi::parse_default | pugi::parse_ws_pcdata_single);
    if (!parsed) {
      return fail(line_of(m_xml, parsed.offset), std::string("not well-formed XML: ") + parsed.description());
    }
    const pugi::xml_node root = document.document_element();
    if (std::string_view(root.name()) != "manifest") {
      return fail(line(root), "the root element must be <manifest>, not <" + std::string(root.name()) + ">");
    }
    Manifest manifest;
    manifest.source = std::string(m_source);
    for (const char* required : {"kb", "title", "product", "fix"}) {
      if (trim(root.attribute(required).value()).empty()) {
        return fail(line(root), std::string("<manifest> needs a non-empty ") + required + " attribute");
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
      return fail(line(root), "times must be \"local\" or \"utc\", not \"" + times + "\"");
    }
    if (const pugi::xml_attribute floor = root.attribute("min-build")) {
      const auto value = parse_uint(trim(floor.value()));
      if (!value || *value > 0xffff) {
        return fail(line(root),
                    "min-build must be a build number from 0 to 65535, not \"" + std::string(floor.value()) + "\"");
      }
      manifest.min_build = static_cast<std::uint16_t>(*value);
    }

    for (const pugi::xml_node node : root.children()) {
      if (node.type() != pugi::node_element) {
        continue;
      }
      const std::string_view name = node.name();
      if (name == "location") {
        if (!parse_location(node, manifest)) {
          return m_failure;
        }
      } else if (name == "file") {
        if (!parse_file(node, manifest)) {
          return m_failure;
        }
      } else {
        return fail(line(node), "unknown element <" + std::string(name) + ">");
      }
    }
    if (manifest.files.empty()) {
      return fail(line(root), "the manifest lists no <file>");
    }
    result.manifest = std::move(manifest);
    return result;
  }

private:
  int line(const pugi::xml_node& node) const { return line_of(m_xml, node.offset_debug()); }

  ManifestResult fail(int at_line, std::string message)
  {
    m_failure = ManifestResult{};
    m_failure.error = ManifestError{std::string(m_source), at_line, std::move(message)};
    return m_failure;
  }

  bool parse_location(const pugi::xml_node& node, Manifest& manifest)
  {
    Location location;
    location.role = node.attribute("role").value();
    location.share = node.attribute("share").value();
    location.path = node.attribute("path").value();
    if (!is_known_role(location.role)) {
      fail(line(node), "<location> role \"" + location.role + "\" is not one of client, site-server, cap, logon-point");
      return false;
    }
    if (trim(location.share).empty()) {
      fail(line(node), "<location> needs a share");
      return false;
    }
    if (location.share.find_first_of("\\/") != std::string::npos || location.path.find("..") != std::string::npos) {
      fail(line(node), "<location> share must be a plain share name and path must not contain \"..\"");
      return false;
    }
    std::replace(location.path.begin(), location.path.end(), '/', '\\');
    if (const pugi::xml_attribute platform = node.attribute("platform")) {
      const auto parsed = parse_platform(platform.value());
      if (!parsed) {
        fail(line(node), "<location> platform \"" + std::string(platform.value()) + "\" is not Intel or Alpha");
        return false;
      }
      location.platform = *parsed;
    }
    manifest.locations.push_back(std::move(location));
    return true;
  }

  bool parse_file(const pugi::xml_node& node, Manifest& manifest)
  {
    ManifestFile file;
    file.line = line(node);
    file.name = trim(node.attribute("name").value());
    if (file.name.empty()) {
      fail(file.line, "<file> needs a name");
      return false;
    }
    if (file.name.find_first_of("\\/") != std::string::npos) {
      fail(file.line, "file '" + file.name + "': name must not contain a path");
      return false;
    }
    const std::string what = "file '" + file.name + "': ";
    const pugi::xml_attribute size = node.attribute("size");
    if (!size) {
      fail(file.line, what + "size is missing");
      return false;
    }
    const auto size_value = parse_uint(trim(size.value()));
    if (!size_value) {
      fail(file.line, what + "size \"" + size.value() + "\" is not a number of bytes");
      return false;
    }
    file.size = *size_value;
    const pugi::xml_attribute date = node.attribute("date");
    if (!date) {
      fail(file.line, what + "date is missing");
      return false;
    }
    const auto date_value = parse_iso_date(date.value());
    if (!date_value) {
      fail(file.line, what + "date \"" + date.value() + "\" is not a real date in the form YYYY-MM-DD");
      return false;
    }
    file.date = *date_value;
    if (const pugi::xml_attribute time = node.attribute("time")) {
      const auto minutes = parse_hh_mm(time.value());
      if (!minutes) {
        fail(file.line, what + "time \"" + time.value() + "\" is not a 24-hour time HH:MM");
        return false;
      }
      file.minutes = *minutes;
    }
    if (const pugi::xml_attribute platform = node.attribute("platform")) {
      const auto parsed = parse_platform(platform.value());
      if (!parsed) {
        fail(file.line, what + "platform \"" + platform.value() + "\" is not Intel or Alpha");
        return false;
      }
      file.platform = *parsed;
    }
    if (const pugi::xml_attribute version = node.attribute("version")) {
      file.version_text = version.value();
      if (!trim(file.version_text).empty()) {
        file.version = parse_file_version(file.version_text);
        if (!file.version) {
          fail(file.line, what + "version \"" + file.version_text + "\" is not a dotted version such as 2.0.1380.1000");
          return false;
        }
      }
    }
    file.note = node.attribute("note").value();
    file.caption = node.attribute("caption").value();
    for (const ManifestFile& other : manifest.files) {
      if (iequals(other.name, file.name) && other.platform == file.platform && other.caption == file.caption) {
        fail(file.line, what + "listed twice for the same platform (first at line " + std::to_string(other.line) + ")");
        return false;
      }
    }
    manifest.files.push_back(std::move(file));
    return true;
  }

  std::string_view m_xml;
  std::string_view m_source;
  ManifestResult m_failure;
};

} // namespace

std::string ManifestError::to_string() const
{
  std::string text = source;
  if (line > 0) {
    text += ":" + std::to_string(line);
  }
  return text + ": " + message;
}

ManifestResult parse_manifest(std::string_view xml, std::string_view source_name)
{
  try {
    return Parser(xml, source_name).run();
  } catch (const std::exception& e) {
    ManifestResult result;
    result.error = ManifestError{std::string(source_name), 0, std::string("cannot parse: ") + e.what()};
    return result;
  }
}

ManifestResult load_manifest_file(const std::string& path)
{
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    ManifestResult result;
    result.error = ManifestError{path, 0, "cannot be read"};
    return result;
  }
  std::ostringstream content;
  content << in.rdbuf();
  return parse_manifest(content.str(), path);
}

ManifestResult load_default_manifest()
{
  return parse_manifest(embedded_default_manifest(), embedded_default_manifest_name());
}

std::string write_manifest_xml(const Manifest& manifest)
{
  pugi::xml_document document;
  auto declaration = document.append_child(pugi::node_declaration);
  declaration.append_attribute("version") = "1.0";
  declaration.append_attribute("encoding") = "UTF-8";
  pugi::xml_node root = document.append_child("manifest");
  root.append_attribute("kb") = manifest.kb.c_str();
  root.append_attribute("title") = manifest.title.c_str();
  root.append_attribute("product") = manifest.product.c_str();
  root.append_attribute("fix") = manifest.fix.c_str();
  root.append_attribute("times") = manifest.times == ManifestTimes::utc ? "utc" : "local";
  if (manifest.min_build) {
    root.append_attribute("min-build") = static_cast<unsigned>(*manifest.min_build);
  }
  for (const Location& location : manifest.locations) {
    pugi::xml_node node = root.append_child("location");
    node.append_attribute("role") = location.role.c_str();
    node.append_attribute("share") = location.share.c_str();
    node.append_attribute("path") = location.path.c_str();
    if (location.platform != Platform::any) {
      node.append_attribute("platform") = std::string(platform_name(location.platform)).c_str();
    }
  }
  for (const ManifestFile& file : manifest.files) {
    pugi::xml_node node = root.append_child("file");
    node.append_attribute("name") = file.name.c_str();
    node.append_attribute("size") = std::to_string(file.size).c_str();
    node.append_attribute("date") = format_iso_date(file.date).c_str();
    if (file.minutes) {
      node.append_attribute("time") = format_hh_mm(*file.minutes).c_str();
    }
    if (file.platform != Platform::any) {
      node.append_attribute("platform") = std::string(platform_name(file.platform)).c_str();
    }
    if (!file.version_text.empty()) {
      node.append_attribute("version") = file.version_text.c_str();
    }
    if (!file.note.empty()) {
      node.append_attribute("note") = file.note.c_str();
    }
    if (!file.caption.empty()) {
      node.append_attribute("caption") = file.caption.c_str();
    }
  }
  std::ostringstream out;
  document.save(out, "  ", pugi::format_default, pugi::encoding_utf8);
  return out.str();
}

std::vector<std::string> manifest_roles(const Manifest& manifest)
{
  std::vector<std::string> roles;
  for (const Location& location : manifest.locations) {
    if (std::find(roles.begin(), roles.end(), location.role) == roles.end()) {
      roles.push_back(location.role);
    }
  }
  return roles;
}

} // namespace smsscan
