#include "smsscan/report/account_writer.hpp"

#include "smsscan/report/account_formats.hpp"

namespace smsscan::report {

AccountWriter::AccountWriter(Outputs outputs) : m_out(outputs)
{
  std::lock_guard<std::mutex> lock(m_mutex);
  write(m_out.csv, k_account_csv_header);
}

void AccountWriter::write(OutputFile* output, const std::string& line)
{
  if (output == nullptr || m_failed.load()) {
    return;
  }
  if (!output->write_line(line)) {
    m_failure = output->error();
    m_failed.store(true);
  }
}

void AccountWriter::machine_done(const accounts::MachineAccounts& machine)
{
  std::lock_guard<std::mutex> lock(m_mutex);
  if (m_out.csv != nullptr) {
    std::string rows;
    for (const std::string& row : account_csv_rows(machine)) {
      rows += row + "\n";
    }
    if (!rows.empty()) {
      rows.pop_back(); // write_line adds the last line break
      write(m_out.csv, rows);
    }
  }
  if (m_out.json != nullptr) {
    write(m_out.json, account_json_line(machine));
  }
  if (m_out.table != nullptr) {
    write(m_out.table, account_table_line(machine));
  }
}

std::string AccountWriter::failure() const
{
  std::lock_guard<std::mutex> lock(m_mutex);
  return m_failure;
}

} // namespace smsscan::report
