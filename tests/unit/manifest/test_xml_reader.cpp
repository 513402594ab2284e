// Tests for manifest/xml_reader.cpp: parse_manifest, load_manifest_file and
// the errors they give (Error::to_string). The writer and the built-in
// manifest have their own files (test_xml_writer.cpp, test_default_manifest.cpp).
#include "smsscan/manifest/model.hpp"
#include "smsscan/manifest/roles.hpp"
#include "smsscan/manifest/xml_reader.hpp"

#include "test_support.hpp"

#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

using smsscan::manifest::load_manifest_file;
using smsscan::manifest::Location;
using smsscan::manifest::Manifest;
using smsscan::manifest::ManifestFile;
using smsscan::util::CivilDate;
using smsscan::util::Error;
using ManifestResult = smsscan::util::Expected<smsscan::manifest::Manifest>;
using smsscan::manifest::ManifestTimes;
using smsscan::manifest::parse_manifest;
using smsscan::manifest::Platform;
using smsscan::test::source_path;
using smsscan::test::TemporaryFolder;
using smsscan::test::write_file;

namespace {

const char* const k_shipped = "manifests/Q231399.xml";

// A small manifest. Line 1: the declaration, line 2: <manifest ...>, line 3: a
// location, lines 4, 5, ...: body[0], body[1], ..., then </manifest>.
std::string manifest_xml(const std::vector<std::string>& body,
                         const std::string& root_attributes = R"(kb="Q1" title="T" product="P" fix="SP1")")
{
  std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  xml += "<manifest " + root_attributes + ">\n";
  xml += R"(  <location role="client" share="ADMIN$" path="MS\SMS\CORE\BIN"/>)"
         "\n";
  for (const std::string& line : body) {
    xml += "  " + line + "\n";
  }
  xml += "</manifest>\n";
  return xml;
}

// One <file> line with the given attributes after the name.
std::string file_line(const std::string& attributes, const std::string& name = "A.dll")
{
  return "<file name=\"" + name + "\" " + attributes + "/>";
}

const std::string k_good_file = file_line(R"(size="100" date="1999-06-08" time="18:12")");

// Parses xml that must be refused and returns the error.
Error refused(const std::string& xml, const std::string& source = "test.xml")
{
  const ManifestResult result = parse_manifest(xml, source);
  REQUIRE_MESSAGE(!result.has_value(), "accepted:\n" << xml);
  CHECK(result.error().source == source);
  return result.error();
}

bool contains(const std::string& text, const std::string& part)
{
  return text.find(part) != std::string::npos;
}

} // namespace

