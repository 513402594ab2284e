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

  // Every good line, in file order; folding repeats is TargetSet's job (test_target_set.cpp).
  REQUIRE(list.targets.size() == 8);
  CHECK(list.targets[0].text == "pc01");
  CHECK(list.targets[0].host == "pc01");
  CHECK(list.targets[0].roles.empty());
  CHECK(list.targets[0].site_code.empty());
  CHECK(list.targets[0].origin == "fleet.txt:3");

  CHECK(list.targets[1].text == "PC02:445");
  CHECK(list.targets[1].host == "PC02");
  CHECK(list.targets[1].port == 445);
  CHECK(list.targets[1].roles == std::vector<std::string>{"client", "cap"});
  CHECK(list.targets[1].site_code == "ABC");

  CHECK(list.targets[2].text == "pc03");
  CHECK(list.targets[2].roles == std::vector<std::string>{"client", "cap"});

  CHECK(list.targets[3].text == "pc01:445");
  CHECK(list.targets[3].origin == "fleet.txt:6");
  CHECK(list.targets[4].text == "pc02");
  CHECK(list.targets[4].roles == std::vector<std::string>{"site-server"});

  CHECK(list.targets[5].text == "\\\\pc08\\C$\\WINNT");
  CHECK(list.targets[5].admin_share == "C$");
  CHECK(list.targets[5].admin_folder == "WINNT");

  CHECK(list.targets[6].text == "pc09");
  CHECK(list.targets[6].roles.empty());
  CHECK(list.targets[6].site_code == "XY1");

  CHECK(list.targets[7].text == "pc10");
  CHECK(list.targets[7].roles == std::vector<std::string>{"client", "logon-point"});

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
  REQUIRE(list.targets.size() == 3);
  CHECK(list.targets[0].text == "pc01");
  CHECK(list.targets[0].host == "pc01");
  CHECK(list.targets[1].text == "pc02");
  CHECK(list.targets[1].roles == std::vector<std::string>{"cap"});
  CHECK(list.targets[2].text == "PC01");
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
  CHECK(parse_host_list("\n\n# only comments\n", "fleet.txt").targets.empty());
}

TEST_CASE("parse_host_list: a UTF-8 byte-order mark is skipped, UTF-16 with its mark is read")
{
  const HostList utf8 = parse_host_list("\xEF\xBB\xBFpc01\n", "bom.txt");
  REQUIRE(utf8.targets.size() == 1);
  CHECK(utf8.targets[0].host == "pc01");

  const std::string little("\xFF\xFEp\0c\0"
                           "0\0"
                           "1\0\r\0\n\0p\0c\0"
                           "0\0"
                           "2\0",
                           22);
  const HostList le = parse_host_list(little, "utf16le.txt");
  CHECK(le.errors.empty());
  REQUIRE(le.targets.size() == 2);
  CHECK(le.targets[1].host == "pc02");

  const std::string big("\xFE\xFF\0p\0c\0"
                        "0\0"
                        "3",
                        10);
  const HostList be = parse_host_list(big, "utf16be.txt");
  REQUIRE(be.targets.size() == 1);
  CHECK(be.targets[0].host == "pc03");

  const HostList broken = parse_host_list(std::string("\xFF\xFE\x00\xD8", 4), "bad16.txt"); // a lone surrogate
  CHECK(broken.targets.empty());
  REQUIRE(broken.errors.size() == 1);
  CHECK(broken.errors[0].to_string() == "bad16.txt: is not valid UTF-16 after its byte-order mark");
}

TEST_CASE("parse_host_list: NUL bytes without a byte-order mark refuse the whole list")
{
  const HostList list = parse_host_list(std::string("p\0c\0"
                                                    "0\0"
                                                    "1\0\n\0",
                                                    10),
                                        "hosts.txt");
  CHECK(list.targets.empty());
  REQUIRE(list.errors.size() == 1);
  CHECK(list.errors[0].line == 0);
  CHECK(list.errors[0].message ==
        "holds NUL bytes: not a text file, or UTF-16 without a byte-order mark; save it as UTF-8");
}

TEST_CASE("parse_host_list: control characters are shown escaped, long lines and passwords are never echoed")
{
  const std::string long_line(5000, 'a');
  const HostList list = parse_host_list(
    "pc01\x1b[2J\n" + long_line + "\nsmb://admin:Secret1@pc02/ADMIN$\n\\\\u%pw@pc03\\C$\npc04\n", "h.txt");
  REQUIRE(list.targets.size() == 1);
  CHECK(list.targets[0].host == "pc04");
  REQUIRE(list.errors.size() == 4);
  CHECK(list.errors[0].message == "line holds control characters or invalid UTF-8: \"pc01?[2J\" (line skipped)");
  CHECK(list.errors[1].message == "line is longer than 4096 characters (line skipped)");
  for (std::size_t i = 2; i < 4; ++i) {
    CHECK(list.errors[i].message.find("Secret1") == std::string::npos);
    CHECK(list.errors[i].message.find("pw") == std::string::npos);
    CHECK(list.errors[i].message.rfind("a user name or password in a target is not accepted", 0) == 0);
  }
}
