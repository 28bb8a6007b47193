import { describe, expect, it } from "vitest"
import { renderMarkdown } from "../../src/report/markdown.ts"
import { engineFailedRun, publishedRun, RAW_RECORD, transactionsBlockedRun } from "./fixtures.ts"

describe("the step summary", () => {
  it("headlines the quarantine rate that blocked, naming its table when there are several", () => {
    const text = renderMarkdown(transactionsBlockedRun())
    expect(text).toContain("| 1,010 | 1,000 | 10 | 5.63% (transactions) | 1 | 2 | 12.3 s |")
  })

  it("names no table when one table has a quarantine rate", () => {
    expect(renderMarkdown(publishedRun())).toContain("| 1,000 | 992 | 8 | 0.80% | 0 | 2 | 12.3 s |")
  })

  it("shows a failed run's cause in one line, never the raw record", () => {
    const text = renderMarkdown(engineFailedRun())
    const cause = text.split("\n").filter((l) => l.startsWith("> **DuckError**"))
    expect(cause).toHaveLength(1)
    expect(cause[0]).toContain("Invalid Input Error: JSON transform error")
    expect(text).not.toContain(RAW_RECORD)
    expect(text).not.toContain("reader option")
  })
})
