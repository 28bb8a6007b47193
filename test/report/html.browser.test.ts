/**
 * Open a blocked run's report in headless Chromium over file://: the verdict,
 * a failing check and the trend chart are visible, the XSS customer is shown
 * as text, nothing executes, and junit.xml parses with the browser's DOMParser
 * with the right counts. Then each state of a report (published, warned,
 * blocked, failed): what passed folded and opening on a click, the threshold
 * wording, the blocking headline, the failed run's one-line cause, no
 * horizontal overflow at 1280 and 390 px wide nor in print; a screenshot of
 * each state's first screen in `test-artifacts/screenshots/<state>.png`.
 */
import { existsSync } from "node:fs"
import { mkdir, readFile, rm, stat } from "node:fs/promises"
import { join, resolve } from "node:path"
import { pathToFileURL } from "node:url"
import { chromium, type Browser, type Page } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { writeReports } from "../../src/report/writeReports.ts"
import type { RunReport } from "../../src/report/RunReport.ts"
import { blockedRun, engineFailedRun, history, publishedRun, RAW_RECORD, transactionsBlockedRun, warnedRun, withProfiles, XSS_NAME } from "./fixtures.ts"
import { runReport, tempDir } from "./support.ts"

const CHROMIUM = "/usr/bin/chromium"
const SCREENSHOTS = resolve("test-artifacts/screenshots")
const LAUNCH = {
  executablePath: CHROMIUM,
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"]
}

