// Tests for cli/remote_run.cpp, what `scan` and `accounts` share: the
// targets from arguments and a host list (file or standard input) with bad
// lines reported and skipped, the credentials from an auth file or
// SMSSCAN_PASSWORD, the option checks, and the watched run that leaves with
// 130 on Ctrl-C or 66 when a report cannot be written (in a forked child,
// since it ends the process).
#include "smsscan/cli/remote_run.hpp"

#include "cli_support.hpp"
#include "smsscan/util/error.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <string>
#include <thread>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace smsscan;
using cli::collect_targets;
using cli::TargetList;
using test::ScopedEnvironment;
using test::stderr_of;
using test::TemporaryFolder;
using test::write_file;
using namespace std::chrono_literals;

namespace {

const std::vector<std::string> k_client = {"client"};

// The util::Fatal that f throws; fails the test when it throws none.
template <typename F>
util::Fatal fatal_of(F f)
{
  try {
    f();
  } catch (const util::Fatal& fatal) {
    return fatal;
  }
  FAIL("no util::Fatal was thrown");
  return util::Fatal(-1, "");
}

std::vector<std::string> texts_of(const TargetList& list)
{
  std::vector<std::string> texts;
  for (const target::Target& target : list.targets) {
    texts.push_back(target.text);
  }
  return texts;
}

// Standard input read from a file while the object lives.
class StdinFrom
{
public:
  explicit StdinFrom(const std::string& path) : m_saved(::dup(STDIN_FILENO))
  {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    REQUIRE(fd >= 0);
    ::dup2(fd, STDIN_FILENO);
    ::close(fd);
  }
  ~StdinFrom()
  {
    ::dup2(m_saved, STDIN_FILENO);
    ::close(m_saved);
  }
  StdinFrom(const StdinFrom&) = delete;
  StdinFrom& operator=(const StdinFrom&) = delete;

private:
  int m_saved;
};

// A writer as run_watched watches it.
struct Reports
{
  bool broken = false;
  bool failed() const { return broken; }
  std::string failure() const { return "report.csv: No space left on device"; }
};

struct ChildResult
{
  int status = -1; // exit status, -1 when killed
  std::string err; // what it wrote to standard error
};

// Runs body in a forked child with standard error going to a file; waits
// for it (at most 10 s).
template <typename F>
ChildResult in_child(F body)
{
  TemporaryFolder folder;
  const std::string err_path = folder / "stderr";
  std::fflush(nullptr);
  const pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    const int fd = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    ::dup2(fd, STDERR_FILENO);
    body();
    std::_Exit(99); // run_watched never returns in these cases
  }
  ChildResult result;
  const auto until = std::chrono::steady_clock::now() + 10s;
  int status = 0;
  while (::waitpid(pid, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() > until) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      break;
    }
    std::this_thread::sleep_for(10ms);
  }
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.err = test::read_file(err_path).value_or("");
  return result;
}

} // namespace

TEST_CASE("collect_targets: arguments then the host list, each machine once with all its roles")
{
  TemporaryFolder folder;
  write_file(folder / "fleet.txt", "# the fleet\n"
                                   "cap01, cap, ABC\n"
                                   "\n"
                                   "PC02\n"
                                   "10.0.0.1-3\n");
  const TargetList list = collect_targets({"pc02", "cap01", "10.0.0.02"}, folder / "fleet.txt", k_client, 100, "scan");
  CHECK_FALSE(list.skipped_input);
  CHECK(texts_of(list) == std::vector<std::string>{"pc02", "cap01", "10.0.0.02", "10.0.0.1", "10.0.0.3"});
  // cap01 of the command line (the default role) and of the list (cap, site ABC).
  REQUIRE(list.targets.size() == 5);
  const target::Target& cap = list.targets[1];
  CHECK(cap.roles == std::vector<std::string>{"client", "cap"});
  CHECK(cap.site_code == "ABC");
  // The range's 10.0.0.2 is the argument's 10.0.0.02: the same machine.
  CHECK(list.targets[2].host == "10.0.0.2");
}

TEST_CASE("collect_targets: a bad host-list line is reported with its line and skipped")
{
  TemporaryFolder folder;
  const std::string hosts = folder / "fleet.txt";
  write_file(hosts, "pc01\nnot a host!\npc03, client, AAA\npc03, client, BBB\n");
  TargetList list;
  const std::string err = stderr_of([&] { list = collect_targets({}, hosts, k_client, 100, "scan"); });
  CHECK(list.skipped_input);
  CHECK(texts_of(list) == std::vector<std::string>{"pc01", "pc03"});
  const auto lines = test::lines_of(err);
  REQUIRE(lines.size() == 2);
  CHECK(lines[0].rfind("smsscan: error: " + hosts + ":2: ", 0) == 0);
  CHECK(lines[1].rfind("smsscan: error: " + hosts + ":4: ", 0) == 0);
  CHECK(lines[1].find("(line skipped)") != std::string::npos);
  CHECK(lines[1].find("AAA") != std::string::npos);
  CHECK(lines[1].find("BBB") != std::string::npos);
}

