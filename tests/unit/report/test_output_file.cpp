// Tests for report/output_file.cpp: whole writes, and a write that fails
// part-way taken back so the file stays valid up to its last whole line.
#include "smsscan/report/output_file.hpp"

#include "test_support.hpp"

#include <doctest/doctest.h>

#include <csignal>
#include <string>

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

using smsscan::report::OutputFile;
using smsscan::test::read_file;
using smsscan::test::TemporaryFolder;

TEST_CASE("OutputFile: lines reach the file whole, in order")
{
  TemporaryFolder folder;
  const std::string path = folder / "out.csv";
  {
    OutputFile out(::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644), path);
    CHECK(out.write_line("a,b"));
    CHECK(out.write_text("c,d\n"));
    CHECK_FALSE(out.failed());
    CHECK(out.error().empty());
    CHECK(out.name() == path);
    CHECK_FALSE(out.is_stdout());
  }
  CHECK(read_file(path) == std::string("a,b\nc,d\n"));
}

TEST_CASE("OutputFile: a device that refuses writes fails with its name and the reason, then stays quiet")
{
  OutputFile out(::open("/dev/full", O_WRONLY | O_CLOEXEC), "/dev/full");
  CHECK_FALSE(out.write_line("row"));
  CHECK(out.failed());
  CHECK(out.error() == "/dev/full: No space left on device");
  CHECK_FALSE(out.write_line("next"));
}

TEST_CASE("OutputFile: a line cut by the file size limit is taken back")
{
  TemporaryFolder folder;
  const std::string path = folder / "details.csv";
  // The limit applies to the child only: it writes two short lines, then one
  // that crosses the 100-byte limit part-way.
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    std::signal(SIGXFSZ, SIG_IGN);
    const rlimit limit{100, 100};
    ::setrlimit(RLIMIT_FSIZE, &limit);
    OutputFile out(::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644), path);
    const bool first = out.write_line(std::string(30, 'a'));
    const bool second = out.write_line(std::string(30, 'b'));
    const bool third = out.write_line(std::string(80, 'c'));
    const bool said_why = out.error() == path + ": File too large";
    ::_exit(first && second && !third && said_why ? 0 : 1);
  }
  int status = 0;
  REQUIRE(::waitpid(child, &status, 0) == child);
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  CHECK(read_file(path) == std::string(30, 'a') + "\n" + std::string(30, 'b') + "\n");
}

TEST_CASE("OutputFile: replace_text rewrites the document a regular file holds")
{
  TemporaryFolder folder;
  const std::string path = folder / "report.html";
  {
    OutputFile out(::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644), path);
    CHECK(out.replace_text("<p>a long first version of the page</p>\n"));
    CHECK(out.replace_text("<p>final</p>\n"));
    CHECK(out.replace_text("<p>final, again</p>\n"));
  }
  CHECK(read_file(path) == std::string("<p>final, again</p>\n"));
  // Through a pipe it can only write after what is there.
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  {
    OutputFile out(fds[1], "pipe");
    CHECK(out.replace_text("one\n"));
    CHECK(out.replace_text("two\n"));
  }
  char buffer[16] = {};
  CHECK(::read(fds[0], buffer, sizeof(buffer)) == 8);
  CHECK(std::string(buffer) == "one\ntwo\n");
  ::close(fds[0]);
}
