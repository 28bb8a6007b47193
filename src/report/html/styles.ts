/** The stylesheet of the report pages: a constant of the program, inlined in each page. */
export const styles = `
:root{--ink:#1f2328;--muted:#59636e;--line:#d1d9e0;--bg:#f6f8fa;--card:#fff;
--pass:#1a7f37;--pass-bg:#dafbe1;--warn:#8a5a00;--warn-bg:#fff3c4;--fail:#cf222e;--fail-bg:#ffebe9;
--error:#8250df;--error-bg:#fbefff;--idle:#59636e;--idle-bg:#eaeef2;--link:#0969da}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--ink);background:var(--bg)}
main{max-width:1240px;margin:0 auto;padding:16px 24px 40px}
a{color:var(--link);text-decoration:none}a:hover{text-decoration:underline}
code,.mono{font-family:ui-monospace,SFMono-Regular,"SF Mono",Menlo,Consolas,"Liberation Mono",monospace;font-size:12.5px}
.crumbs{display:flex;justify-content:space-between;gap:12px;flex-wrap:wrap;color:var(--muted);font-size:13px;margin:0 0 10px}
.crumbs nav a{margin-left:14px}
.banner{border-radius:14px;padding:20px 24px 18px;color:#fff;box-shadow:0 1px 3px rgba(31,35,40,.12)}
.banner.published{background:linear-gradient(135deg,#116329,#2da44e)}
.banner.blocked{background:linear-gradient(135deg,#8c0f1f,#d1242f)}
.banner.failed{background:linear-gradient(135deg,#3e1f79,#8250df)}
.banner a{color:#fff;text-decoration:underline}
.banner-top{display:flex;justify-content:space-between;align-items:flex-start;gap:16px;flex-wrap:wrap}
.eyebrow{font-size:13px;opacity:.9;letter-spacing:.02em}
.verdict{font-size:38px;line-height:1.1;font-weight:800;letter-spacing:.05em;margin:2px 0 4px}
.sub{font-size:15px;opacity:.95}
.runmeta{font-size:12.5px;text-align:right;opacity:.92;line-height:1.6}
.runmeta .mono{font-size:12px}
.pipeline{display:flex;gap:6px;align-items:center;flex-wrap:wrap;margin:14px 0 0}
.pipeline .step{background:rgba(255,255,255,.16);border-radius:999px;padding:2px 12px;font-size:13px;font-weight:600}
.pipeline .step.blocked{background:#fff;color:#a40e26}
.pipeline .step.not_run{opacity:.65}
.pipeline .arrow{opacity:.7}
.reasons{list-style:none;margin:14px 0 0;padding:10px 14px;background:rgba(0,0,0,.16);border-radius:10px}
.reasons li{margin:2px 0}
.reasons code{font-size:12.5px;background:rgba(255,255,255,.18);padding:0 5px;border-radius:4px}
.kpis{display:grid;grid-template-columns:repeat(auto-fit,minmax(128px,1fr));gap:10px;margin:16px 0 10px}
.kpi{background:rgba(255,255,255,.15);border-radius:10px;padding:8px 12px}
.kpi .k{font-size:11px;text-transform:uppercase;letter-spacing:.04em;opacity:.88;overflow-wrap:anywhere}
.kpi .v{font-size:22px;font-weight:700;font-variant-numeric:tabular-nums;white-space:nowrap}
.kpi.alert{background:#fff;color:var(--ink)}
.kpi.alert .v{color:#a40e26}
.input{font-size:13px;opacity:.95;overflow-wrap:anywhere}
.kpi.warned{background:#fff3c4;color:var(--ink)}
.kpi.warned .v{color:var(--warn)}
.kpi .lim{font-size:11.5px;line-height:1.3;opacity:.92;margin-top:2px}
.reasons li{overflow-wrap:anywhere}
.reasons .more{opacity:.85;font-size:12.5px}
.toc{background:var(--card);border:1px solid var(--line);border-radius:12px;padding:10px 16px;margin:18px 0 0;display:flex;gap:6px 14px;align-items:baseline;flex-wrap:wrap}
.toc-title{font-weight:600;font-size:13px;color:var(--muted)}
.toc ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:6px 16px}
.toc li{display:flex;flex-wrap:wrap;gap:4px;align-items:baseline}
.toc li .badge{margin-left:2px}
.phrase{font-size:13px;min-width:170px;max-width:300px}
tr.warn .phrase{color:var(--warn);font-weight:600}
tr.fail .phrase,tr.error .phrase{color:var(--fail);font-weight:600}
details.passed{margin:4px 0 0}
details.passed>summary{color:var(--pass);font-weight:600;font-size:13.5px;padding:4px 0}
.table-checks{scroll-margin-top:8px}
.card{background:var(--card);border:1px solid var(--line);border-radius:12px;padding:16px 20px;margin:18px 0}
.card>h2{font-size:18px;margin:0 0 10px;display:flex;align-items:center;gap:10px;flex-wrap:wrap}
.card h3{font-size:15px;margin:18px 0 8px;display:flex;align-items:center;gap:8px;flex-wrap:wrap}
.card h3 .meta{font-weight:400;color:var(--muted);font-size:13px}
.note{color:var(--muted);font-size:13px;margin:4px 0 10px}
.ok{color:var(--pass);font-weight:600}
.scroll{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:13.5px}
th,td{text-align:left;padding:6px 8px;border-bottom:1px solid var(--line);vertical-align:top}
th{font-size:11.5px;color:var(--muted);text-transform:uppercase;letter-spacing:.05em;background:#f6f8fa;font-weight:600;white-space:nowrap}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
tbody tr:hover{background:#f6f8fa}
tr.pass td{color:var(--muted)}
tr.fail td:first-child,tr.error td:first-child{box-shadow:inset 3px 0 var(--fail)}
tr.error td:first-child{box-shadow:inset 3px 0 var(--error)}
tr.warn td:first-child{box-shadow:inset 3px 0 #d4a72c}
tr.latest td{background:#f1f8ff}
.desc{color:var(--muted);font-size:12.5px;max-width:360px;min-width:170px}
.msg{max-width:320px;min-width:140px;overflow-wrap:anywhere}
.val{max-width:320px;overflow-wrap:anywhere;white-space:pre-wrap}
.obs{margin:0;padding:0;list-style:none}
.obs li{overflow-wrap:anywhere;margin:0 0 2px}
td.observed{max-width:300px;min-width:150px}
.obs .ok-key{color:var(--muted)}
.badge{display:inline-block;padding:1px 9px;border-radius:999px;font-size:11.5px;font-weight:700;letter-spacing:.03em;text-transform:uppercase;white-space:nowrap;border:1px solid transparent}
.badge.pass,.badge.published{color:var(--pass);background:var(--pass-bg);border-color:#aceebb}
.badge.warn{color:var(--warn);background:var(--warn-bg);border-color:#f0d77a}
.badge.fail,.badge.blocked{color:var(--fail);background:var(--fail-bg);border-color:#ffcecb}
.badge.error,.badge.failed{color:var(--error);background:var(--error-bg);border-color:#e6d3ff}
.badge.not_run{color:var(--idle);background:var(--idle-bg);border-color:#d1d9e0}
.sev{font-size:12.5px;white-space:nowrap}.sev .kind{color:var(--muted)}
.layer-reasons{margin:0 0 8px;padding:8px 12px;background:var(--fail-bg);border-radius:8px;list-style:none;color:#82071e}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(320px,1fr));gap:14px}
figure{margin:0}
figure.chart{border:1px solid var(--line);border-radius:10px;padding:10px 10px 4px}
figure.chart figcaption{font-weight:600;font-size:13.5px;margin:0 4px 2px}
.chart-svg{display:block;width:100%;height:auto}
.bar-chart{max-width:640px}
.split{display:grid;grid-template-columns:minmax(0,1.1fr) minmax(0,1fr);gap:20px;align-items:start}
@media (max-width:900px){.split{grid-template-columns:minmax(0,1fr)}}
td.nowrap,span.nowrap{white-space:nowrap}
.nil{color:var(--muted);font-style:italic}
.exit{color:var(--muted);font-size:12px}
.runs tr.reasons-row td{border-top:0;padding-top:0;color:#82071e;font-size:12.5px;max-width:none}
.runs tr:has(+ tr.reasons-row) td{border-bottom:0}
.chart-svg text{font:11px system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;fill:#59636e}
.chart-svg .label{fill:#1f2328;font-size:12px}
.chart-svg .value,.chart-svg .point{fill:#1f2328;font-weight:600}
.chart-svg .current{fill:#1f2328;font-weight:700}
.chart-svg .axis-title{font-size:11px;fill:#59636e}
.chart-svg .legend{fill:#1f2328}
.chart-svg .ref{font-size:10.5px;font-weight:600}
.chart-svg .empty{font-size:13px}
.grid2{display:grid;grid-template-columns:repeat(auto-fit,minmax(360px,1fr));gap:16px;align-items:start}
.highlight h3{margin-top:4px}
details summary{cursor:pointer;color:var(--muted);margin:6px 0}
details.samples{border-top:1px solid var(--line);padding:4px 0}
details.samples>summary{color:var(--ink);font-size:14.5px;font-weight:600;padding:6px 0}
details.samples>summary .meta{font-weight:400;color:var(--muted);font-size:13px}
details.samples[open]>summary{margin-bottom:6px}
h1.index-title{font-size:26px;margin:4px 0 2px}
th.date-head{background:#eef1f4;color:var(--ink);font-size:14px;text-transform:none;letter-spacing:0;padding:8px}
th.date-head .meta{font-weight:400;margin-left:10px;font-size:12.5px}
footer{color:var(--muted);font-size:12.5px;margin:24px 0 0;line-height:1.7}
footer code{font-size:12px}
.runs td,.runs th{padding:6px 6px}
table.history{width:auto;min-width:100%}
.history th.row{text-transform:none;letter-spacing:0;font-size:12.5px;color:var(--ink);background:#fff;font-weight:400;white-space:nowrap;position:sticky;left:0}
.history td.cell{padding:0;text-align:right;position:relative}.history td.cell a{display:block;padding:5px 8px;color:var(--ink)}
.history td.cell.pass a{color:var(--muted)}.history td.cell.warn{background:var(--warn-bg)}.history td.cell.warn a{color:var(--warn);font-weight:700}
.history td.cell.fail,.history td.cell.error{background:var(--fail-bg)}.history td.cell.fail a,.history td.cell.error a{color:var(--fail);font-weight:700}
.history .sub{font-size:11.5px;color:var(--muted);font-weight:400}.history td.nil{color:var(--muted)}
details.profile>summary{color:var(--ink);font-size:13.5px;font-weight:600;padding:4px 0}
.profile ul.top{list-style:none;margin:0;padding:0}.profile .sub{color:var(--muted);font-size:11.5px}.profile td.num{white-space:nowrap}
details.column-history{border-top:1px solid var(--line)}details.column-history>summary{color:var(--ink);font-size:13.5px;padding:5px 0}
h3.column-history-title{margin:18px 0 2px;font-size:15px}
.vh{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.runs td.runid{white-space:normal;overflow-wrap:anywhere;min-width:120px;max-width:240px}
@media (max-width:640px){main{padding:12px 10px 28px}.banner{padding:14px}.runmeta{text-align:left}.verdict{font-size:30px}.card{padding:12px}
.kpis{grid-template-columns:repeat(2,minmax(0,1fr))}.kpi .v{font-size:19px}.desc,.msg,.phrase{min-width:0}.charts{grid-template-columns:minmax(0,1fr)}
.grid2{grid-template-columns:minmax(0,1fr)}.crumbs nav a{margin:0 14px 0 0}
table.stack thead{display:none}table.stack,table.stack tbody,table.stack tr,table.stack td{display:block;width:auto}
table.stack tr{border-bottom:1px solid var(--line);padding:6px 0}table.stack td{border:0;padding:2px 6px;max-width:none;text-align:left}
table.stack td.num{text-align:left}table.stack td.none{display:none}table.stack td[data-label]::before{content:attr(data-label) " ";color:var(--muted);font-size:11.5px}
table.runs.stack td{display:inline-block;vertical-align:baseline}table.runs.stack td.runid,table.runs.stack td.msg,table.runs.stack th{display:block;white-space:normal}
table.runs.stack tr.reasons-row{padding-top:0}}
@media print{body{background:#fff;font-size:12px}main{max-width:none;padding:0}
.banner{-webkit-print-color-adjust:exact;print-color-adjust:exact;box-shadow:none}
.card,.toc{border-color:#bbb;break-inside:auto}.card>h2,h3{break-after:avoid}tr{break-inside:avoid}
.scroll{overflow:visible}table{font-size:11px}.desc,.msg,.phrase,.observed,.val,td.observed{min-width:0;max-width:none}
th,td,td.num,th.num,.nowrap,td.nowrap,span.nowrap{white-space:normal;overflow-wrap:anywhere}code,.mono{overflow-wrap:anywhere}
details::details-content{content-visibility:visible;display:block}details>summary{list-style:none}
a{color:inherit}}
`