describe("the blocked report in a browser", () => {
  it("has Debian's Chromium to drive (apt-get install chromium; .ci/run installs it)", () => {
    expect(existsSync(CHROMIUM)).toBe(true)
  })

  let browser: Browser
  let page: Page
  let dir = ""
  const dialogs: Array<string> = []
  const requests: Array<string> = []
  const pageErrors: Array<string> = []

  beforeAll(async () => {
    dir = await tempDir("lakegate-browser-")
    for (const run of history()) await runReport(writeReports(run, dir))
    await runReport(writeReports(publishedRun({ runId: "2024-05-02_055500Z_first" }), dir))
    await runReport(writeReports(blockedRun(), dir))
    browser = await chromium.launch(LAUNCH)
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
    page.on("dialog", (dialog) => {
      dialogs.push(dialog.message())
      void dialog.dismiss()
    })
    page.on("request", (request) => requests.push(request.url()))
    page.on("pageerror", (error) => pageErrors.push(error.message))
    await page.goto(pathToFileURL(join(dir, "2024-05-02", "quality.html")).href)
  })

  afterAll(async () => {
    await browser?.close()
    await rm(dir, { recursive: true, force: true })
  })

  it("shows the verdict banner first, with its headline counts", async () => {
    const banner = page.locator("header.banner")
    expect(await banner.locator(".verdict").textContent()).toBe("BLOCKED")
    expect(await banner.isVisible()).toBe(true)
    expect(await banner.locator('.kpi[data-table="customers"]').locator(".v").textContent()).toBe("30.00%")
    const firstBlock = await page.evaluate(() => document.querySelector("main > :not(.crumbs)")?.className)
    expect(firstBlock).toBe("banner blocked")
  })

  it("shows a failing check with its count", async () => {
    const row = page.locator("#check-silver\\.customers\\.quarantine\\.rate")
    expect(await row.isVisible()).toBe(true)
    expect(await row.locator(".badge").textContent()).toBe("blocked")
    expect(await row.textContent()).toContain("300 / 1,000")
    expect(await row.locator(".phrase").textContent()).toBe("blocked: 30.00% > 5%")
    const attention = page.locator("#attention tbody tr").first()
    expect(await attention.locator(".badge").textContent()).toBe("blocked")
  })

  it("shows the quarantine chart and the trend charts", async () => {
    expect(await page.getByRole("img", { name: "Quarantined records by check" }).isVisible()).toBe(true)
    const trend = page.getByRole("img", { name: "Quarantine rate per ingestion date" })
    await trend.scrollIntoViewIfNeeded()
    expect(await trend.isVisible()).toBe(true)
    const box = await trend.boundingBox()
    expect(box?.width).toBeGreaterThan(250)
    expect(await trend.locator("circle").count()).toBe(5) // customers on 4 dates, transactions on this one
    expect(await page.getByRole("img", { name: "Volumes per ingestion date" }).isVisible()).toBe(true)
  })

  it("shows the XSS customer as text, and nothing ran", async () => {
    const cell = page.locator("#samples td", { hasText: XSS_NAME }).first()
    expect(await cell.isVisible()).toBe(true)
    expect(await cell.textContent()).toBe(XSS_NAME)
    const dom = await page.evaluate(() => ({ scripts: document.scripts.length, images: document.images.length, handlers: document.querySelectorAll("[onerror],[onload],[onclick]").length }))
    expect(dom).toEqual({ scripts: 0, images: 0, handlers: 0 })
    expect(dialogs).toEqual([])
    expect(pageErrors).toEqual([])
    expect(requests.every((url) => url.startsWith("file://"))).toBe(true)
  })

  it("parses junit.xml with DOMParser: structure and counts", async () => {
    const xml = await readFile(join(dir, "2024-05-02", "junit.xml"), "utf8")
    const result = await page.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, "application/xml")
      const parseError = doc.getElementsByTagName("parsererror").length > 0
      const root = doc.documentElement
      const count = (el: Element, tag: string) => Array.from(el.querySelectorAll(":scope > testcase")).filter((c) => c.querySelector(`:scope > ${tag}`) !== null).length
      const attrs = (el: Element) => ({
        tests: Number(el.getAttribute("tests")),
        failures: Number(el.getAttribute("failures")),
        errors: Number(el.getAttribute("errors")),
        skipped: Number(el.getAttribute("skipped"))
      })
      const suites = Array.from(root.querySelectorAll(":scope > testsuite")).map((s) => ({
        name: s.getAttribute("name"),
        claimed: attrs(s),
        actual: { tests: s.querySelectorAll(":scope > testcase").length, failures: count(s, "failure"), errors: count(s, "error"), skipped: count(s, "skipped") }
      }))
      const failure = root.querySelector('testcase[classname="silver.customers"][name="quarantine.rate"] > failure')
      const warning = root.querySelector('testcase[classname="silver.customers"][name="schema"] > system-out')
      return { parseError, root: root.nodeName, total: attrs(root), suites, failureMessage: failure?.getAttribute("message") ?? null, warning: warning?.textContent ?? null }
    }, xml)
    expect(result.parseError).toBe(false)
    expect(result.root).toBe("testsuites")
    expect(result.suites.map((s) => s.name)).toEqual(["bronze", "silver", "gold"])
    for (const s of result.suites) expect(s.claimed).toEqual(s.actual)
    const sum = (k: "tests" | "failures" | "errors" | "skipped") => result.suites.reduce((n, s) => n + s.actual[k], 0)
    expect(result.total).toEqual({ tests: sum("tests"), failures: sum("failures"), errors: sum("errors"), skipped: sum("skipped") })
    expect(result.total).toEqual({ tests: 9, failures: 2, errors: 0, skipped: 1 })
    expect(result.failureMessage).toBe("30.00% of customers quarantined (300 of 1000), over the 5.00% limit")
    expect(result.warning).toContain(XSS_NAME)
  })

  it("the index links to the date's report", async () => {
    await page.goto(pathToFileURL(join(dir, "index.html")).href)
    await page.getByRole("link", { name: "2024-05-02", exact: true }).first().click()
    await page.waitForURL(/2024-05-02\/quality\.html$/)
    expect(await page.locator("header.banner .verdict").textContent()).toBe("BLOCKED")
    expect(dialogs).toEqual([])
  })
})

