// Tests for manifest/xml_writer.cpp: what write_manifest_xml writes parses
// back (with parse_manifest and with pugixml itself) to the same manifest,
// hostile text included, optional fields appear only when set, and writing
// is stable from one generation to the next.
#include "smsscan/manifest/xml_writer.hpp"

#include "manifest/manifest_support.hpp"
#include "smsscan/manifest/default_manifest.hpp"
#include "smsscan/manifest/xml_reader.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>
#include <pugixml.hpp>

#include <cstdint>
#include <string>
#include <vector>

using smsscan::manifest::load_default_manifest;
using smsscan::manifest::Manifest;
using smsscan::manifest::ManifestFile;
using smsscan::manifest::ManifestTimes;
using smsscan::manifest::parse_manifest;
using smsscan::manifest::Platform;
using smsscan::manifest::write_manifest_xml;
using smsscan::test::check_same_manifest;
using smsscan::util::CivilDate;

namespace {

// The smallest manifest parse_manifest accepts: one location, one row.
Manifest minimal()
{
  Manifest manifest;
  manifest.kb = "Q1";
  manifest.title = "T";
  manifest.product = "P";
  manifest.fix = "SP1";
  manifest.locations.push_back({"client", "ADMIN$", "MS\\SMS\\CORE\\BIN", Platform::any});
  ManifestFile file;
  file.name = "A.dll";
  file.date = CivilDate{1999, 6, 8};
  manifest.files.push_back(file);
  return manifest;
}

// The written XML read by pugixml alone (not by our reader, which trims and
// checks): the document must be well-formed.
pugi::xml_node root_of(pugi::xml_document& document, const std::string& xml)
{
  const pugi::xml_parse_result parsed = document.load_string(xml.c_str());
  REQUIRE_MESSAGE(parsed, parsed.description() << " at offset " << parsed.offset << " in\n" << xml);
  const pugi::xml_node root = document.document_element();
  REQUIRE(std::string(root.name()) == "manifest");
  return root;
}

} // namespace