TEST_CASE("parse_manifest: the shipped Q231399 manifest")
{
  const ManifestResult result = load_manifest_file(source_path(k_shipped));
  REQUIRE_MESSAGE(result.has_value(), result.error().to_string());
  const Manifest& manifest = *result;

  CHECK(manifest.source == source_path(k_shipped));
  CHECK(manifest.kb == "Q231399");
  CHECK(manifest.title == "SMS: SMSCliToknAcct& and/or SMSCliSvcAcct Accounts Locked Out");
  CHECK(manifest.product == "Microsoft Systems Management Server 2.0");
  CHECK(manifest.fix == "SMS 2.0 Service Pack 1");
  CHECK(manifest.times == ManifestTimes::local);
  REQUIRE(manifest.min_build.has_value());
  CHECK(*manifest.min_build == 1380);
  CHECK(manifest.files.size() == 15);
  REQUIRE(manifest.locations.size() == 11);

  SUBCASE("locations")
  {
    const Location& client = manifest.locations[0];
    CHECK(client.role == "client");
    CHECK(client.share == "ADMIN$");
    CHECK(client.path == "MS\\SMS\\CORE\\BIN");
    CHECK(client.platform == Platform::any);

    const Location& site_alpha = manifest.locations[2];
    CHECK(site_alpha.role == "site-server");
    CHECK(site_alpha.share == "SMS_{site}");
    CHECK(site_alpha.path == "bin\\Alpha");
    CHECK(site_alpha.platform == Platform::alpha);

    const Location& logon_intel = manifest.locations[9];
    CHECK(logon_intel.role == "logon-point");
    CHECK(logon_intel.share == "SMSLOGON");
    CHECK(logon_intel.path == "X86.BIN");
    CHECK(logon_intel.platform == Platform::intel);

    CHECK(smsscan::manifest::manifest_roles(manifest) ==
          std::vector<std::string>{"client", "site-server", "cap", "logon-point"});
  }

  SUBCASE("rows")
  {
    const ManifestFile& compver = manifest.files[0];
    CHECK(compver.name == "Compver.ini");
    CHECK(compver.size == 67);
    CHECK(compver.date->year == 1999);
    CHECK(compver.date->month == 6);
    CHECK(compver.date->day == 8);
    CHECK(compver.minutes == 18 * 60 + 12);
    CHECK(compver.platform == Platform::any);
    CHECK_FALSE(compver.version.has_value());
    CHECK(compver.line == 31);

    const ManifestFile& abnwcli = manifest.files[3];
    CHECK(abnwcli.name == "Abnwcli.dll");
    CHECK(abnwcli.size == 228704);
    CHECK(abnwcli.date->month == 4);
    CHECK(abnwcli.date->day == 6);
    CHECK(abnwcli.minutes == 18 * 60 + 11);
    CHECK(abnwcli.platform == Platform::intel);

    const ManifestFile& clicore_intel = manifest.files[8];
    CHECK(clicore_intel.name == "CliCore.exe");
    CHECK(clicore_intel.size == 3118422);
    CHECK(clicore_intel.minutes == 18 * 60 + 18);
    CHECK(clicore_intel.platform == Platform::intel);
    CHECK(clicore_intel.line == 39);

    const ManifestFile& clicore_alpha = manifest.files[12];
    CHECK(clicore_alpha.name == "Clicore.exe");
    CHECK(clicore_alpha.size == 4085128);
    CHECK(clicore_alpha.platform == Platform::alpha);

    const ManifestFile& clisvcl_alpha = manifest.files[14];
    CHECK(clisvcl_alpha.name == "Clisvcl.exe");
    CHECK(clisvcl_alpha.size == 101648);
    CHECK(clisvcl_alpha.date->month == 5);
    CHECK(clisvcl_alpha.date->day == 19);
    CHECK(clisvcl_alpha.minutes == 13 * 60 + 3);
    CHECK(clisvcl_alpha.platform == Platform::alpha);
    CHECK(clisvcl_alpha.line == 45);
  }
}

TEST_CASE("parse_manifest: a minimal manifest is accepted")
{
  const ManifestResult result = parse_manifest(manifest_xml({k_good_file}), "ok.xml");
  REQUIRE_MESSAGE(result.has_value(), result.error().to_string());
  REQUIRE(result->files.size() == 1);
  const ManifestFile& file = result->files[0];
  CHECK(file.name == "A.dll");
  CHECK(file.size == 100);
  CHECK(file.line == 4);
  CHECK(file.platform == Platform::any);
  CHECK(result->times == ManifestTimes::local);
  CHECK_FALSE(result->min_build.has_value());
  CHECK(result->source == "ok.xml");
}

TEST_CASE("parse_manifest: refuses what is not a manifest")
{
  SUBCASE("not XML at all")
  {
    const Error error = refused("this is not XML\n");
    CHECK(contains(error.message, "not well-formed XML"));
  }
  SUBCASE("empty input")
  {
    const Error error = refused("");
    CHECK(contains(error.message, "not well-formed XML"));
  }
  SUBCASE("an element left open, reported at the line where the parser gave up")
  {
    std::string xml = manifest_xml({k_good_file});
    xml.replace(xml.find("</manifest>"), std::string("</manifest>").size(), "</manifest");
    const Error error = refused(xml);
    CHECK(contains(error.message, "not well-formed XML"));
    CHECK(error.line == 5);
  }
  SUBCASE("a mismatched end tag on line 5")
  {
    const Error error = refused(manifest_xml({k_good_file, "<file name=\"B.dll\"></fil>"}));
    CHECK(contains(error.message, "not well-formed XML"));
    CHECK(error.line == 5);
  }
  SUBCASE("wrong root element")
  {
    const Error error = refused("<?xml version=\"1.0\"?>\n<fixes kb=\"Q1\" title=\"T\" product=\"P\" fix=\"F\">\n"
                                "<file name=\"A.dll\" size=\"1\" date=\"1999-01-01\"/>\n</fixes>\n");
    CHECK(error.line == 2);
    CHECK(error.message == "the root element must be <manifest>, not <fixes>");
  }
}

