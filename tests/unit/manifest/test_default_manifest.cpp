// Tests for manifest/default_manifest.cpp: the manifest compiled into the
// binary is manifests/Q231399.xml, byte for byte, and loads as that file does.
#include "smsscan/manifest/default_manifest.hpp"

#include "manifest/manifest_support.hpp"
#include "smsscan/manifest/xml_reader.hpp"
#include "smsscan/manifest/xml_writer.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

#include <string>

using smsscan::manifest::embedded_default_manifest;
using smsscan::manifest::embedded_default_manifest_name;
using smsscan::manifest::load_default_manifest;
using smsscan::manifest::load_manifest_file;
using smsscan::test::source_path;

TEST_CASE("embedded_default_manifest: the bytes of manifests/Q231399.xml, under its name")
{
  const auto shipped = smsscan::test::read_file(source_path("manifests/Q231399.xml"));
  REQUIRE(shipped.has_value());
  REQUIRE_FALSE(shipped->empty());
  // Compared as strings, so that a difference shows where it is.
  CHECK(std::string(embedded_default_manifest()) == *shipped);
  CHECK(embedded_default_manifest().size() == shipped->size());
  CHECK(embedded_default_manifest_name() == "Q231399.xml (built in)");
}

TEST_CASE("load_default_manifest: equals the shipped file")
{
  const auto shipped = load_manifest_file(source_path("manifests/Q231399.xml"));
  const auto built_in = load_default_manifest();
  REQUIRE(shipped.has_value());
  REQUIRE_MESSAGE(built_in.has_value(), built_in.error().to_string());
  smsscan::test::check_same_manifest(*built_in, *shipped);
  // Messages about the built-in manifest name it, not a path on the build machine.
  CHECK(built_in->source == "Q231399.xml (built in)");
  CHECK(smsscan::manifest::write_manifest_xml(*built_in) == smsscan::manifest::write_manifest_xml(*shipped));
}
