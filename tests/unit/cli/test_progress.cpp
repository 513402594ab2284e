// Tests for cli/progress.cpp: the progress line as it reaches standard error
// (here a pipe): each drawing starts with the erase sequence, the counts,
// percentage, rate and time left are right, redrawing is held to every
// 100 ms unless the line was erased for a row, and nothing is drawn once the
// scan is done or stopped.
#include "smsscan/cli/progress.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <unistd.h>

using smsscan::cli::TerminalProgress;
using namespace std::chrono_literals;

namespace {

const std::string k_erase = "\r\033[K";

// Standard error sent into a pipe while the object lives; take() returns
// what arrived so far.
class StderrPipe
{
public:
  StderrPipe()
  {
    REQUIRE(::pipe(m_fds) == 0);
    ::fcntl(m_fds[0], F_SETFL, O_NONBLOCK);
    std::fflush(stderr);
    m_saved = ::dup(STDERR_FILENO);
    ::dup2(m_fds[1], STDERR_FILENO);
  }
  ~StderrPipe()
  {
    std::fflush(stderr);
    ::dup2(m_saved, STDERR_FILENO);
    ::close(m_saved);
    ::close(m_fds[0]);
    ::close(m_fds[1]);
  }
  StderrPipe(const StderrPipe&) = delete;
  StderrPipe& operator=(const StderrPipe&) = delete;

  std::string take()
  {
    std::fflush(stderr);
    std::string text;
    char buffer[512];
    for (ssize_t n; (n = ::read(m_fds[0], buffer, sizeof buffer)) > 0;) {
      text.append(buffer, static_cast<std::size_t>(n));
    }
    return text;
  }

private:
  int m_fds[2] = {-1, -1};
  int m_saved = -1;
};

// The drawings in what was written: the pieces between erase sequences
// ("" for an erase that drew nothing after it). Fails when the text does not
// start with an erase (a line drawn over what was there).
std::vector<std::string> drawings(const std::string& text)
{
  std::vector<std::string> pieces;
  if (text.empty()) {
    return pieces;
  }
  REQUIRE(text.rfind(k_erase, 0) == 0);
  std::size_t at = 0;
  while (at < text.size()) {
    const std::size_t next = text.find(k_erase, at + k_erase.size());
    const std::size_t end = next == std::string::npos ? text.size() : next;
    pieces.push_back(text.substr(at + k_erase.size(), end - at - k_erase.size()));
    at = end;
  }
  return pieces;
}

struct Drawn
{
  std::size_t done = 0;
  std::size_t total = 0;
  int percent = 0;
  double rate = 0;
  int eta_seconds = 0;
};

// "[151/323]  47%  74.6 machines/s  ETA 0:02"
Drawn parse_drawing(const std::string& line)
{
  static const std::regex format(R"(\[(\d+)/(\d+)\] +(\d+)%  (\d+\.\d) machines/s  ETA (\d+):(\d\d))");
  std::smatch match;
  REQUIRE_MESSAGE(std::regex_match(line, match, format), "not a progress line: " << line);
  Drawn drawn;
  drawn.done = std::stoul(match[1]);
  drawn.total = std::stoul(match[2]);
  drawn.percent = std::stoi(match[3]);
  drawn.rate = std::stod(match[4]);
  const int seconds = std::stoi(match[6]);
  CHECK(seconds < 60);
  drawn.eta_seconds = std::stoi(match[5]) * 60 + seconds;
  return drawn;
}

} // namespace

