// Helpers for the worker component's tests: small handlers that run in real
// forked workers, and waiting for a process to be gone.
#pragma once

#include "smsscan/worker/handler.hpp"

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>

namespace smsscan::test {

// Requests: u8 op, then op's fields.
enum class TestOp : std::uint8_t {
  echo = 1,  // str -> str (the same), u32 pid of the worker, u32 requests seen since the last reset
  sleep = 2, // u32 ms -> sleeps, then answers u8 0
  quit = 3,  // the worker exits without answering
  note = 4,  // str; no reply (kept for the next echo)
};

class TestHandler : public worker::Handler
{
public:
  bool handle(worker::Reader& in, worker::Writer& out) override
  {
    ++m_requests;
    switch (static_cast<TestOp>(in.u8())) {
    case TestOp::echo:
      out.str(m_note.empty() ? in.str() : m_note);
      out.u32(static_cast<std::uint32_t>(::getpid()));
      out.u32(m_requests);
      return true;
    case TestOp::sleep:
      std::this_thread::sleep_for(std::chrono::milliseconds(in.u32()));
      out.u8(0);
      return true;
    case TestOp::quit:
      ::_exit(0);
    case TestOp::note:
      m_note = in.str();
      return false;
    }
    return false;
  }
  void reset() override
  {
    m_requests = 0;
    m_note.clear();
  }

private:
  std::uint32_t m_requests = 0;
  std::string m_note;
};

inline worker::HandlerFactory test_handler_factory()
{
  return [] { return std::make_unique<TestHandler>(); };
}

inline worker::Writer request(TestOp op)
{
  worker::Writer out;
  out.u8(static_cast<std::uint8_t>(op));
  return out;
}

// True once no process has the pid (killed and reaped), waiting up to limit.
inline bool process_gone(pid_t pid, std::chrono::milliseconds limit = std::chrono::milliseconds(5000))
{
  const auto until = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < until) {
    if (::kill(pid, 0) != 0 && errno == ESRCH) {
      return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

} // namespace smsscan::test
