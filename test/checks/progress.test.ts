/** The progress reporter of long commands: a live line on a terminal, a line per step when piped, nothing with --quiet. */
import { describe, expect, it } from "vitest"
import { makeProgress } from "../../src/cli/progress.ts"

const recorder = (isTTY: boolean) => {
  const written: Array<string> = []
  return { written, stream: { isTTY, columns: 40, write: (text: string) => written.push(text) } }
}

describe("makeProgress", () => {
  it("piped: one line per step with the command's name, live lines left out, control characters escaped", () => {
    const { written, stream } = recorder(false)
    const progress = makeProgress("contracts test", { quiet: false, stream })
    progress.live("working")
    progress.step("tiny: 1/2 key.unique proven (0.1 s)")
    progress.step("evil\u001b[2Jname")
    progress.done()
    expect(written).toEqual(["contracts test: tiny: 1/2 key.unique proven (0.1 s)\n", "contracts test: evil\\u001b[2Jname\n"])
  })

  it("on a terminal: one line rewritten in place, cut to the width, cleared at the end", () => {
    const { written, stream } = recorder(true)
    const progress = makeProgress("contracts test", { quiet: false, stream })
    progress.live("a".repeat(100))
    progress.step("done")
    progress.done()
    expect(written).toEqual([`\r\u001b[K  ${"a".repeat(37)}`, "\r\u001b[K  done", "\r\u001b[K"])
  })

  it("on a terminal of unknown width (0 columns): cut at 80", () => {
    const written: Array<string> = []
    const progress = makeProgress("run", { quiet: false, stream: { isTTY: true, columns: 0, write: (text: string) => written.push(text) } })
    progress.live("b".repeat(100))
    expect(written).toEqual([`\r\u001b[K  ${"b".repeat(77)}`])
  })

  it("--quiet: nothing, terminal or not", () => {
    for (const isTTY of [true, false]) {
      const { written, stream } = recorder(isTTY)
      const progress = makeProgress("contracts test", { quiet: true, stream })
      progress.live("x")
      progress.step("y")
      progress.done()
      expect(written).toEqual([])
    }
  })
})