TEST_CASE("parse_manifest: refuses a <manifest> without its required attributes")
{
  const std::vector<std::pair<std::string, std::string>> cases = {
    {"kb", R"(title="T" product="P" fix="F")"},         {"title", R"(kb="Q1" product="P" fix="F")"},
    {"product", R"(kb="Q1" title="T" fix="F")"},        {"fix", R"(kb="Q1" title="T" product="P")"},
    {"kb", R"(kb="  " title="T" product="P" fix="F")"},
  };
  for (const auto& [attribute, attributes] : cases) {
    CAPTURE(attributes);
    const Error error = refused(manifest_xml({k_good_file}, attributes));
    CHECK(error.line == 2);
    CHECK(error.message == "<manifest> needs a non-empty " + attribute + " attribute");
  }
}

TEST_CASE("parse_manifest: refuses bad times and min-build")
{
  const std::string base = R"(kb="Q1" title="T" product="P" fix="F" )";
  SUBCASE("times")
  {
    const Error error = refused(manifest_xml({k_good_file}, base + R"(times="gmt")"));
    CHECK(error.line == 2);
    CHECK(error.message == "times must be \"local\" or \"utc\", not \"gmt\"");
  }
  SUBCASE("times=utc is accepted")
  {
    const ManifestResult result = parse_manifest(manifest_xml({k_good_file}, base + R"(times="utc")"), "u.xml");
    REQUIRE(result.has_value());
    CHECK(result->times == ManifestTimes::utc);
  }
  for (const std::string bad : {"abc", "-1", "65536", "", "13.80"}) {
    CAPTURE(bad);
    const Error error = refused(manifest_xml({k_good_file}, base + "min-build=\"" + std::string(bad) + "\""));
    CHECK(error.line == 2);
    CHECK(contains(error.message, "min-build"));
    CHECK(contains(error.message, "\"" + std::string(bad) + "\""));
  }
  SUBCASE("the limits 0 and 65535 are accepted")
  {
    for (const std::string good : {"0", "65535"}) {
      const ManifestResult result =
        parse_manifest(manifest_xml({k_good_file}, base + "min-build=\"" + std::string(good) + "\""), "m.xml");
      REQUIRE_MESSAGE(result.has_value(), result.error().to_string());
      CHECK(result->min_build == static_cast<std::uint16_t>(std::stoul(good)));
    }
  }
}

TEST_CASE("parse_manifest: refuses a bad size with the row's line and the size as written")
{
  SUBCASE("missing: a row without a size is judged by its date or version")
  {
    const ManifestResult result =
      parse_manifest(manifest_xml({k_good_file, file_line(R"(date="1999-06-08")", "B.dll")}), "s.xml");
    REQUIRE_MESSAGE(result.has_value(), result.error().to_string());
    CHECK_FALSE(result->files[1].size.has_value());
  }
  SUBCASE("an approximate size and its tolerance")
  {
    const ManifestResult result =
      parse_manifest(manifest_xml({file_line(R"(size="1186076" size-tolerance="15076" date="1999-06-08")")}), "s.xml");
    REQUIRE_MESSAGE(result.has_value(), result.error().to_string());
    CHECK(result->files[0].size == std::uint64_t{1186076});
    CHECK(result->files[0].size_tolerance == 15076);
  }
  for (const std::string bad : {"x", "-1", "2000000"}) {
    CAPTURE(bad);
    const Error error =
      refused(manifest_xml({file_line("size=\"1000000\" size-tolerance=\"" + bad + "\" date=\"1999-06-08\"")}));
    CHECK(error.line == 4);
    CHECK(error.message ==
          "file 'A.dll': size-tolerance \"" + bad + "\" must be a number of bytes no larger than the size");
  }
  for (const std::string bad : {"12,345", "-1", "abc", "", "1e3", "0x10", "18446744073709551616"}) {
    CAPTURE(bad);
    const Error error =
      refused(manifest_xml({k_good_file, file_line("size=\"" + std::string(bad) + "\" date=\"1999-06-08\"", "B.dll")}));
    CHECK(error.line == 5);
    CHECK(error.message == "file 'B.dll': size \"" + std::string(bad) + "\" is not a number of bytes");
  }
}

