/**
 * Open a blocked run's report in headless Chromium over file://: the verdict,
 * a failing check and the trend chart are visible, the XSS customer is shown
 * as text, nothing executes, and junit.xml parses with the browser's DOMParser
 * with the right counts. Saves `test/.artifacts/report-blocked.png`.
 * Skipped when /usr/bin/chromium is not installed.
 */
import { existsSync } from "node:fs"
import { mkdir, readFile, rm } from "node:fs/promises"
import { join, resolve } from "node:path"
import { pathToFileURL } from "node:url"
import { chromium, type Browser, type Page } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { writeReports } from "../../src/report/writeReports.ts"
import { blockedRun, history, publishedRun, XSS_NAME } from "./fixtures.ts"
import { runReport, tempDir } from "./support.ts"

const CHROMIUM = "/usr/bin/chromium"
const ARTIFACTS = resolve("test/.artifacts")

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
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"]
    })
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
    expect(await banner.locator(".kpi", { hasText: "quarantine rate" }).locator(".v").textContent()).toBe("30.00%")
    const firstBlock = await page.evaluate(() => document.querySelector("main > :not(.crumbs)")?.className)
    expect(firstBlock).toBe("banner blocked")
  })

  it("shows a failing check with its count", async () => {
    const row = page.locator("#check-silver\\.customers\\.quarantine\\.rate")
    expect(await row.isVisible()).toBe(true)
    expect(await row.locator(".badge").textContent()).toBe("fail")
    expect(await row.textContent()).toContain("300 / 1,000")
    const attention = page.locator("#attention tbody tr").first()
    expect(await attention.locator(".badge").textContent()).toBe("fail")
  })

  it("shows the quarantine chart and the trend charts", async () => {
    expect(await page.getByRole("img", { name: "Quarantined records by check" }).isVisible()).toBe(true)
    const trend = page.getByRole("img", { name: "Quarantine rate per ingestion date" })
    await trend.scrollIntoViewIfNeeded()
    expect(await trend.isVisible()).toBe(true)
    const box = await trend.boundingBox()
    expect(box?.width).toBeGreaterThan(250)
    expect(await trend.locator("circle").count()).toBe(4)
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

  it("saves a screenshot", async () => {
    await mkdir(ARTIFACTS, { recursive: true })
    await page.screenshot({ path: join(ARTIFACTS, "report-blocked.png"), fullPage: true })
    expect(existsSync(join(ARTIFACTS, "report-blocked.png"))).toBe(true)
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
