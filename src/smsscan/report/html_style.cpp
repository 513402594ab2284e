#include "smsscan/report/html_style.hpp"

#include "smsscan/report/fleet_summary.hpp"
#include "smsscan/report/html_chart.hpp"

namespace smsscan::report {

namespace {

const char* const k_base_style = R"css(
:root{--ink:#1c2631;--muted:#5f6b7a;--line:#dfe4ea;--band:#f4f6f9;--accent:#1f3a5f}
*{box-sizing:border-box}
html{background:#e9edf2}
body{margin:0;color:var(--ink);font:14px/1.45 "Segoe UI",Tahoma,"DejaVu Sans",Arial,sans-serif}
main{max-width:1100px;margin:24px auto;background:#fff;padding:26px 34px 30px;border-radius:6px;box-shadow:0 1px 4px rgba(0,0,0,.12)}
header.top{border-bottom:3px solid var(--accent);padding-bottom:12px;margin-bottom:18px}
.kb{color:var(--muted);font-size:12px;letter-spacing:.06em;text-transform:uppercase}
h1{font-size:22px;line-height:1.25;margin:4px 0 6px;color:var(--accent)}
h2{font-size:17px;color:var(--accent);margin:26px 0 10px;padding-bottom:4px;border-bottom:1px solid var(--line)}
h3{font-size:14px;margin:0 0 2px}
.meta,.muted{color:var(--muted)}
.meta{font-size:13px}
.headline{font-size:21px;font-weight:600;line-height:1.3;margin:0 0 16px}
.warn{background:#fdecea;border:1px solid #f1b0a9;border-radius:4px;padding:10px 14px;font-weight:600}
.tiles{display:flex;gap:12px;flex-wrap:wrap;margin:0 0 18px}
.tile{flex:1 1 110px;border:1px solid var(--line);border-left-width:6px;border-radius:4px;padding:8px 12px}
.tile b{display:block;font-size:26px;line-height:1.15}
.tile span{color:var(--muted);font-size:13px}
.charts{display:flex;flex-wrap:wrap;gap:20px 36px;align-items:center}
figure{margin:0}
figure.chart{display:flex;align-items:center;gap:26px}
figure.wide{display:block;margin:4px 0 14px}
svg.ring{width:190px;height:190px;flex:none}
svg.bars{width:100%;max-width:660px;height:auto}
.ring-big{font-size:26px;font-weight:700;fill:var(--ink)}
.ring-small{font-size:9px;fill:var(--muted)}
.bar-label,.bar-total{font-size:13px;fill:var(--ink)}
.bar-count{font-size:12px;font-weight:600;fill:#fff}
.bar-count.dark{fill:var(--ink)}
.legend{list-style:none;margin:0;padding:0;font-size:14px}
.legend li{margin:5px 0}
.sw{display:inline-block;width:12px;height:12px;border-radius:2px;margin-right:8px;vertical-align:-1px}
.todo{flex:1 1 340px;background:#fff7e0;border:1px solid #efd27e;border-radius:4px;padding:2px 18px 8px}
.todo.calm{background:var(--band);border-color:var(--line)}
.todo h2{border:0;margin:12px 0 4px;padding:0}
.todo p{margin:4px 0 8px}
.todo ul{margin:0 0 6px;padding-left:20px}
table{border-collapse:collapse;width:100%;font-size:.93em;margin:4px 0 10px}
th{text-align:left;background:var(--band);border-bottom:2px solid var(--line);padding:6px 8px;font-weight:600;vertical-align:bottom}
td{border-bottom:1px solid var(--line);padding:5px 8px;vertical-align:top}
tbody tr:nth-child(even) td{background:#fafbfc}
.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
th.num{white-space:normal}
table.machines,table.files{table-layout:fixed}
table.machines th:nth-child(1){width:21%}
table.machines th:nth-child(2){width:7%}
table.machines th:nth-child(3){width:8%}
table.machines th:nth-child(4){width:13%}
table.machines th:nth-child(5){width:10%}
table.machines th:nth-child(6){width:8%}
table.files th:nth-child(1){width:19%}
table.files th:nth-child(2){width:13%}
table.files th:nth-child(3){width:10%}
table.files th:nth-child(4){width:14%}
table.files th:nth-child(5){width:9%}
table.files th:nth-child(6){width:12%}
.t{font-family:Consolas,"DejaVu Sans Mono",monospace;font-size:.95em;overflow-wrap:anywhere}
.nw{white-space:nowrap}
.small{font-size:11.5px}
.reason{color:#33404e;overflow-wrap:break-word}
.reason a{color:inherit;text-decoration:none;border-bottom:1px dotted #8a97a6}
.bad{color:#a93226;font-weight:600}
.err{color:#a93226;margin:2px 0 6px}
.pill{display:inline-block;padding:1px 9px;border-radius:10px;color:#fff;font-size:12px;font-weight:600;white-space:nowrap}
.pill.g-not-installed{color:var(--ink)}
.pill.g-changed{background:#3d6fa8}
.ev{margin:0 0 18px;break-inside:avoid}
.ev p{margin:0 0 4px;font-size:13px}
footer{margin-top:26px;padding-top:8px;border-top:1px solid var(--line);color:var(--muted);font-size:12px}
@page{margin:14mm 12mm}
@media print{
html{background:#fff}
body{font-size:10pt}
main{max-width:none;margin:0;padding:0;box-shadow:none;border-radius:0}
section.page{break-before:page}
h2,h3{break-after:avoid}
tr,.tile,.ev,figure,.todo{break-inside:avoid}
thead{display:table-header-group}
.reason a{border:0}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}
}
)css";

} // namespace

std::string html_style()
{
  std::string css = k_base_style;
  for (const StatusGroup group : k_status_groups) {
    const std::string key(group_key(group));
    const std::string colour(group_colour(group));
    css += ".g-" + key + "{background:" + colour + "}.t-" + key + "{border-left-color:" + colour + "}";
  }
  css += ".t-needs-fix b{color:" + std::string(group_colour(StatusGroup::needs_fix)) + "}\n";
  return css;
}

} // namespace smsscan::report