TEST_CASE("parse_manifest: refuses a row with neither a date nor a version, and impossible dates")
{
  SUBCASE("neither a date nor a version")
  {
    const Error error = refused(manifest_xml({file_line(R"(size="1")")}));
    CHECK(error.line == 4);
    CHECK(error.message == "file 'A.dll': needs a version or a date (or both) to be judged by");
  }
  SUBCASE("a version and no date")
  {
    const ManifestResult result =
      parse_manifest(manifest_xml({file_line(R"(size="1" version="5.0.2195.1")")}), "d.xml");
    REQUIRE_MESSAGE(result.has_value(), result.error().to_string());
    CHECK_FALSE(result->files[0].date.has_value());
  }
  SUBCASE("a time without a date")
  {
    const Error error = refused(manifest_xml({file_line(R"(version="5.0.2195.1" time="18:12")")}));
    CHECK(error.message == "file 'A.dll': a time needs a date");
  }
  for (const std::string bad : {"1999-02-29", "1999-13-01", "1999-06-31", "06/08/99", "1999-00-10", "1999-6-8", ""}) {
    CAPTURE(bad);
    const Error error = refused(manifest_xml({file_line("size=\"1\" date=\"" + std::string(bad) + "\"")}));
    CHECK(error.line == 4);
    CHECK(error.message == "file 'A.dll': date \"" + std::string(bad) + "\" is not a real date in the form YYYY-MM-DD");
  }
  SUBCASE("2000-02-29 exists")
  {
    const ManifestResult result = parse_manifest(manifest_xml({file_line(R"(size="1" date="2000-02-29")")}), "d.xml");
    CHECK(result.has_value());
  }
}

TEST_CASE("parse_manifest: refuses a bad time, platform or version")
{
  for (const std::string bad : {"25:00", "6pm", "18:60", "1812", "", "18:12:00"}) {
    CAPTURE(bad);
    const Error error =
      refused(manifest_xml({file_line("size=\"1\" date=\"1999-06-08\" time=\"" + std::string(bad) + "\"")}));
    CHECK(error.line == 4);
    CHECK(error.message == "file 'A.dll': time \"" + std::string(bad) + "\" is not a 24-hour time HH:MM");
  }
  SUBCASE("platform IA64")
  {
    const Error error =
      refused(manifest_xml({k_good_file, file_line(R"(size="1" date="1999-06-08" platform="IA64")", "B.dll")}));
    CHECK(error.line == 5);
    CHECK(error.message == "file 'B.dll': platform \"IA64\" is not Intel, Alpha, MIPS or PowerPC");
  }
  SUBCASE("location platform IA64")
  {
    const Error error =
      refused(manifest_xml({R"(<location role="cap" share="CAP_{site}" path="x" platform="IA64"/>)", k_good_file}));
    CHECK(error.line == 4);
    CHECK(contains(error.message, "\"IA64\""));
  }
  SUBCASE("MIPS and PowerPC rows")
  {
    const ManifestResult result =
      parse_manifest(manifest_xml({file_line(R"(size="1" date="1999-06-08" platform="MIPS")"),
                                   file_line(R"(size="1" date="1999-06-08" platform="PPC")")}),
                     "p.xml");
    REQUIRE_MESSAGE(result.has_value(), result.error().to_string());
    CHECK(result->files[0].platform == Platform::mips);
    CHECK(result->files[1].platform == Platform::powerpc);
  }
  SUBCASE("version 2.x")
  {
    const Error error = refused(manifest_xml({file_line(R"(size="1" date="1999-06-08" version="2.x")")}));
    CHECK(error.line == 4);
    CHECK(error.message == "file 'A.dll': version \"2.x\" is not a dotted version such as 2.0.1380.1000");
  }
  SUBCASE("a good version is kept as written and parsed")
  {
    const ManifestResult result = parse_manifest(
      manifest_xml({file_line(R"(size="1" date="1999-06-08" version="2.00.1380.1000" platform="axp")")}), "v.xml");
    REQUIRE_MESSAGE(result.has_value(), result.error().to_string());
    const ManifestFile& file = result->files[0];
    CHECK(file.version_text == "2.00.1380.1000");
    REQUIRE(file.version.has_value());
    CHECK(file.version->to_string() == "2.0.1380.1000");
    CHECK(file.platform == Platform::alpha);
  }
}

