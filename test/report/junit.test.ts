import { describe, expect, it } from "vitest"
import { renderJUnit } from "../../src/report/junit.ts"
import { blockedRun, dateReportOf, failedRun, publishedRun, XSS_NAME } from "./fixtures.ts"
import { childrenNamed, parseXml, type XmlElement } from "./xmlCheck.ts"

const count = (e: XmlElement, outcome: string): number =>
  childrenNamed(e, "testcase").filter((c) => childrenNamed(c, outcome).length > 0).length

/** The counts of a suite as its attributes claim them and as its testcases are. */
const claimed = (e: XmlElement) => ({ tests: e.attrs["tests"], failures: e.attrs["failures"], errors: e.attrs["errors"], skipped: e.attrs["skipped"] })
const actual = (cases: ReadonlyArray<XmlElement>) => ({
  tests: String(cases.length),
  failures: String(cases.filter((c) => childrenNamed(c, "failure").length > 0).length),
  errors: String(cases.filter((c) => childrenNamed(c, "error").length > 0).length),
  skipped: String(cases.filter((c) => childrenNamed(c, "skipped").length > 0).length)
})

const expectConsistent = (root: XmlElement) => {
  expect(root.name).toBe("testsuites")
  const suites = childrenNamed(root, "testsuite")
  for (const s of suites) expect(claimed(s)).toEqual(actual(childrenNamed(s, "testcase")))
  expect(claimed(root)).toEqual(actual(suites.flatMap((s) => childrenNamed(s, "testcase"))))
  for (const e of [root, ...suites]) expect(e.attrs["time"]).toMatch(/^\d+\.\d{3}$/)
}