/** The states of a report, each written after the same earlier dates; each table of silver and gold with a column profile. */
const STATES: ReadonlyArray<readonly [string, () => RunReport]> = [
  ["published", () => withProfiles(publishedRun())],
  ["warned", () => withProfiles(warnedRun())],
  ["blocked", () => withProfiles(transactionsBlockedRun())],
  ["failed", () => engineFailedRun()]
]

describe("each state of the report in a browser", () => {
  let browser: Browser
  let dir = ""
  const pageErrors: Array<string> = []

  beforeAll(async () => {
    dir = await tempDir("lakegate-states-")
    for (const [state, run] of STATES) {
      const root = join(dir, state)
      for (const earlier of history()) await runReport(writeReports(withProfiles(earlier), root))
      await runReport(writeReports(run(), root))
    }
    browser = await chromium.launch(LAUNCH)
    await mkdir(SCREENSHOTS, { recursive: true })
  })

  afterAll(async () => {
    await browser?.close()
    await rm(dir, { recursive: true, force: true })
  })

  const open = async (state: string, width = 1280, height = 800): Promise<Page> => {
    const page = await browser.newPage({ viewport: { width, height } })
    page.on("pageerror", (error) => pageErrors.push(error.message))
    await page.goto(pathToFileURL(join(dir, state, "2024-05-02", "quality.html")).href)
    return page
  }

  const overflow = (page: Page) => page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth }))

  it.each(STATES.map(([state]) => state))("%s: no horizontal overflow at 1280 and 390 px, index included; a screenshot of the first screen", async (state) => {
    for (const width of [1280, 390]) {
      const page = await open(state, width)
      const o = await overflow(page)
      expect(o.scrollWidth, `${state} at ${width} px`).toBeLessThanOrEqual(o.innerWidth)
      // the runs table is whole: nothing of it is scrolled out of sight
      const runs = await page.evaluate(() => Array.from(document.querySelectorAll("#runs .scroll")).map((e) => e.scrollWidth - e.clientWidth))
      expect(runs.every((d) => d <= 1), `${state} runs table at ${width} px`).toBe(true)
      if (width === 1280) {
        await page.screenshot({ path: join(SCREENSHOTS, `${state}.png`) })
        expect((await stat(join(SCREENSHOTS, `${state}.png`))).size).toBeGreaterThan(10_000)
      }
      await page.goto(pathToFileURL(join(dir, state, "index.html")).href)
      const i = await overflow(page)
      expect(i.scrollWidth, `${state} index at ${width} px`).toBeLessThanOrEqual(i.innerWidth)
      await page.close()
    }
    expect(pageErrors).toEqual([])
  })

  it("folds what passed: closed, its count in the summary, open on a click; what did not pass is open", async () => {
    const page = await open("blocked")
    const customers = page.locator("#table-silver\\.customers")
    const folded = customers.locator("details.passed")
    expect(await folded.locator("summary").textContent()).toBe("5 checks passed")
    expect(await folded.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false)
    const passedRow = page.locator("#check-silver\\.customers\\.email\\.format")
    expect(await passedRow.isVisible()).toBe(false)
    const warnedRow = page.locator("#check-silver\\.customers\\.schema")
    expect(await warnedRow.isVisible()).toBe(true)
    await folded.locator("summary").click()
    expect(await folded.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(true)
    expect(await passedRow.isVisible()).toBe(true)
    expect(await passedRow.locator(".badge").textContent()).toBe("passed")
    await folded.locator("summary").click()
    expect(await passedRow.isVisible()).toBe(false)
    // every details of passed checks starts closed
    expect(await page.locator("details.passed[open]").count()).toBe(0)
    expect(await page.locator("details.passed").count()).toBe(3)
    await page.close()
  })

  it("reaches any table's checks from the contents at the top", async () => {
    const page = await open("blocked")
    const toc = page.getByRole("navigation", { name: "checks by table" })
    expect(await toc.isVisible()).toBe(true)
    await toc.getByRole("link", { name: "silver.transactions" }).click()
    await page.waitForURL(/#table-silver\.transactions$/)
    const heading = page.locator("#table-silver\\.transactions h3")
    const box = await heading.boundingBox()
    expect(box).not.toBeNull()
    expect(box!.y).toBeGreaterThanOrEqual(0)
    expect(box!.y).toBeLessThan(200)
    await page.close()
  })

  it("words each result as its status against its levels", async () => {
    const warned = await open("warned")
    expect(await warned.locator("#check-silver\\.customers\\.quarantine\\.rate .phrase").textContent()).toBe("warned: 1.70% > 1% (blocks above 5%)")
    expect(await warned.locator("#check-silver\\.customers\\.quarantine\\.rate .badge").textContent()).toBe("warned")
    expect(await warned.locator("#check-silver\\.customers\\.quarantine\\.rate .desc").textContent()).toBe("description of quarantine.rate")
    await warned.close()
    const blocked = await open("blocked")
    expect(await blocked.locator("#check-silver\\.transactions\\.quarantine\\.rate .phrase").textContent()).toBe("blocked: 5.63% > 5%")
    await blocked.locator("#table-silver\\.customers details.passed summary").click()
    expect(await blocked.locator("#check-silver\\.customers\\.key\\.unique .phrase").textContent()).toBe("passed: 0 rows (blocks at 1 row)")
    expect(await blocked.locator("#check-silver\\.customers\\.rows\\.min .phrase").textContent()).toBe("passed: 0 rows (warns at 1 row, never blocks)")
    await blocked.close()
  })

  it("headlines the rate of the table whose check blocked, on the first screen and in the trend", async () => {
    const page = await open("blocked")
    const tiles = page.locator("header.banner .kpi[data-table]")
    expect(await tiles.evaluateAll((els) => els.map((e) => [e.getAttribute("data-table"), e.querySelector(".v")?.textContent, e.classList.contains("alert")]))).toEqual([
      ["transactions", "5.63%", true],
      ["customers", "0.99%", false]
    ])
    const lead = await tiles.first().boundingBox()
    expect(lead).not.toBeNull()
    expect(lead!.y + lead!.height).toBeLessThanOrEqual(800)
    const trend = page.getByRole("img", { name: "Quarantine rate per ingestion date" })
    expect(await trend.locator("text.ref").allTextContents()).toEqual(["warn transactions 1%", "block transactions 5%"])
    expect(await trend.locator("circle title").allTextContents()).toContain("2024-05-02 · transactions: 5.63%")
    await page.close()
  })

  it("a failed run's banner shows the cause in one line, never the raw record", async () => {
    const page = await open("failed")
    const cause = page.locator("header.banner li.cause")
    expect(await cause.isVisible()).toBe(true)
    const text = (await cause.textContent()) ?? ""
    expect(text).toMatch(/^DuckError: Invalid Input Error: JSON transform error in file "…\/part-0\.json"/)
    expect(text).toContain("full text in quality.json")
    const body = (await page.locator("body").textContent()) ?? ""
    for (const leak of [RAW_RECORD, "ann.lee@example.com", "reader option"]) expect(body).not.toContain(leak)
    const box = await cause.boundingBox()
    expect(box!.height).toBeLessThan(80)
    const banner = await page.locator("header.banner").boundingBox()
    expect(banner!.height).toBeLessThan(500)
    await page.close()
  })

  it("the index's history opens any date at a check, even a passed one folded away", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    await page.goto(pathToFileURL(join(dir, "blocked", "index.html")).href)
    const history = page.locator("#history")
    expect(await history.isVisible()).toBe(true)
    const blocking = history.locator('td.cell.fail[data-date="2024-05-02"] a', { hasText: "169" })
    expect(await blocking.count()).toBe(1)
    await blocking.click()
    await page.waitForURL(/2024-05-02\/quality\.html#check-silver\.transactions\.quarantine\.rate$/)
    expect(await page.locator("#check-silver\\.transactions\\.quarantine\\.rate").isVisible()).toBe(true)
    await page.goto(pathToFileURL(join(dir, "blocked", "index.html")).href)
    const row = page.locator("#history tr", { has: page.locator("code", { hasText: /^key\.unique$/ }) })
    await row.locator('td.cell[data-date="2024-05-02"] a').click()
    await page.waitForURL(/#check-silver\.customers\.key\.unique$/)
    const passed = page.locator("#check-silver\\.customers\\.key\\.unique")
    await passed.waitFor({ state: "visible" })
    expect(await passed.locator(".badge").textContent()).toBe("passed")
    await page.close()
  })

  it("folds each table's column profile, its values shown as text; the index follows the columns across dates, folded per table", async () => {
    // silver.customers on each date: its accepted rows, and a NULL email per 100 of them (withProfiles)
    const customersOf = (run: RunReport) => run.layers.flatMap((l) => l.tables).find((t) => t.layer === "silver" && t.table === "customers")!.accepted
    const accepted = [...history(), transactionsBlockedRun()].map(customersOf)
    const pct = (n: number, of: number) => `${((100 * n) / of).toFixed(2)}%`
    const today = accepted[accepted.length - 1]!
    expect(today).toBe(1000)
    const page = await open("blocked")
    const profile = page.locator("#table-silver\\.customers details.profile")
    expect(await profile.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false)
    expect(await profile.locator("summary").textContent()).toBe("Column profile: 4 columns, 1,000 rows")
    const status = profile.locator("tbody tr", { has: page.locator("td", { hasText: /^status$/ }) })
    expect(await status.isVisible()).toBe(false)
    await profile.locator("summary").click()
    expect(await status.isVisible()).toBe(true)
    expect(await status.locator("ul.top li").allTextContents()).toEqual(["active 997", `${XSS_NAME} 3`])
    const email = profile.locator("tbody tr", { has: page.locator("td", { hasText: /^email$/ }) })
    expect(await email.locator("td.num").first().textContent()).toBe("10 1.00%")
    expect(await page.locator("details.profile").count()).toBe(2) // silver customers and transactions: bronze has none, gold did not run
    expect(await page.evaluate(() => document.images.length + document.scripts.length)).toBe(0)
    await profile.screenshot({ path: join(SCREENSHOTS, "profile.png") })
    await page.goto(pathToFileURL(join(dir, "blocked", "index.html")).href)
    const columns = page.locator("#history details.column-history")
    expect(await columns.count()).toBe(3)
    expect(await columns.evaluateAll((ds) => ds.filter((d) => (d as HTMLDetailsElement).open).length)).toBe(0)
    const customers = columns.filter({ has: page.locator("summary", { hasText: "silver.customers" }) })
    await customers.locator("summary").click()
    const nulls = customers.locator("tr", { has: page.locator("th", { hasText: /^email nulls$/ }) })
    expect(await nulls.locator("td.cell a").allTextContents()).toEqual(accepted.map((n) => pct(Math.floor(n / 100), n)))
    const keys = customers.locator("tr", { has: page.locator("th", { hasText: /^customer_id distinct keys ≈$/ }) })
    expect(await keys.locator("td.cell a").allTextContents()).toEqual(accepted.map((n) => n.toLocaleString("en-US")))
    const o = await overflow(page)
    expect(o.scrollWidth).toBeLessThanOrEqual(o.innerWidth)
    await page.screenshot({ path: join(SCREENSHOTS, "index-columns.png"), fullPage: true })
    await keys.locator('td.cell[data-date="2024-05-02"] a').click()
    await page.waitForURL(/2024-05-02\/quality\.html#table-silver\.customers$/)
    await page.close()
  })

  it("prints: no overflow at A4 width, folded checks printed", async () => {
    const page = await open("blocked", 794, 1123)
    await page.emulateMedia({ media: "print" })
    const o = await overflow(page)
    expect(o.scrollWidth).toBeLessThanOrEqual(o.innerWidth)
    expect(await page.locator("#check-silver\\.customers\\.email\\.format").isVisible()).toBe(true)
    const pdf = await page.pdf({ format: "A4" })
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-")
    await page.close()
  })
})