TEST_CASE("parse_manifest: refuses unknown elements and roles, no files, duplicate rows")
{
  SUBCASE("unknown element")
  {
    const Error error = refused(manifest_xml({k_good_file, "<patch name=\"x\"/>"}));
    CHECK(error.line == 5);
    CHECK(error.message == "unknown element <patch>");
  }
  SUBCASE("unknown role")
  {
    const Error error =
      refused(manifest_xml({R"(<location role="server" share="SMS_{site}" path="bin"/>)", k_good_file}));
    CHECK(error.line == 4);
    CHECK(error.message == "<location> role \"server\" is not one of client, site-server, cap, logon-point");
  }
  SUBCASE("a location share with a path in it")
  {
    const Error error = refused(manifest_xml({R"(<location role="cap" share="CAP\x" path="bin"/>)", k_good_file}));
    CHECK(error.line == 4);
    CHECK(contains(error.message, "plain share name"));
  }
  SUBCASE("a location path with ..")
  {
    const Error error =
      refused(manifest_xml({R"(<location role="cap" share="CAP_{site}" path="a\..\..\b"/>)", k_good_file}));
    CHECK(error.line == 4);
    CHECK(contains(error.message, "\"..\""));
  }
  SUBCASE("no files")
  {
    const Error error = refused(manifest_xml({"<!-- nothing -->"}));
    CHECK(error.line == 2);
    CHECK(error.message == "the manifest lists no <file>");
  }
  SUBCASE("a file name with a path")
  {
    const Error error = refused(manifest_xml({file_line(R"(size="1" date="1999-06-08")", "bin\\A.dll")}));
    CHECK(error.line == 4);
    CHECK(error.message == "file 'bin\\A.dll': name must not contain a path");
  }
  SUBCASE("a file without a name")
  {
    const Error error = refused(manifest_xml({k_good_file, R"(<file size="1" date="1999-06-08"/>)"}));
    CHECK(error.line == 5);
    CHECK(error.message == "<file> needs a name");
  }
  SUBCASE("the same name (in another case) twice for the same platform")
  {
    const Error error = refused(
      manifest_xml({k_good_file, "<!-- a comment line -->", file_line(R"(size="2" date="1999-06-09")", "a.DLL")}));
    CHECK(error.line == 6);
    CHECK(error.message == "file 'a.DLL': listed twice for the same platform and variant (first at line 4)");
  }
  SUBCASE("the same name for two platforms or two captions is not a duplicate")
  {
    const ManifestResult result =
      parse_manifest(manifest_xml({file_line(R"(size="1" date="1999-06-08" platform="Intel")"),
                                   file_line(R"(size="2" date="1999-06-08" platform="Alpha")"),
                                   file_line(R"(size="3" date="1999-06-08" platform="Alpha" caption="German")")}),
                     "p.xml");
    REQUIRE_MESSAGE(result.has_value(), result.error().to_string());
    CHECK(result->files.size() == 3);
  }
}

TEST_CASE("parse_manifest: the shipped remediation and accounts")
{
  const ManifestResult shipped = load_manifest_file(source_path(k_shipped));
  REQUIRE_MESSAGE(shipped.has_value(), shipped.error().to_string());
  CHECK(shipped->accounts == std::vector<std::string>{"SMSCliToknAcct&", "SMSCliSvcAcct&"});
  REQUIRE(shipped->remediation.has_value());
  CHECK(shipped->remediation->text.rfind("Install SMS 2.0 Service Pack 1 or later", 0) == 0);
  CHECK(shipped->remediation->text.find("lockout threshold to 0") != std::string::npos);
  CHECK(shipped->remediation->text.find('\n') == std::string::npos); // indentation collapsed
  REQUIRE(shipped->remediation->references.size() == 1);
  CHECK(shipped->remediation->references[0].kb == "Q236325");
}

TEST_CASE("parse_manifest: refuses a bad remediation or account list")
{
  const std::string remediation = R"(<remediation><text>Do it.</text></remediation>)";
  CHECK(refused(manifest_xml({k_good_file, remediation, remediation})).message == "<remediation> is given twice");
  CHECK(refused(manifest_xml({k_good_file, "<remediation><see kb=\"Q1\"/></remediation>"})).message ==
        "<remediation> needs a <text>");
  CHECK(refused(manifest_xml({k_good_file, "<remediation><text>x</text><see/></remediation>"})).message ==
        "<see> needs a kb attribute (\"Q236325\")");
  CHECK(refused(manifest_xml({k_good_file, "<remediation><text>x</text><link/></remediation>"})).message ==
        "unknown element <link> in <remediation>");
  const Error twice =
    refused(manifest_xml({k_good_file, R"(<accounts><account name="A"/><account name="a"/></accounts>)"}));
  CHECK(twice.line == 5);
  CHECK(twice.message == "account \"a\" is listed twice");
  CHECK(refused(manifest_xml({k_good_file, R"(<accounts><account name="x\y"/></accounts>)"})).message ==
        "<account> needs a name that is a plain account name, not \"x\\y\"");
  CHECK(refused(manifest_xml({k_good_file, R"(<accounts><user name="A"/></accounts>)"})).message ==
        "unknown element <user> in <accounts>");
}

