#include "smsscan/report/writer.hpp"

#include "smsscan/report/formats.hpp"

namespace smsscan::report {

namespace {

void write_line(std::FILE* file, const std::string& line)
{
  if (file) {
    std::fputs(line.c_str(), file);
    std::fputc('\n', file);
    std::fflush(file);
  }
}

} // namespace

ReportWriter::ReportWriter(const manifest::Manifest& manifest, Outputs outputs, bool deep)
    : m_manifest(manifest), m_out(outputs), m_deep(deep)
{
  write_line(m_out.csv, k_csv_header);
  write_line(m_out.details, k_details_header);
}

void ReportWriter::machine_done(const scan::MachineResult& result)
{
  std::lock_guard<std::mutex> lock(m_mutex);
  write_line(m_out.csv, csv_row(result));
  if (m_out.details) {
    for (const std::string& row : details_rows(m_manifest, result, m_deep)) {
      write_line(m_out.details, row);
    }
  }
  if (m_out.json) {
    write_line(m_out.json, json_line(result, m_deep));
  }
  if (m_out.table) {
    write_line(m_out.table, table_line(result));
  }
}

} // namespace smsscan::report
