// Helpers shared by the manifest stage's unit tests: two manifests compared
// field by field, so that a test names the field that differs.
#pragma once

#include "smsscan/manifest/model.hpp"

#include <doctest/doctest.h>

#include <optional>

namespace smsscan::test {

inline void check_same_date(const std::optional<util::CivilDate>& a, const std::optional<util::CivilDate>& b)
{
  REQUIRE(a.has_value() == b.has_value());
  if (a) {
    CHECK(a->year == b->year);
    CHECK(a->month == b->month);
    CHECK(a->day == b->day);
  }
}

// Every field a manifest's XML carries (not source and line: they say where
// it was read from).
inline void check_same_manifest(const manifest::Manifest& a, const manifest::Manifest& b)
{
  CHECK(a.kb == b.kb);
  CHECK(a.title == b.title);
  CHECK(a.product == b.product);
  CHECK(a.fix == b.fix);
  CHECK(a.times == b.times);
  CHECK(a.min_build == b.min_build);
  CHECK(a.min_build_line == b.min_build_line);
  check_same_date(a.plausible_until, b.plausible_until);
  CHECK(a.accounts == b.accounts);
  REQUIRE(a.remediation.has_value() == b.remediation.has_value());
  if (a.remediation) {
    CHECK(a.remediation->text == b.remediation->text);
    REQUIRE(a.remediation->references.size() == b.remediation->references.size());
    for (std::size_t i = 0; i < a.remediation->references.size(); ++i) {
      CHECK(a.remediation->references[i].kb == b.remediation->references[i].kb);
      CHECK(a.remediation->references[i].title == b.remediation->references[i].title);
    }
  }
  REQUIRE(a.locations.size() == b.locations.size());
  for (std::size_t i = 0; i < a.locations.size(); ++i) {
    CAPTURE(i);
    CHECK(a.locations[i].role == b.locations[i].role);
    CHECK(a.locations[i].share == b.locations[i].share);
    CHECK(a.locations[i].path == b.locations[i].path);
    CHECK(a.locations[i].platform == b.locations[i].platform);
  }
  REQUIRE(a.files.size() == b.files.size());
  for (std::size_t i = 0; i < a.files.size(); ++i) {
    CAPTURE(i);
    const manifest::ManifestFile& x = a.files[i];
    const manifest::ManifestFile& y = b.files[i];
    CHECK(x.name == y.name);
    CHECK(x.size == y.size);
    CHECK(x.size_tolerance == y.size_tolerance);
    check_same_date(x.date, y.date);
    CHECK(x.minutes == y.minutes);
    CHECK(x.platform == y.platform);
    CHECK(x.version == y.version);
    CHECK(x.version_text == y.version_text);
    CHECK(x.note == y.note);
    CHECK(x.caption == y.caption);
    CHECK(x.variant == y.variant);
    CHECK(x.article_line == y.article_line);
  }
}

} // namespace smsscan::test
