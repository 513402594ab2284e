// Tests for src/smsscan/kb/remediation.cpp: the remediation built from the
// article's RESOLUTION and WORKAROUND sections.
#include "smsscan/kb/remediation.hpp"

#include "kb_support.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace smsscan::kb;
using smsscan::manifest::Manifest;

namespace {

Manifest manifest_with(const std::string& fix)
{
  Manifest manifest;
  manifest.kb = "Q900001";
  manifest.fix = fix;
  return manifest;
}

} // namespace

TEST_CASE("article_remediation: a service pack, a hotfix, a workaround, the referenced articles")
{
  const std::string resolution = "RESOLUTION\n==========\n\nTo resolve this problem, obtain the latest service pack.\n"
                                 "For more information, see:\n\n  Q152734 How to Obtain the Latest Service Pack\n"
                                 "  and Q900001 itself, and q123456.\n\n";
  const auto sp = article_remediation(split_lines(resolution), manifest_with("Windows NT 4.0 Service Pack 6a"));
  REQUIRE(sp.has_value());
  CHECK(sp->text == "Install Windows NT 4.0 Service Pack 6a or later, which contains the fixed files listed here.");
  REQUIRE(sp->references.size() == 2);
  CHECK(sp->references[0].kb == "Q152734");
  CHECK(sp->references[0].title == "How to Obtain the Latest Service Pack");
  CHECK(sp->references[1].kb == "Q123456");
  CHECK(sp->references[1].title.empty());

  const auto hotfix =
    article_remediation(split_lines(resolution + "WORKAROUND\n==========\n\nDo this.\n"), manifest_with("KB Q900001"));
  REQUIRE(hotfix.has_value());
  CHECK(hotfix->text == "Install the fix of Q900001 (the files listed here, or later versions), or a later service "
                        "pack that contains it. Until then, the article describes a workaround.");

  const auto manual =
    article_remediation(split_lines("RESOLUTION\n==========\n\nRename the old DLL.\n"), manifest_with("KB Q900001"));
  REQUIRE(manual.has_value());
  CHECK(manual->text.find("Bring the files listed here to the versions the article lists") == 0);

  CHECK_FALSE(article_remediation(split_lines("STATUS\n======\n\nConfirmed.\n"), manifest_with("KB Q1")).has_value());
}