TEST_CASE("progress: the first line says it is scanning, then counts, percentage, rate and time left")
{
  StderrPipe pipe;
  const auto started = std::chrono::steady_clock::now();
  TerminalProgress progress;
  progress.progress(0, 323);
  CHECK(pipe.take() == k_erase + "[0/323]   0%  scanning");

  std::this_thread::sleep_for(300ms);
  progress.progress(10, 3230);
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  const auto lines = drawings(pipe.take());
  REQUIRE(lines.size() == 1);
  const Drawn drawn = parse_drawing(lines[0]);
  CHECK(drawn.done == 10);
  CHECK(drawn.total == 3230);
  CHECK(drawn.percent == 0);
  // About 10 machines in at most `elapsed` seconds, and at least 0.3 s.
  CHECK(drawn.rate <= 10 / 0.3 + 0.1);
  CHECK(drawn.rate >= 10 / elapsed - 0.1);
  // The time left is what the rate says for the 3220 machines to go.
  CHECK(drawn.eta_seconds == doctest::Approx(3220 / drawn.rate).epsilon(0.05));
  CHECK(drawn.eta_seconds >= 60); // a minute and more: "ETA 1:02", not "ETA 62"
}

TEST_CASE("progress: redrawn at most every 100 ms, at once after it was erased for a row")
{
  StderrPipe pipe;
  TerminalProgress progress;
  progress.progress(1, 10);
  CHECK(drawings(pipe.take()).size() == 1);
  progress.progress(2, 10); // within 100 ms: not drawn
  progress.progress(3, 10);
  CHECK(pipe.take().empty());

  // A table row is about to be printed: the line goes, and comes back with
  // the next count at once, below the row.
  progress.clear();
  CHECK(pipe.take() == k_erase);
  progress.progress(4, 10);
  const auto again = drawings(pipe.take());
  REQUIRE(again.size() == 1);
  CHECK(parse_drawing(again[0]).done == 4);

  std::this_thread::sleep_for(150ms);
  progress.progress(5, 10);
  const auto later = drawings(pipe.take());
  REQUIRE(later.size() == 1);
  CHECK(parse_drawing(later[0]).percent == 50);
}

TEST_CASE("progress: erasing a line that is not shown writes nothing")
{
  StderrPipe pipe;
  TerminalProgress progress;
  progress.clear();
  CHECK(pipe.take().empty());
  progress.progress(1, 4);
  progress.clear();
  progress.clear(); // once is enough
  const auto pieces = drawings(pipe.take());
  REQUIRE(pieces.size() == 2);
  CHECK(pieces[1].empty());
}

TEST_CASE("progress: the last machine erases the line; after stop() nothing is drawn")
{
  StderrPipe pipe;
  {
    TerminalProgress progress;
    progress.progress(1, 2);
    progress.progress(2, 2); // done, even within 100 ms: the line goes
    const auto pieces = drawings(pipe.take());
    REQUIRE(pieces.size() == 2);
    CHECK(pieces[1].empty());
    progress.progress(2, 2); // nothing shown, nothing to erase
    CHECK(pipe.take().empty());
  }
  TerminalProgress stopped;
  stopped.progress(0, 5);
  stopped.stop();
  CHECK(drawings(pipe.take()) == std::vector<std::string>{"[0/5]   0%  scanning", ""});
  // Machines still finishing after Ctrl-C report progress: it stays away.
  std::this_thread::sleep_for(120ms);
  stopped.progress(3, 5);
  stopped.clear();
  CHECK(pipe.take().empty());
}

TEST_CASE("progress: workers reporting at once never interleave a line")
{
  StderrPipe pipe;
  TerminalProgress progress;
  std::vector<std::thread> workers;
  for (int worker = 0; worker < 4; ++worker) {
    workers.emplace_back([&progress, worker] {
      for (std::size_t i = 0; i < 50; ++i) {
        progress.progress(static_cast<std::size_t>(worker) * 50 + i, 1000);
        if (i % 10 == 0) {
          progress.clear();
        }
        std::this_thread::sleep_for(1ms);
      }
    });
  }
  for (std::thread& worker : workers) {
    worker.join();
  }
  progress.stop();
  const auto pieces = drawings(pipe.take());
  REQUIRE_FALSE(pieces.empty());
  CHECK(pieces.back().empty());
  for (const std::string& piece : pieces) {
    if (!piece.empty() && piece.find("scanning") == std::string::npos) {
      parse_drawing(piece);
    }
  }
}
