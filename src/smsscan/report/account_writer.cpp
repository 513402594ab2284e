#include "smsscan/report/account_writer.hpp"

#include "smsscan/report/account_formats.hpp"

namespace smsscan::report {

AccountWriter::AccountWriter(Outputs outputs) : m_out(outputs)
{
  std::lock_guard<std::mutex> lock(m_outputs.mutex());
  m_outputs.write_line(m_out.csv, k_account_csv_header);
}

void AccountWriter::machine_done(const accounts::MachineAccounts& machine)
{
  std::lock_guard<std::mutex> lock(m_outputs.mutex());
  if (m_out.csv != nullptr) {
    std::string rows;
    for (const std::string& row : account_csv_rows(machine)) {
      rows += row + "\n";
    }
    if (!rows.empty()) {
      rows.pop_back(); // write_line adds the last line break
      m_outputs.write_line(m_out.csv, rows);
    }
  }
  if (m_out.json != nullptr) {
    m_outputs.write_line(m_out.json, account_json_line(machine));
  }
  if (m_out.table != nullptr) {
    m_outputs.write_line(m_out.table, account_table_line(machine));
  }
}

} // namespace smsscan::report
