#include "smsscan/report/writer.hpp"

#include "smsscan/report/formats.hpp"

namespace smsscan::report {

ReportWriter::ReportWriter(const manifest::Manifest& manifest, Outputs outputs, bool deep)
    : m_manifest(manifest), m_out(outputs), m_deep(deep)
{
  std::lock_guard<std::mutex> lock(m_mutex);
  write(m_out.csv, k_csv_header);
  write(m_out.details, k_details_header);
}

void ReportWriter::write(OutputFile* output, const std::string& line)
{
  if (output == nullptr || m_failed.load()) {
    return;
  }
  if (!output->write_line(line)) {
    m_failure = output->error();
    m_failed.store(true);
  }
}

void ReportWriter::machine_done(const scan::MachineResult& result)
{
  std::lock_guard<std::mutex> lock(m_mutex);
  write(m_out.csv, csv_row(result));
  if (m_out.details) {
    for (const std::string& row : details_rows(m_manifest, result, m_deep)) {
      write(m_out.details, row);
    }
  }
  if (m_out.json) {
    write(m_out.json, json_line(result, m_deep));
  }
}

std::string ReportWriter::failure() const
{
  std::lock_guard<std::mutex> lock(m_mutex);
  return m_failure;
}

} // namespace smsscan::report