TEST_CASE("write_manifest_xml: round-trips through parse_manifest")
{
  SUBCASE("the shipped manifest")
  {
    const auto shipped = load_default_manifest();
    REQUIRE(shipped.has_value());
    const std::string xml = write_manifest_xml(*shipped);
    const auto again = parse_manifest(xml, "rewritten.xml");
    REQUIRE_MESSAGE(again.has_value(), again.error().to_string());
    check_same_manifest(*again, *shipped);
    CHECK(again->source == "rewritten.xml");
    // Writing is stable: the second generation is byte-identical.
    CHECK(write_manifest_xml(*again) == xml);
  }

  SUBCASE("every optional field, UTC times, no build floor, characters XML must escape")
  {
    Manifest manifest;
    manifest.kb = "Q999999";
    manifest.title = "A <title> with \"quotes\" & ampersands";
    manifest.product = "Product";
    manifest.fix = "Fix & more";
    manifest.times = ManifestTimes::utc;
    manifest.plausible_until = CivilDate{2010, 12, 31};
    manifest.locations.push_back({"cap", "CAP_{site}", "clicomp.box\\base\\Alpha", Platform::alpha});
    manifest.locations.push_back({"logon-point", "SMSLOGON", "", Platform::any});
    ManifestFile with_all;
    with_all.name = "Mstsc.exe";
    with_all.size = 4294967296ULL; // more than 32 bits
    with_all.size_tolerance = 512;
    with_all.date = CivilDate{2000, 2, 29};
    with_all.minutes = 0;
    with_all.platform = Platform::intel;
    with_all.version = smsscan::manifest::parse_file_version("5.00.2195.1");
    with_all.version_text = "5.00.2195.1";
    with_all.note = "32-bit";
    with_all.caption = "The German version of this fix";
    with_all.variant = "Windows 2000";
    with_all.article_line = 117;
    manifest.files.push_back(with_all);
    ManifestFile bare;
    bare.name = "readme.txt";
    bare.size = 0;
    bare.date = CivilDate{1999, 12, 31};
    manifest.files.push_back(bare);
    manifest.remediation = smsscan::manifest::Remediation{"Install <SP1> & \"reboot\".", {{"Q1", "T & U"}, {"Q2", ""}}};
    manifest.accounts = {"SMSCliToknAcct&", "SMS&_PC01"};

    const auto again = parse_manifest(write_manifest_xml(manifest), "x.xml");
    REQUIRE_MESSAGE(again.has_value(), again.error().to_string());
    check_same_manifest(*again, manifest);
    CHECK_FALSE(again->min_build.has_value());
    CHECK(again->files[0].minutes == 0);
    CHECK_FALSE(again->files[1].minutes.has_value());
  }

  SUBCASE("variant rows, article lines and a build floor with its version line")
  {
    Manifest manifest = minimal();
    manifest.min_build = 1380;
    manifest.min_build_line = smsscan::manifest::VersionLine{2, 0};
    manifest.files.clear();
    for (const auto& [version, variant, line] : std::vector<std::tuple<const char*, const char*, int>>{
           {"5.0.2195.4051", "IIS 5.0", 115}, {"4.2.769.1", "IIS 4.0", 197}}) {
      ManifestFile file;
      file.name = "W3svc.dll";
      file.size = 1;
      file.version = smsscan::manifest::parse_file_version(version);
      file.version_text = version;
      file.variant = variant;
      file.article_line = line;
      manifest.files.push_back(file);
    }
    const std::string xml = write_manifest_xml(manifest);
    CHECK(xml.find("min-version=\"2.0.1380\"") != std::string::npos);
    CHECK(xml.find("min-build") == std::string::npos); // the reader refuses both at once
    const auto again = parse_manifest(xml, "again.xml");
    REQUIRE_MESSAGE(again.has_value(), again.error().to_string());
    check_same_manifest(*again, manifest);

    // A floor without a version line is written as min-build.
    manifest.min_build_line.reset();
    const std::string plain = write_manifest_xml(manifest);
    CHECK(plain.find("min-build=\"1380\"") != std::string::npos);
    CHECK(plain.find("min-version") == std::string::npos);
    const auto reread = parse_manifest(plain, "plain.xml");
    REQUIRE(reread.has_value());
    CHECK(reread->min_build == std::uint16_t{1380});
    CHECK_FALSE(reread->min_build_line.has_value());
  }
}

TEST_CASE("write_manifest_xml: hostile text in every attribute comes back exactly, never as markup")
{
  // What an imported article may hold: quotes of both kinds, markup, a CDATA
  // end and a comment end, entities written out, line breaks and tabs, and
  // text beyond ASCII.
  const std::string hostile =
    "a\"b'c<d>e&f]]>g-->h\ni\tj\rk &amp; &#60; <!-- x --> \xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80";
  Manifest manifest = minimal();
  manifest.title = hostile;
  manifest.product = hostile + " product";
  manifest.fix = hostile + " fix";
  manifest.locations[0].path = "MS\\" + hostile;
  manifest.files[0].note = hostile;
  manifest.files[0].caption = hostile + " caption";
  manifest.files[0].variant = hostile + " variant";
  manifest.remediation = smsscan::manifest::Remediation{"Install it.", {{"Q236325", hostile}}};

  const std::string xml = write_manifest_xml(manifest);
  // Nothing of the text became markup: one element of each kind, no comment.
  CHECK(xml.find("<d>") == std::string::npos);
  CHECK(xml.find("<!-- x") == std::string::npos);

  pugi::xml_document document;
  const pugi::xml_node root = root_of(document, xml);
  CHECK(root.attribute("title").value() == hostile);
  CHECK(root.attribute("product").value() == hostile + " product");
  CHECK(root.attribute("fix").value() == hostile + " fix");
  CHECK(root.child("location").attribute("path").value() == "MS\\" + hostile);
  const pugi::xml_node file = root.child("file");
  CHECK(file.attribute("note").value() == hostile);
  CHECK(file.attribute("caption").value() == hostile + " caption");
  CHECK(file.attribute("variant").value() == hostile + " variant");
  CHECK(root.child("remediation").child("see").attribute("title").value() == hostile);
  std::size_t elements = 0;
  for (const pugi::xml_node child : root.children()) {
    CHECK(child.type() == pugi::node_element);
    ++elements;
  }
  CHECK(elements == 3); // location, file, remediation

  // Our reader takes the attributes as they are (it collapses white space in
  // the remediation only).
  const auto again = parse_manifest(xml, "hostile.xml");
  REQUIRE_MESSAGE(again.has_value(), again.error().to_string());
  CHECK(again->title == hostile);
  CHECK(again->files[0].note == hostile);
  CHECK(again->locations[0].path == "MS\\" + hostile);
  REQUIRE(again->remediation.has_value());
  CHECK(again->remediation->references[0].title ==
        "a\"b'c<d>e&f]]>g-->h i j k &amp; &#60; <!-- x --> \xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80");
}

