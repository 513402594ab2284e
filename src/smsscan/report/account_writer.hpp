// Writes the reports of `smsscan accounts` as machines finish, a whole row
// at a time (a machine's CSV rows, its JSON line, its table line), so an
// interrupted run leaves valid files. The first write that fails stops all
// writing and is kept: the command line ends the run with it.
#pragma once

#include "smsscan/accounts/engine.hpp"
#include "smsscan/report/output_file.hpp"

#include <atomic>
#include <mutex>
#include <string>

namespace smsscan::report {

class AccountWriter : public accounts::AccountSink
{
public:
  struct Outputs
  {
    OutputFile* csv = nullptr;   // a row per machine and account
    OutputFile* json = nullptr;  // JSON Lines, an object per machine
    OutputFile* table = nullptr; // terminal lines (stdout), or null
  };

  explicit AccountWriter(Outputs outputs);
  void machine_done(const accounts::MachineAccounts& machine) override;
  // Taken while writing a machine; hold it to stop writes (e.g. on Ctrl-C).
  std::mutex& write_mutex() { return m_outputs.mutex(); }

  bool failed() const { return m_outputs.failed(); }
  std::string failure() const { return m_outputs.failure(); }

private:
  Outputs m_out;
  OutputSet m_outputs;
};

} // namespace smsscan::report