TEST_CASE("collect_targets: the host list from standard input")
{
  TemporaryFolder folder;
  write_file(folder / "piped.txt", "pc01\nbad line!\n");
  StdinFrom input(folder / "piped.txt");
  TargetList list;
  const std::string err = stderr_of([&] { list = collect_targets({}, "-", k_client, 100, "scan"); });
  CHECK(texts_of(list) == std::vector<std::string>{"pc01"});
  CHECK(err.rfind("smsscan: error: standard input:2: ", 0) == 0);
}

TEST_CASE("collect_targets: what ends the run, with its exit status")
{
  TemporaryFolder folder;
  SUBCASE("nothing to do")
  {
    const util::Fatal fatal = fatal_of([] { collect_targets({}, "", k_client, 100, "query"); });
    CHECK(fatal.exit_status() == cli::exit_usage);
    CHECK(std::string(fatal.what()) == "nothing to query: give targets or --hosts FILE");
  }
  SUBCASE("only bad lines: the skipped input's status")
  {
    write_file(folder / "bad.txt", "not a host!\n");
    util::Fatal fatal(0, "");
    stderr_of([&] { fatal = fatal_of([&] { collect_targets({}, folder / "bad.txt", k_client, 100, "scan"); }); });
    CHECK(fatal.exit_status() == cli::exit_skipped_input);
  }
  SUBCASE("a bad argument, named as given but printable")
  {
    const util::Fatal fatal = fatal_of([] { collect_targets({"pc01", "bad\x1b[2Jhost!"}, "", k_client, 100, "scan"); });
    CHECK(fatal.exit_status() == cli::exit_usage);
    const std::string message = fatal.what();
    CHECK(message.rfind("target \"bad", 0) == 0);
    CHECK(message.find('\x1b') == std::string::npos); // no terminal escape reaches the screen
  }
  SUBCASE("a range larger than --max-targets")
  {
    const util::Fatal fatal = fatal_of([] { collect_targets({"10.0.0.0/24"}, "", k_client, 16, "scan"); });
    CHECK(fatal.exit_status() == cli::exit_usage);
    CHECK(std::string(fatal.what()).find("more than --max-targets 16") != std::string::npos);
  }
  SUBCASE("a host list that cannot be read")
  {
    const util::Fatal fatal =
      fatal_of([&] { collect_targets({"pc01"}, folder / "absent.txt", k_client, 100, "scan"); });
    CHECK(fatal.exit_status() == cli::exit_no_input);
    CHECK(std::string(fatal.what()).find(folder / "absent.txt") != std::string::npos);
  }
}