TEST_CASE("write_manifest_xml: the declaration, and only the fields that are set")
{
  const std::string xml = write_manifest_xml(minimal());
  CHECK(xml.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", 0) == 0);
  pugi::xml_document document;
  const pugi::xml_node root = root_of(document, xml);
  CHECK(std::string(root.attribute("kb").value()) == "Q1");
  CHECK(std::string(root.attribute("times").value()) == "local");
  for (const char* absent : {"min-build", "min-version", "plausible-until"}) {
    CAPTURE(absent);
    CHECK_FALSE(root.attribute(absent));
  }
  CHECK_FALSE(root.child("location").attribute("platform")); // any platform: no attribute
  const pugi::xml_node file = root.child("file");
  CHECK(std::string(file.attribute("name").value()) == "A.dll");
  CHECK(std::string(file.attribute("date").value()) == "1999-06-08");
  for (const char* absent :
       {"size", "size-tolerance", "time", "platform", "version", "note", "caption", "variant", "article-line"}) {
    CAPTURE(absent);
    CHECK_FALSE(file.attribute(absent));
  }
  CHECK_FALSE(root.child("remediation"));
  CHECK_FALSE(root.child("accounts"));

  // A size of 0 is a size (an empty file), not an absent one; a time of
  // midnight is a time.
  Manifest manifest = minimal();
  manifest.files[0].size = 0;
  manifest.files[0].minutes = 0;
  manifest.files[0].platform = Platform::alpha;
  manifest.plausible_until = CivilDate{2004, 1, 31};
  pugi::xml_document second;
  const pugi::xml_node with = root_of(second, write_manifest_xml(manifest));
  CHECK(std::string(with.child("file").attribute("size").value()) == "0");
  CHECK(std::string(with.child("file").attribute("time").value()) == "00:00");
  CHECK(std::string(with.child("file").attribute("platform").value()) == "Alpha");
  CHECK(std::string(with.attribute("plausible-until").value()) == "2004-01-31");
}

TEST_CASE("write_manifest_xml: accounts and references in their order")
{
  Manifest manifest = minimal();
  manifest.accounts = {"SMSCliToknAcct&", "SMSCliSvcAcct&", "SMS&_ABC"};
  manifest.remediation = smsscan::manifest::Remediation{"Do this.", {{"Q236325", "First"}, {"Q239000", ""}}};
  pugi::xml_document document;
  const pugi::xml_node root = root_of(document, write_manifest_xml(manifest));
  std::vector<std::string> accounts;
  for (const pugi::xml_node account : root.child("accounts").children("account")) {
    accounts.emplace_back(account.attribute("name").value());
  }
  CHECK(accounts == manifest.accounts);
  const pugi::xml_node remediation = root.child("remediation");
  CHECK(std::string(remediation.child("text").text().get()) == "Do this.");
  std::vector<std::string> references;
  for (const pugi::xml_node see : remediation.children("see")) {
    references.push_back(std::string(see.attribute("kb").value()) + "|" + see.attribute("title").value());
    if (std::string(see.attribute("kb").value()) == "Q239000") {
      CHECK_FALSE(see.attribute("title")); // an empty title is left out
    }
  }
  CHECK(references == std::vector<std::string>{"Q236325|First", "Q239000|"});
}
