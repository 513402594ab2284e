// Tests for cli/console.cpp: the one format of messages on standard error.
#include "smsscan/cli/console.hpp"

#include "cli_support.hpp"

#include <doctest/doctest.h>

#include <string>

using smsscan::test::stderr_of;

TEST_CASE("print_error and print_warning: one line each, prefixed like smbclient's and curl's")
{
  CHECK(stderr_of([] { smsscan::cli::print_error("cannot write report.csv"); }) ==
        "smsscan: error: cannot write report.csv\n");
  CHECK(stderr_of([] { smsscan::cli::print_warning("auth.txt is readable by other users"); }) ==
        "smsscan: warning: auth.txt is readable by other users\n");
}
