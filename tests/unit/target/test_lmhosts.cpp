// lmhosts files: entries, keywords, quoted names, and every bad line
// reported with its line number.
#include "smsscan/target/lmhosts.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace smsscan::target;

TEST_CASE("lmhosts: addresses and names, keywords and comments")
{
  const Lmhosts hosts = parse_lmhosts("# lab machines\n"                            // 1
                                      "10.1.2.3   pc042\n"                          // 2
                                      "10.1.2.4\tPC043   #PRE #DOM:LAB\n"           // 3
                                      "10.1.2.5   \"PC044          \\0x20\"\n"      // 4
                                      "10.1.2.6   \"DOMAIN-DC      \\0x1C\" #PRE\n" // 5: not a server name
                                      "10.1.2.7   \"SPACED NAME\"\r\n"              // 6
                                      "\n"                                          // 7
                                      "10.9.9.9   pc042\n",                         // 8: the first entry wins
                                      "lmhosts");
  CHECK(hosts.errors.empty());
  REQUIRE(hosts.entries.size() == 5);
  CHECK(hosts.entries[0].name == "PC042");
  CHECK(hosts.entries[0].address == "10.1.2.3");
  CHECK(hosts.entries[0].line == 2);
  CHECK(hosts.find("PC042") == "10.1.2.3");
  CHECK(hosts.find("pc043") == "10.1.2.4");
  CHECK(hosts.find("PC044") == "10.1.2.5");
  CHECK(hosts.find("spaced name") == "10.1.2.7");
  CHECK_FALSE(hosts.find("DOMAIN-DC").has_value());
  CHECK_FALSE(hosts.find("PC999").has_value());
}

TEST_CASE("lmhosts: bad lines are reported with the file and line, and skipped")
{
  const Lmhosts hosts = parse_lmhosts("10.1.2.3\n"                            // 1
                                      "pc042 10.1.2.3\n"                      // 2
                                      "10.1.2.300 pc042\n"                    // 3
                                      "10.1.2.3 A-NAME-LONGER-THAN-15\n"      // 4
                                      "10.1.2.3 \"UNCLOSED\n"                 // 5
                                      "#INCLUDE \\\\server\\share\\lmhosts\n" // 6
                                      "#BEGIN_ALTERNATE\n"                    // 7
                                      "10.1.2.3 pc042 extra\n"                // 8
                                      "10.1.2.3 \"PC\\0xZZ\"\n"               // 9
                                      "10.1.2.8 good\n",                      // 10
                                      "site.lmhosts");
  REQUIRE(hosts.entries.size() == 1);
  CHECK(hosts.entries[0].name == "GOOD");
  REQUIRE(hosts.errors.size() == 9);
  for (std::size_t i = 0; i < hosts.errors.size(); ++i) {
    CHECK(hosts.errors[i].source == "site.lmhosts");
    CHECK(hosts.errors[i].message.find("(line skipped)") != std::string::npos);
  }
  CHECK(hosts.errors[0].line == 1);
  CHECK(hosts.errors[0].message.find("an address without a name") == 0);
  CHECK(hosts.errors[1].message.find("\"pc042\" is not an IPv4 address") == 0);
  CHECK(hosts.errors[2].message.find("is not an IPv4 address") != std::string::npos);
  CHECK(hosts.errors[3].message.find("longer than 15 characters") != std::string::npos);
  CHECK(hosts.errors[4].message.find("missing '\"'") == 0);
  CHECK(hosts.errors[5].line == 6);
  CHECK(hosts.errors[5].message.find("not followed") != std::string::npos);
  CHECK(hosts.errors[6].line == 7);
  CHECK(hosts.errors[7].message.find("unexpected text after the name") == 0);
  CHECK(hosts.errors[8].message.find("two hex digits") != std::string::npos);
}