TEST_CASE("gather_run_credentials: none, the environment's password, an auth file")
{
  TemporaryFolder folder;
  CHECK_FALSE(cli::gather_run_credentials("", "").has_value());

  {
    const ScopedEnvironment password("SMSSCAN_PASSWORD", std::string("from the environment"));
    const auto credentials = cli::gather_run_credentials("FLEET\\admin", "");
    REQUIRE(credentials.has_value());
    CHECK(credentials->domain == "FLEET");
    CHECK(credentials->user == "admin");
    CHECK(credentials->password == "from the environment");
  }

  const std::string auth = folder / "auth.txt";
  write_file(auth, "username = svc\npassword = p@ss word\ndomain = LAB\n");
  test::set_mode(auth, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  std::optional<target::Credentials> from_file;
  CHECK(stderr_of([&] { from_file = cli::gather_run_credentials("", auth); }).empty());
  REQUIRE(from_file.has_value());
  CHECK(from_file->user == "svc");
  CHECK(from_file->password == "p@ss word");
  CHECK(from_file->domain == "LAB");

  // --user names another account of the file's domain; a file others can
  // read is used, with a warning.
  test::set_mode(auth, std::filesystem::perms::owner_read | std::filesystem::perms::group_read |
                         std::filesystem::perms::others_read);
  const std::string warned = stderr_of([&] { from_file = cli::gather_run_credentials("other", auth); });
  REQUIRE(from_file.has_value());
  CHECK(from_file->user == "other");
  CHECK(from_file->domain == "LAB");
  CHECK(warned == "smsscan: warning: " + auth + " is readable by other users; chmod 600 it\n");
}

TEST_CASE("gather_run_credentials: no password, a bad or missing auth file end the run")
{
  TemporaryFolder folder;
  const ScopedEnvironment no_password("SMSSCAN_PASSWORD", std::nullopt);
  // Standard error is not a terminal here, so nothing prompts.
  util::Fatal fatal(0, "");
  stderr_of([&] { fatal = fatal_of([] { cli::gather_run_credentials("admin", ""); }); });
  CHECK(fatal.exit_status() == cli::exit_bad_credentials);
  CHECK(std::string(fatal.what()).find("no password for admin") != std::string::npos);

  const std::string auth = folder / "auth.txt";
  write_file(auth, "username = svc\nthe secret is hunter2\n");
  fatal = fatal_of([&] { cli::gather_run_credentials("", auth); });
  CHECK(fatal.exit_status() == cli::exit_bad_credentials);
  CHECK(std::string(fatal.what()).rfind("credentials: " + auth + ":2: ", 0) == 0);
  CHECK(std::string(fatal.what()).find("hunter2") == std::string::npos); // a bad line is never quoted

  fatal = fatal_of([&] { cli::gather_run_credentials("", folder / "absent"); });
  CHECK(fatal.exit_status() == cli::exit_no_input);
}

TEST_CASE("check_user_option: USER%PASSWORD is refused without repeating the password")
{
  cli::check_user_option("admin");
  cli::check_user_option("FLEET\\admin");
  const util::Fatal fatal = fatal_of([] { cli::check_user_option("admin%hunter2"); });
  CHECK(fatal.exit_status() == cli::exit_usage);
  CHECK(std::string(fatal.what()).find("hunter2") == std::string::npos);
  CHECK(std::string(fatal.what()).find("SMSSCAN_PASSWORD") != std::string::npos);
}

TEST_CASE("finite_number: numbers in the range pass; NaN, infinities and numbers outside are refused")
{
  const CLI::Validator check = cli::finite_number(0.1, 3600);
  for (const std::string good : {"0.1", "30", "3600", "1e3"}) {
    std::string text = good;
    CAPTURE(good);
    CHECK(check(text).empty());
  }
  for (const std::string bad : {"nan", "NaN", "inf", "-inf", "0", "3600.5", "-1", "1e400", "thirty", ""}) {
    std::string text = bad;
    CAPTURE(bad);
    const std::string why = check(text);
    CHECK_FALSE(why.empty());
    CHECK(why.find("not " + bad) != std::string::npos);
  }
  // Through CLI11, as the commands use it.
  CLI::App app;
  double timeout = 30;
  app.add_option("--timeout", timeout)->check(check);
  CHECK_THROWS_AS(app.parse(std::vector<std::string>{"nan", "--timeout"}), CLI::ValidationError);
  app.parse(std::vector<std::string>{"12.5", "--timeout"}); // CLI11 takes the arguments reversed
  CHECK(timeout == 12.5);
}

TEST_CASE("run_watched: the work's result when nothing goes wrong")
{
  const std::atomic<bool> cancelled{false};
  Reports reports;
  bool stopped = false;
  const int result = cli::run_watched(
    cancelled, reports,
    [] {
      std::this_thread::sleep_for(250ms); // a few rounds of the watch
      return 42;
    },
    [&] { stopped = true; });
  CHECK(result == 42);
  CHECK_FALSE(stopped);
}

TEST_CASE("run_watched: Ctrl-C stops the writing and leaves with 130 without waiting for the work")
{
  const auto started = std::chrono::steady_clock::now();
  const ChildResult child = in_child([] {
    std::atomic<bool> cancelled{false};
    Reports reports;
    std::thread ctrl_c([&] {
      std::this_thread::sleep_for(150ms);
      cancelled = true;
    });
    ctrl_c.detach();
    cli::run_watched(
      cancelled, reports,
      [] {
        std::this_thread::sleep_for(30s); // a machine that never finishes
        return 0;
      },
      [] { std::fputs("[writing stopped]", stderr); });
  });
  CHECK(child.status == cli::exit_interrupted);
  CHECK(std::chrono::steady_clock::now() - started < 5s);
  CHECK(child.err == "[writing stopped]\nsmsscan: interrupted; the reports hold the machines finished so far\n");
}

TEST_CASE("run_watched: a report that cannot be written ends the run with 66 and says which")
{
  const ChildResult child = in_child([] {
    const std::atomic<bool> cancelled{false};
    Reports reports;
    reports.broken = true;
    cli::run_watched(
      cancelled, reports,
      [] {
        std::this_thread::sleep_for(30s);
        return 0;
      },
      [] { std::fputs("[writing stopped]\n", stderr); });
  });
  CHECK(child.status == cli::exit_no_input);
  CHECK(child.err == "[writing stopped]\nsmsscan: error: cannot write report.csv: No space left on device; the run "
                     "stopped, and the reports hold the machines written so far\n");
}
