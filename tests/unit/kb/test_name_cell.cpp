// Tests for src/smsscan/kb/name_cell.cpp: file-name words and name cells with notes, folders and footnote marks.
#include "smsscan/kb/name_cell.hpp"

#include "kb_support.hpp"

#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

using namespace smsscan::kb;
using namespace smsscan::kb::test;
using smsscan::manifest::Manifest;
using smsscan::manifest::ManifestFile;
using smsscan::manifest::ManifestTimes;
using smsscan::manifest::Platform;
using smsscan::util::Error;
using smsscan::util::format_iso_date;

TEST_CASE("layout: file names with a folder keep the bare name; the folder goes to the note")
{
  const Manifest m = import_ok(article("   Date      Time    Size     File name\n"
                                       "   -------------------------------------\n"
                                       "   06/08/99  06:12p  67       System32\\Drivers\\Afd.sys\n"));
  REQUIRE(m.files.size() == 1);
  CHECK(m.files[0].name == "Afd.sys");
  CHECK(m.files[0].note == "in System32\\Drivers\\");
  check_round_trip(m);
}

TEST_CASE("is_name_word, is_bare_name_word, is_name_part")
{
  CHECK(is_name_word("Clicore.exe"));
  CHECK(is_name_word("54831.sql"));
  CHECK(is_name_word("Foo.dl_"));
  CHECK(is_name_word("Ntldr"));
  CHECK_FALSE(is_name_word("4.00.1114"));
  CHECK_FALSE(is_name_word("(32-bit)"));
  CHECK_FALSE(is_name_word("a,b.dll"));
  CHECK_FALSE(is_name_word("file.toolongext"));
  CHECK(is_bare_name_word("Iimltihd"));
  CHECK_FALSE(is_bare_name_word("Intel"));
  CHECK_FALSE(is_bare_name_word("June"));
  CHECK_FALSE(is_bare_name_word("bytes"));
  CHECK_FALSE(is_bare_name_word("1380"));
  CHECK(is_name_part("Mstsc"));
  CHECK_FALSE(is_name_part("12:00"));
  CHECK_FALSE(is_name_part("(x"));
}

TEST_CASE("read_name: the bare name, the note in brackets, the folder and footnote marks")
{
  const std::string line = "Mstsc Client.exe (32-bit) System32\\Afd.sys** Foo.dll (Intel)";
  const std::vector<Token> tokens = tokenize(line, false);
  const NameFit spaced = read_name(tokens, 0, 3, line);
  CHECK(spaced.fit == Fit::ok);
  CHECK(spaced.name == "Mstsc Client.exe");
  CHECK(spaced.note == "32-bit");
  CHECK(spaced.penalty == 3);
  const NameFit folder = read_name(tokens, 3, 4, line);
  CHECK(folder.name == "Afd.sys");
  CHECK(folder.note == "** in System32\\");
  CHECK(read_name(tokens, 4, 6, line).fit == Fit::no); // "(Intel)" is a platform, not a note
  CHECK(read_name(tokens, 0, 0, line).fit == Fit::no);
}

TEST_CASE("read_name: MS-DOS dir names with the extension apart, a note glued to the name")
{
  const std::string line = "ACMSETUP EXE  AVERYWZ  1  Mstsc Client  EXTERNAL.EXE(MS-DOS)";
  const std::vector<Token> tokens = tokenize(line, false);
  const NameFit dos = read_name(tokens, 0, 2, line);
  CHECK(dos.fit == Fit::ok);
  CHECK(dos.name == "ACMSETUP.EXE");
  CHECK(read_name(tokens, 2, 4, line).name == "AVERYWZ.1");
  CHECK(read_name(tokens, 4, 6, line).fit == Fit::no); // mixed case: no dir listing
  const NameFit glued = read_name(tokens, 6, 7, line);
  CHECK(glued.name == "EXTERNAL.EXE");
  CHECK(glued.note == "MS-DOS");
}
