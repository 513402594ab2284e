#include "smsscan/report/writer.hpp"

#include "smsscan/report/formats.hpp"

namespace smsscan::report {

ReportWriter::ReportWriter(const manifest::Manifest& manifest, Outputs outputs, bool deep)
    : m_manifest(manifest), m_out(outputs), m_deep(deep)
{
  std::lock_guard<std::mutex> lock(m_outputs.mutex());
  m_outputs.write_line(m_out.csv, k_csv_header);
  m_outputs.write_line(m_out.details, k_details_header);
}

void ReportWriter::machine_done(const scan::MachineResult& result)
{
  std::lock_guard<std::mutex> lock(m_outputs.mutex());
  m_outputs.write_line(m_out.csv, csv_row(result));
  if (m_out.details) {
    for (const std::string& row : details_rows(m_manifest, result, m_deep)) {
      m_outputs.write_line(m_out.details, row);
    }
  }
  if (m_out.json) {
    m_outputs.write_line(m_out.json, json_line(result, m_deep));
  }
}

} // namespace smsscan::report
