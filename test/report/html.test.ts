import { describe, expect, it } from "vitest"
import { withErrorDetail } from "../../src/report/cause.ts"
import { trendPoint } from "../../src/report/figures.ts"
import { renderIndexHtml, renderQualityHtml } from "../../src/report/html.ts"
import type { DateReport } from "../../src/report/RunReport.ts"
import { blockedRun, dateReportOf, engineFailedRun, failedRun, history, publishedRun, transactionsBlockedRun, XSS_NAME } from "./fixtures.ts"

const page = (report: DateReport, previous: ReadonlyArray<DateReport> = []) =>
  renderQualityHtml({ report, trend: [...previous, report].flatMap((r) => trendPoint(r) ?? []), unreadable: [] })

const previousDates = () => history().map((r) => dateReportOf([r]))

/** Position of a text in the page; fails the test when missing. */
const at = (text: string, within: string): number => {
  const i = within.indexOf(text)
  expect(i, `missing: ${text}`).toBeGreaterThanOrEqual(0)
  return i
}

/** The markup of one section card. */
const section = (doc: string, id: string): string => {
  const start = at(`<section class="card" id="${id}">`, doc)
  return doc.slice(start, doc.indexOf("</section>", start))
}

describe("the quality page of a blocked run", () => {
  const doc = page(dateReportOf([publishedRun({ runId: "earlier-run" }), blockedRun()]), previousDates())

  it("opens with the verdict banner, its reasons and headline counts", () => {
    const banner = doc.slice(at('<header class="banner blocked"', doc), doc.indexOf("</header>"))
    expect(at('<header class="banner', doc)).toBeLessThan(at('<section class="card"', doc))
    expect(banner).toContain(">BLOCKED<")
    expect(banner).toContain("quarantine.rate")
    expect(banner).toContain("30.00% of customers quarantined (300 of 1000), over the 5.00% limit")
    expect(banner).toContain("reconcile.bronze_silver")
    for (const kpi of ["records in", "accepted", "quarantined", "failing checks", "exit code"]) expect(banner).toContain(`<div class="k">${kpi}</div>`)
    expect(banner).toMatch(/<div class="k">records in<\/div><div class="v">1,000<\/div>/)
    expect(banner).toMatch(/<div class="k">accepted<\/div><div class="v">700<\/div>/)
    // one rate tile per table with a quarantine.rate check, the blocking one first and marked
    expect(banner).toMatch(/<div class="kpi alert" data-table="customers"><div class="k">quarantine rate · <span class="tbl">customers<\/span><\/div><div class="v">30.00%<\/div>/)
    expect(banner).toMatch(/<div class="kpi warned" data-table="transactions"><div class="k">quarantine rate · <span class="tbl">transactions<\/span><\/div><div class="v">3.33%<\/div>/)
    expect(at('data-table="customers"', banner)).toBeLessThan(at('data-table="transactions"', banner))
    expect(banner).toMatch(/<div class="k">exit code<\/div><div class="v">1<\/div>/)
    expect(banner).toContain("1.23 MB")
    expect(banner).toContain("0a1b2c3d4e5f")
    expect(banner).not.toContain("0a1b2c3d4e5f6")
    expect(banner).toContain("12.3 s")
    expect(banner).toContain("2024-05-02_060000Z_blocked")
  })

  it("lists failing checks before warnings, and warnings before passing checks", () => {
    const table = doc.slice(at('id="check-silver.customers.quarantine.rate"', doc), at('id="table-silver.transactions"', doc))
    const fail1 = at('id="check-silver.customers.quarantine.rate"', table)
    const fail2 = at('id="check-silver.customers.reconcile.bronze_silver"', table)
    const warn = at('id="check-silver.customers.schema"', table)
    const pass = at('id="check-silver.customers.date.not_in_future"', table)
    expect(Math.max(fail1, fail2)).toBeLessThan(warn)
    expect(warn).toBeLessThan(pass)
    const attention = section(doc, "attention")
    expect(at("reconcile.bronze_silver", attention)).toBeLessThan(at("email.format", attention))
    expect(attention).not.toContain("date.not_in_future")
  })

  it("shows each check's counts, its result against its levels in one phrase, and what it observed", () => {
    const row = doc.slice(at('id="check-silver.customers.quarantine.rate"', doc), doc.indexOf("</tr>", at('id="check-silver.customers.quarantine.rate"', doc)))
    expect(row).toContain("300 / 1,000")
    expect(row).toContain('<span class="badge fail">blocked</span>')
    expect(row).toContain('<td class="phrase" title="dataset check · block · severity error">blocked: 30.00% &gt; 5%</td>')
    // the levels are in the phrase, not repeated as observed values; the severity is no column of its own
    expect(row).not.toContain("warn_over")
    expect(row).not.toContain(">severity<")
    const warned = doc.slice(at('id="check-silver.transactions.quarantine.rate"', doc), doc.indexOf("</tr>", at('id="check-silver.transactions.quarantine.rate"', doc)))
    expect(warned).toContain('<span class="badge warn">warned</span>')
    expect(warned).toContain("warned: 3.33% &gt; 1% (blocks above 5%)")
    const rowCheck = doc.slice(at('id="check-silver.customers.schema"', doc), doc.indexOf("</tr>", at('id="check-silver.customers.schema"', doc)))
    expect(rowCheck).toContain("warned: 120 records quarantined (12.00%)")
    expect(doc).toContain("accepted_plus_quarantined")
    expect(doc).not.toMatch(/<span class="badge (?:pass|warn|fail)">(?:pass|warn|fail)<\/span>/)
  })

  it("opens with a table of contents linking each table's checks, with its counts", () => {
    const toc = doc.slice(at('<nav class="toc"', doc), doc.indexOf("</nav>", at('<nav class="toc"', doc)))
    expect(at('<nav class="toc"', doc)).toBeLessThan(at('id="attention"', doc))
    expect(toc).toContain('<a href="#table-bronze.customers_raw">')
    expect(toc).toContain('<a href="#table-silver.customers">')
    expect(toc).toContain('<a href="#table-silver.transactions">')
    expect(toc).toMatch(/href="#table-silver.customers">.*?<span class="badge fail">2 blocked<\/span> <span class="badge warn">3 warned<\/span> <span class="badge pass">1 passed<\/span>/)
    for (const id of ["table-bronze.customers_raw", "table-silver.customers", "table-silver.transactions"]) expect(doc).toContain(`id="${id}"`)
  })

  it("folds what passed under its count, and keeps what did not pass open", () => {
    const customers = doc.slice(at('id="table-silver.customers"', doc), at('id="table-silver.transactions"', doc))
    const folded = customers.slice(at('<details class="passed">', customers))
    expect(folded).toMatch(/^<details class="passed"><summary>1 check passed<\/summary>/)
    expect(folded).toContain('id="check-silver.customers.date.not_in_future"')
    for (const open of ["quarantine.rate", "reconcile.bronze_silver", "schema", "email.format", "amount.positive"]) {
      expect(at(`id="check-silver.customers.${open}"`, customers)).toBeLessThan(at('<details class="passed">', customers))
    }
    const bronze = doc.slice(at('id="table-bronze.customers_raw"', doc), at('id="layer-silver"', doc))
    expect(bronze).toContain("<summary>1 check passed</summary>")
    expect(at("<table", bronze)).toBeGreaterThan(at('<details class="passed">', bronze)) // no open table of passes
    expect(doc).not.toMatch(/<details class="passed" open/)
  })

  it("breaks the quarantine down by check in an SVG bar chart and a table", () => {
    const q = section(doc, "quarantine")
    expect(q).toMatch(/<svg class="chart-svg"[^>]*aria-label="Quarantined records by check"/)
    expect(q.match(/<rect [^>]*fill="#d4a72c"/g)?.length).toBe(4)
    for (const id of ["schema", "email.format", "amount.positive", "key.customer_id_unique"]) expect(q).toContain(`<code>${id}</code>`)
    expect(q).toContain("12.00%")
  })

  it("draws trends over every date, one point per date, up to this one", () => {
    const t = section(doc, "trends")
    expect(t).toContain("4 ingestion dates")
    const rate = t.slice(at('aria-label="quarantine rate trend"', t))
    // customers on every date, transactions on this one (the only run with its quarantine.rate check)
    expect(rate.slice(0, rate.indexOf("</figure>")).match(/<circle /g)?.length).toBe(5)
    expect(t).toContain(">block customers 5%<")
    expect(t).toContain(">warn customers 1%<")
    expect(t).toContain(">ingestion date<")
    for (const d of ["2024-04-29", "2024-05-01", "2024-05-02"]) expect(t).toContain(d)
  })

  it("shows sample failing rows per failing check", () => {
    const s = section(doc, "samples")
    expect(s).toContain('id="samples-silver.customers.schema"')
    expect(s).toContain("C-0003")
    expect(s).toContain("transactions[1].amount")
  })

  it("lists the earlier runs of the date", () => {
    const runs = section(doc, "runs")
    expect(runs).toContain("earlier-run")
    expect(runs).toContain('id="run-earlier-run"')
    expect(runs).toContain("2 runs of this ingestion date")
  })

  it("escapes every data value: the XSS customer is text, and there is no script at all", () => {
    expect(doc).not.toContain(XSS_NAME)
    expect(doc).toContain("&lt;img src=x onerror=alert(1)&gt;")
    expect(doc).not.toMatch(/<script/i)
    expect(doc).not.toMatch(/<img/i)
    // escapeHtml turns every `"` of the data into &quot;, so each `"` left delimits an attribute value
    expect(doc.replace(/"[^"]*"/g, '""')).not.toMatch(/<[^>]*\son[a-z]+\s*=/i)
    expect(doc).not.toMatch(/(?:src|href)="(?:https?:|\/\/|javascript:)/i)
    expect(doc).toContain(`http-equiv="Content-Security-Policy" content="default-src 'none'`)
  })
})

describe("other quality pages", () => {
  it("a published run, alone: green banner, highlights, a readable single-date trend", () => {
    const doc = page(dateReportOf([publishedRun()]))
    expect(doc).toContain('<header class="banner published"')
    expect(doc).toContain(">PUBLISHED<")
    expect(doc).toContain("Every gate passed, with 2 warnings.")
    expect(doc).toContain("Only one ingestion date so far")
    expect(section(doc, "trends").match(/<circle /g)?.length).toBe(1)
    const h = section(doc, "highlights")
    expect(h).toContain("Top customers by total spent")
    expect(h).toContain('<th class="num">total spent</th>')
    expect(h).toContain("&lt;img src=x onerror=alert(1)&gt;")
    expect(doc).not.toContain(XSS_NAME)
  })

  it("a failed run: the error, no counts it cannot know, not-run layers", () => {
    const doc = page(dateReportOf([failedRun()]))
    expect(doc).toContain(">FAILED<")
    expect(doc).toContain("InputError")
    expect(doc).toContain("data/missing.json: no such file")
    expect(doc).toMatch(/<div class="k">accepted<\/div><div class="v">—<\/div>/)
    expect(doc).toContain("The run did not reach silver")
    expect(doc).toContain("Not run: an earlier layer was blocked or the run failed")
  })
})

describe("the index page", () => {
  it("lists every date, newest first, and every run with its verdict and links", () => {
    const reports = [...previousDates(), dateReportOf([failedRun({ runId: "r-failed" }), blockedRun({ runId: "r-blocked" })])]
    const doc = renderIndexHtml(reports, [{ path: "reports/2024-04-01/quality.json", message: "not a report <b>" }])
    expect(at('href="2024-05-02/quality.html"', doc)).toBeLessThan(at('href="2024-04-29/quality.html"', doc))
    expect(doc).toContain('href="2024-05-02/junit.xml"')
    expect(doc).toContain('href="2024-05-02/quality.json"')
    expect(doc).toContain('href="2024-05-02/quality.html#run-r-failed"')
    expect(doc).toContain("r-blocked")
    expect(doc).toContain("5 runs")
    expect(doc.match(/class="badge blocked"/g)?.length).toBeGreaterThanOrEqual(2)
    expect(doc).toContain("not a report &lt;b&gt;")
    expect(doc).not.toMatch(/<script/i)
  })

  it("shows the history of each table and check across dates, each cell linked to that date's report", () => {
    const reports = [...previousDates(), dateReportOf([transactionsBlockedRun()])]
    const h = section(renderIndexHtml(reports), "history")
    expect(h).toContain("last 4 ingestion dates")
    // dates oldest on the left
    expect(at(">2024-04-29</a></th>", h)).toBeLessThan(at(">2024-05-02</a></th>", h))
    const row = (label: string) => {
      const start = at(label, h)
      return h.slice(start, h.indexOf("</tr>", start))
    }
    const rate = row('<th class="row"><span class="mono">silver.transactions</span> <code>quarantine.rate</code></th>')
    expect(rate.match(/<td class="num nil">—<\/td>/g)?.length).toBe(3)
    expect(rate).toContain('<td class="num cell fail" data-date="2024-05-02"><a href="2024-05-02/quality.html#check-silver.transactions.quarantine.rate" title="silver.transactions quarantine.rate on 2024-05-02: blocked: 5.63% &gt; 5%">169<span class="vh"> blocked</span></a></td>')
    const schema = row('<th class="row"><span class="mono">silver.customers</span> <code>schema</code></th>')
    expect([...schema.matchAll(/<td class="num cell (\w+)" data-date="([\d-]+)">.*?>(\d+)<span/g)].map((m) => [m[2], m[1], m[3]])).toEqual([
      ["2024-04-29", "warn", "5"],
      ["2024-04-30", "warn", "5"],
      ["2024-05-01", "warn", "5"],
      ["2024-05-02", "warn", "10"]
    ])
    // checks that did not always pass come first
    expect(at("<code>quarantine.rate</code>", h)).toBeLessThan(at("<code>reconcile.bronze_silver</code>", h))
    const table = row('<th class="row mono">silver.transactions</th>')
    expect(table).toContain('href="2024-05-02/quality.html#table-silver.transactions"')
    expect(table).toContain("3,000<br><span class=\"sub\">5.63%</span>")
    expect(table).toContain("2,700<br><span class=\"sub\">0.74%</span>")
  })

  it("says so when there is nothing yet", () => {
    expect(renderIndexHtml([])).toContain("No reports yet")
  })
})

describe("anchors", () => {
  it("stay unique when a check is reported twice on the same table", () => {
    const run = blockedRun()
    const twice = { ...run, checks: [...run.checks, { ...run.checks[0]!, message: "second lineage result" }] }
    const doc = page(dateReportOf([twice]))
    const ids = [...doc.matchAll(/ id="([^"]+)"/g)].map((m) => m[1])
    expect(new Set(ids).size).toBe(ids.length)
    expect(doc).toContain('id="check-bronze.customers_raw.bronze.lineage.2"')
  })
})

describe("the headline of a run blocked by its second table", () => {
  const doc = page(dateReportOf([transactionsBlockedRun()]), previousDates())
  const banner = doc.slice(at('<header class="banner blocked"', doc), doc.indexOf("</header>"))

  it("leads with the rate of the table whose check blocked, then the others", () => {
    const tiles = [...banner.matchAll(/<div class="kpi[^"]*" data-table="([^"]+)"><div class="k">[^]*?<div class="v">([^<]+)<\/div>/g)].map((m) => [m[1], m[2]])
    expect(tiles).toEqual([
      ["transactions", "5.63%"],
      ["customers", "0.99%"]
    ])
    expect(banner).toContain('<div class="kpi alert" data-table="transactions">')
    expect(banner).toContain('<div class="kpi" data-table="customers">')
    expect(banner).toContain('<div class="lim" title="blocked: 5.63% &gt; 5%">warn &gt;1%<br>block &gt;5%</div>')
    expect(banner).toContain('<div class="lim" title="passed: 0.99% (warns above 1%, blocks above 5%)">warn &gt;1%<br>block &gt;5%</div>')
  })

  it("draws the blocking table's rate with its warn and block lines in the trend", () => {
    const t = section(doc, "trends")
    const rate = t.slice(at('aria-label="quarantine rate trend"', t))
    const chart = rate.slice(0, rate.indexOf("</figure>"))
    expect(chart).toContain(">block transactions 5%<")
    expect(chart).toContain(">warn transactions 1%<")
    expect(chart).toContain("2024-05-02 · transactions: 5.63%")
    expect(chart).toContain("2024-05-02 · customers: 0.99%")
    expect(at(">transactions</text>", chart)).toBeLessThan(at(">customers</text>", chart))
  })

  it("keeps the quarantine breakdown on the records' table, and shows the deciding rate in the runs table", () => {
    expect(section(doc, "quarantine")).toContain("<strong>10</strong> of 1,010 records quarantined (0.99%)")
    expect(section(doc, "runs")).toContain('<td class="num" data-label="rate of transactions">5.63%</td>')
  })
})

describe("a run the engine failed", () => {
  // as writeReports records it: the cause line as the message, the full text as error.detail
  const doc = page(dateReportOf([withErrorDetail(engineFailedRun())]))
  const banner = doc.slice(at('<header class="banner failed"', doc), doc.indexOf("</header>"))

  it("shows one short line of the cause in the banner, never the raw record, paths or options", () => {
    const cause = banner.slice(at('<li class="cause">', banner), banner.indexOf("</li>", at('<li class="cause">', banner)))
    expect(cause).toContain("<strong>DuckError</strong>: Invalid Input Error: JSON transform error in file &quot;…/part-0.json&quot;, in record/value 42")
    expect(cause).toContain("<code>error.detail</code>")
    expect(cause.replace(/<[^>]+>/g, "").length).toBeLessThan(300)
    for (const leak of ["ann.lee@example.com", "C-0042", "reader option", "lakegate-stage-91f", "newline_delimited"]) expect(doc).not.toContain(leak)
    expect(banner.length).toBeLessThan(5000)
  })
})

describe("a failed run's report written before error.detail existed", () => {
  it("still shows one line, and points at error.message for the full text", () => {
    const run = engineFailedRun()
    const doc = page(dateReportOf([run]))
    expect(run.error?.detail).toBeUndefined()
    expect(doc).toContain("<code>error.message</code>")
    expect(doc).not.toContain("ann.lee@example.com")
  })
})
