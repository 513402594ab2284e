#include "smsscan/manifest/xml_writer.hpp"

#include <pugixml.hpp>

#include <sstream>

namespace smsscan::manifest {

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
  if (manifest.min_build && manifest.min_build_line) {
    root.append_attribute("min-version") =
      (manifest.min_build_line->to_string() + "." + std::to_string(*manifest.min_build)).c_str();
  } else if (manifest.min_build) {
    root.append_attribute("min-build") = static_cast<unsigned>(*manifest.min_build);
  }
  if (manifest.plausible_until) {
    root.append_attribute("plausible-until") = util::format_iso_date(*manifest.plausible_until).c_str();
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
    if (file.size) {
      node.append_attribute("size") = std::to_string(*file.size).c_str();
    }
    if (file.size_tolerance > 0) {
      node.append_attribute("size-tolerance") = std::to_string(file.size_tolerance).c_str();
    }
    if (file.date) {
      node.append_attribute("date") = util::format_iso_date(*file.date).c_str();
    }
    if (file.minutes) {
      node.append_attribute("time") = util::format_hh_mm(*file.minutes).c_str();
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
    if (!file.variant.empty()) {
      node.append_attribute("variant") = file.variant.c_str();
    }
    if (file.article_line > 0) {
      node.append_attribute("article-line") = file.article_line;
    }
  }
  if (manifest.remediation) {
    pugi::xml_node node = root.append_child("remediation");
    node.append_child("text").text() = manifest.remediation->text.c_str();
    for (const ArticleReference& reference : manifest.remediation->references) {
      pugi::xml_node see = node.append_child("see");
      see.append_attribute("kb") = reference.kb.c_str();
      if (!reference.title.empty()) {
        see.append_attribute("title") = reference.title.c_str();
      }
    }
  }
  if (!manifest.accounts.empty()) {
    pugi::xml_node node = root.append_child("accounts");
    for (const std::string& account : manifest.accounts) {
      node.append_child("account").append_attribute("name") = account.c_str();
    }
  }
  std::ostringstream out;
  document.save(out, "  ", pugi::format_default, pugi::encoding_utf8);
  return out.str();
}

} // namespace smsscan::manifest