TEST_CASE("Error::to_string: names the source, the line and the problem")
{
  const ManifestResult result =
    parse_manifest(manifest_xml({file_line(R"(size="abc" date="1999-06-08")")}), "manifests/custom.xml");
  REQUIRE_FALSE(result.has_value());
  CHECK(result.error().to_string() == "manifests/custom.xml:4: file 'A.dll': size \"abc\" is not a number of bytes");

  const Error without_line{"x.xml", 0, "cannot be read"};
  CHECK(without_line.to_string() == "x.xml: cannot be read");
}

TEST_CASE("load_manifest_file: reads a file and refuses one that does not exist")
{
  TemporaryFolder folder;
  SUBCASE("a file that does not exist")
  {
    const std::string path = folder / "absent.xml";
    const ManifestResult result = load_manifest_file(path);
    REQUIRE_FALSE(result.has_value());
    CHECK(result.error().source == path);
    CHECK(result.error().line == 0);
    CHECK(result.error().to_string() == path + ": manifest cannot be read: No such file or directory");
  }
  SUBCASE("a folder is refused, not read as an empty manifest that crashes")
  {
    const ManifestResult result = load_manifest_file(folder.path());
    REQUIRE_FALSE(result.has_value());
    CHECK(result.error().source == folder.path());
    CHECK_FALSE(result.error().message.empty());
  }
  SUBCASE("a file with a bad row names the file and the line")
  {
    const std::string path = folder / "bad.xml";
    write_file(path, manifest_xml({k_good_file, file_line(R"(size="1" date="1999-02-29")", "B.dll")}));
    const ManifestResult result = load_manifest_file(path);
    REQUIRE_FALSE(result.has_value());
    CHECK(result.error().to_string() ==
          path + ":5: file 'B.dll': date \"1999-02-29\" is not a real date in the form YYYY-MM-DD");
  }
  SUBCASE("a good file, with CRLF line ends")
  {
    std::string xml = manifest_xml({k_good_file, file_line(R"(size="2" date="1999-06-08")", "B.dll")});
    std::string crlf;
    for (const char c : xml) {
      if (c == '\n') {
        crlf += '\r';
      }
      crlf += c;
    }
    const std::string path = folder / "good.xml";
    write_file(path, crlf);
    const ManifestResult result = load_manifest_file(path);
    REQUIRE_MESSAGE(result.has_value(), result.error().to_string());
    CHECK(result->source == path);
    REQUIRE(result->files.size() == 2);
    CHECK(result->files[1].line == 5);
  }
}

TEST_CASE("parse_manifest: variant rows, article lines and a build floor with its version line")
{
  const ManifestResult result = parse_manifest(
    manifest_xml({file_line(R"(size="1" version="5.0.2195.4051" variant="IIS 5.0" article-line="115")", "W3svc.dll"),
                  file_line(R"(size="2" version="4.2.769.1" variant="IIS 4.0" article-line="197")", "W3svc.dll")},
                 R"(kb="Q1" title="T" product="P" fix="SP1" min-version="2.0.1380")"),
    "v.xml");
  REQUIRE_MESSAGE(result.has_value(), result.error().to_string());
  REQUIRE(result->files.size() == 2);
  CHECK(result->files[0].variant == "IIS 5.0");
  CHECK(result->files[0].article_line == 115);
  CHECK(result->files[1].variant == "IIS 4.0");
  CHECK(result->min_build == std::uint16_t{1380});
  REQUIRE(result->min_build_line.has_value());
  CHECK(result->min_build_line->to_string() == "2.0");

  SUBCASE("the same variant twice")
  {
    const Error error = refused(manifest_xml({file_line(R"(size="1" date="1999-06-08" variant="X")"),
                                              file_line(R"(size="2" date="1999-06-08" variant="X")")}));
    CHECK(error.line == 5);
  }
  SUBCASE("bad floors and lines")
  {
    CHECK(
      refused(manifest_xml({k_good_file}, R"(kb="Q1" title="T" product="P" fix="SP1" min-version="2.0")")).message ==
      "min-version must be major.minor.build such as 2.0.1380, not \"2.0\"");
    CHECK(refused(manifest_xml({k_good_file},
                               R"(kb="Q1" title="T" product="P" fix="SP1" min-version="2.0.1380" min-build="1380")"))
            .message == "give min-build or min-version, not both");
    CHECK(refused(manifest_xml({file_line(R"(size="1" date="1999-06-08" article-line="0")")})).message ==
          "file 'A.dll': article-line \"0\" is not a line number");
  }
}
