// The HTML report's style sheet, inline in the page: screen and print (A4
// and Letter: @page margins, a page break before each long section, table
// headers repeated on every page, rows never split), with the status
// colours of html_chart.
#pragma once

#include <string>

namespace smsscan::report {

std::string html_style();

} // namespace smsscan::report
