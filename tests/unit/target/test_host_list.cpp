// Tests for target/host_list.cpp: parse_host_list.
#include "smsscan/target/host_list.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using smsscan::target::HostList;
using smsscan::target::parse_host_list;

TEST_CASE("parse_host_list: targets, roles, site codes, comments and errors by line")
{
  const std::string content = "# fleet of site ABC\n"                     // 1
                              "\n"                                        // 2
                              "pc01\n"                                    // 3
                              "PC02:445, client;cap, abc\n"               // 4
                              "pc03 , client+cap\n"                       // 5
                              "pc01:445\n"                                // 6: pc01 again
                              "pc02, site-server\n"                       // 7: PC02:445 again
                              "pc04, server\n"                            // 8
                              "pc05, client, AB\n"                        // 9
                              "pc06, client, ABC, extra\n"                // 10
                              "pc07:0\n"                                  // 11
                              "\\\\pc08\\C$\\WINNT   # an NT 4 machine\n" // 12
                              "   # indented comment\n"                   // 13
                              "pc09, , XY1\n"                             // 14
                              "pc10, client;logon-point;\n"               // 15
                              "pc11, client, A-C";                        // 16, no final line break
  const HostList list = parse_host_list(content, "fleet.txt");

  REQUIRE(list.targets.size() == 6);
  CHECK(list.targets[0].text == "pc01");
  CHECK(list.targets[0].host == "pc01");
  CHECK(list.targets[0].roles.empty());
  CHECK(list.targets[0].site_code.empty());

  CHECK(list.targets[1].text == "PC02:445");
  CHECK(list.targets[1].host == "PC02");
  CHECK(list.targets[1].port == 445);
  CHECK(list.targets[1].roles == std::vector<std::string>{"client", "cap"});
  CHECK(list.targets[1].site_code == "ABC");

  CHECK(list.targets[2].text == "pc03");
  CHECK(list.targets[2].roles == std::vector<std::string>{"client", "cap"});

  CHECK(list.targets[3].text == "\\\\pc08\\C$\\WINNT");
  CHECK(list.targets[3].admin_share == "C$");
  CHECK(list.targets[3].admin_folder == "WINNT");

  CHECK(list.targets[4].text == "pc09");
  CHECK(list.targets[4].roles.empty());
  CHECK(list.targets[4].site_code == "XY1");

  CHECK(list.targets[5].text == "pc10");
  CHECK(list.targets[5].roles == std::vector<std::string>{"client", "logon-point"});

  CHECK(list.duplicates == 2);

  REQUIRE(list.errors.size() == 5);
  CHECK(list.errors[0].line == 8);
  CHECK(list.errors[0].source == "fleet.txt");
  CHECK(list.errors[0].message ==
        "unknown role \"server\" (client, site-server, cap, logon-point): \"pc04, server\" (line skipped)");
  CHECK(list.errors[1].line == 9);
  CHECK(list.errors[1].source == "fleet.txt");
  CHECK(list.errors[1].message ==
        "site code \"AB\" is not three letters or digits: \"pc05, client, AB\" (line skipped)");
  CHECK(list.errors[2].line == 10);
  CHECK(list.errors[2].source == "fleet.txt");
  CHECK(list.errors[2].message ==
        "too many columns (expected: target, roles, site code): \"pc06, client, ABC, extra\" (line skipped)");
  CHECK(list.errors[3].line == 11);
  CHECK(list.errors[3].source == "fleet.txt");
  CHECK(list.errors[3].message == "port \"0\" is not a number from 1 to 65535: \"pc07:0\" (line skipped)");
  CHECK(list.errors[4].line == 16);
  CHECK(list.errors[4].source == "fleet.txt");
  CHECK(list.errors[4].message ==
        "site code \"A-C\" is not three letters or digits: \"pc11, client, A-C\" (line skipped)");
}

TEST_CASE("parse_host_list: CRLF line ends")
{
  const HostList list = parse_host_list("# hosts\r\npc01\r\n\r\npc02, cap\r\nbad host\r\nPC01\r\n", "fleet.txt");
  REQUIRE(list.targets.size() == 2);
  CHECK(list.targets[0].text == "pc01");
  CHECK(list.targets[0].host == "pc01");
  CHECK(list.targets[1].text == "pc02");
  CHECK(list.targets[1].roles == std::vector<std::string>{"cap"});
  CHECK(list.duplicates == 1);
  REQUIRE(list.errors.size() == 1);
  CHECK(list.errors[0].line == 5);
  CHECK(list.errors[0].source == "fleet.txt");
  CHECK(list.errors[0].message == "\"bad host\" is not a host name or address: \"bad host\" (line skipped)");
}

TEST_CASE("parse_host_list: an empty list")
{
  const HostList list = parse_host_list("", "fleet.txt");
  CHECK(list.targets.empty());
  CHECK(list.errors.empty());
  CHECK(list.duplicates == 0);
  CHECK(parse_host_list("\n\n# only comments\n", "fleet.txt").targets.empty());
}