describe("the JUnit file", () => {
  it("has one suite per layer and one testcase per check, with right counts", () => {
    const run = blockedRun()
    const root = parseXml(renderJUnit(dateReportOf([publishedRun({ runId: "before" }), run])))
    expectConsistent(root)
    expect(childrenNamed(root, "testsuite").map((s) => s.attrs["name"])).toEqual(["bronze", "silver", "gold"])
    const silver = childrenNamed(root, "testsuite")[1]!
    expect(childrenNamed(silver, "testcase")).toHaveLength(run.checks.filter((c) => c.layer === "silver").length)
    expect(claimed(root)).toEqual({ tests: "9", failures: "2", errors: "0", skipped: "1" })
    expect(root.attrs["time"]).toBe("12.345")
    expect(silver.attrs["time"]).toBe("4.100")
  })

  it("reports blocking failures as <failure> with the message and details", () => {
    const root = parseXml(renderJUnit(dateReportOf([blockedRun()])))
    const silver = childrenNamed(root, "testsuite").find((s) => s.attrs["name"] === "silver")!
    const rate = childrenNamed(silver, "testcase").find((c) => c.attrs["classname"] === "silver.customers" && c.attrs["name"] === "quarantine.rate")!
    const failure = childrenNamed(rate, "failure")[0]!
    expect(failure.attrs["message"]).toBe("30.00% of customers quarantined (300 of 1000), over the 5.00% limit")
    expect(failure.text).toContain("failed: 300 of 1,000 (30.00%) · threshold 5.00%")
    expect(failure.text).toContain("observed: rate=30.00%, warn_over=1.00%, fail_over=5.00%")
    expect(count(silver, "failure")).toBe(2)
  })

  it("reports warnings as passing testcases with a system-out, and samples as text", () => {
    const root = parseXml(renderJUnit(dateReportOf([blockedRun()])))
    const silver = childrenNamed(root, "testsuite").find((s) => s.attrs["name"] === "silver")!
    const schema = childrenNamed(silver, "testcase").find((c) => c.attrs["name"] === "schema")!
    expect(schema.children.map((c) => c.name)).toEqual(["system-out"])
    expect(schema.children[0]!.text).toMatch(/^WARNING: schema on silver.customers/)
    expect(schema.children[0]!.text).toContain(XSS_NAME)
    const transactions = childrenNamed(silver, "testcase").find((c) => c.attrs["classname"] === "silver.transactions")!
    expect(transactions.children.map((c) => c.name)).toEqual(["system-out"])
    const pass = childrenNamed(silver, "testcase").find((c) => c.attrs["name"] === "date.not_in_future")!
    expect(pass.children).toHaveLength(0)
  })

  it("marks a layer that never ran as one skipped testcase", () => {
    const root = parseXml(renderJUnit(dateReportOf([blockedRun()])))
    const gold = childrenNamed(root, "testsuite").find((s) => s.attrs["name"] === "gold")!
    expect(claimed(gold)).toEqual({ tests: "1", failures: "0", errors: "0", skipped: "1" })
    expect(childrenNamed(childrenNamed(gold, "testcase")[0]!, "skipped")[0]!.attrs["message"]).toContain("earlier layer was blocked")
  })

  it("records the run and the date's history as suite properties", () => {
    const root = parseXml(renderJUnit(dateReportOf([publishedRun({ runId: "before" }), blockedRun({ runId: "now" })])))
    const props = Object.fromEntries(
      childrenNamed(childrenNamed(childrenNamed(root, "testsuite")[0]!, "properties")[0]!, "property").map((p) => [p.attrs["name"], p.attrs["value"]])
    )
    expect(props).toMatchObject({ "lakegate.runId": "now", "lakegate.verdict": "blocked", "lakegate.exitCode": "1", "lakegate.runsOfDate": "2", "lakegate.previousRun": "before published" })
  })

  it("a published run has no failures", () => {
    const root = parseXml(renderJUnit(dateReportOf([publishedRun()])))
    expectConsistent(root)
    expect(claimed(root)).toEqual({ tests: "7", failures: "0", errors: "0", skipped: "0" })
  })

  it("a failed run is an <error> in a `run` suite, and its layers are skipped", () => {
    const root = parseXml(renderJUnit(dateReportOf([failedRun()])))
    expectConsistent(root)
    const [run, ...layers] = childrenNamed(root, "testsuite")
    expect(run!.attrs["name"]).toBe("run")
    const error = childrenNamed(childrenNamed(run!, "testcase")[0]!, "error")[0]!
    expect(error.attrs["type"]).toBe("InputError")
    expect(error.attrs["message"]).toBe("InputError: data/missing.json: no such file")
    expect(layers.map((l) => l.attrs["skipped"])).toEqual(["1", "1"])
    expect(claimed(root)).toEqual({ tests: "3", failures: "0", errors: "1", skipped: "2" })
  })

  it("reports a check that could not be evaluated as <error>", () => {
    const run = blockedRun()
    const broken = { ...run, checks: run.checks.map((c) => (c.checkId === "reconcile.bronze_silver" ? { ...c, status: "error" as const, message: "query failed: <oops> & \u0001" } : c)) }
    const root = parseXml(renderJUnit(dateReportOf([broken])))
    expectConsistent(root)
    expect(claimed(root)).toEqual({ tests: "9", failures: "1", errors: "1", skipped: "1" })
    const error = childrenNamed(root, "testsuite").flatMap((s) => childrenNamed(s, "testcase")).flatMap((c) => childrenNamed(c, "error"))[0]!
    expect(error.attrs["message"]).toBe("query failed: <oops> & \uFFFD")
  })
})

describe("a layer that failed while it was written", () => {
  it("is one <failure> per table it was writing (not <skipped>), naming the run's error; earlier layers keep their checks", () => {
    const base = publishedRun()
    const failedLayer = base.layers.at(-1)!
    expect(failedLayer.tables.length).toBeGreaterThan(0)
    const run = {
      ...base,
      verdict: "failed" as const,
      exitCode: 4,
      layers: base.layers.map((l) => (l.layer === failedLayer.layer ? { ...l, status: "failed" as const } : l)),
      checks: base.checks.filter((c) => c.layer !== failedLayer.layer),
      error: { tag: "IoError", message: "ENOSPC: no space left on device, write" }
    }
    const root = parseXml(renderJUnit(dateReportOf([run])))
    expectConsistent(root)
    const suite = childrenNamed(root, "testsuite").find((s) => s.attrs["name"] === failedLayer.layer)!
    const cases = childrenNamed(suite, "testcase")
    expect(cases.map((c) => c.attrs["classname"])).toEqual(failedLayer.tables.map((t) => `${failedLayer.layer}.${t.table}`))
    for (const c of cases) {
      expect(childrenNamed(c, "skipped")).toEqual([])
      const failure = childrenNamed(c, "failure")[0]!
      expect(failure.attrs["type"]).toBe("failed")
      expect(failure.attrs["message"]).toBe("failed while written: IoError: ENOSPC: no space left on device, write")
    }
    expect(suite.attrs["failures"]).toBe(String(failedLayer.tables.length))
    expect(suite.attrs["skipped"]).toBe("0")
  })
})
