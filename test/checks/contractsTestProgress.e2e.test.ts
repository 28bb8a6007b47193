/**
 * `lakegate contracts test` when its output is piped (issue 20): one line per
 * finished check on standard error, as each finishes, before the result table
 * on standard output; `--quiet` prints none. Spawned as CI runs it (both
 * streams pipes), on a three-column contract with 5 runs.
 */
import { spawn } from "node:child_process"
import { writeFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { bundle, repoRoot, tempDir } from "../support/cli.ts"

const CONTRACT = `import { check, column, table } from "lakegate"
export default table({
  name: "tiny",
  version: "1.0.0",
  columns: { id: column.id(), status: column.enum(["new", "paid"]), amount: column.money({ min: "0.01" }) },
  key: ["id"],
  checks: [check.rowCount({ min: 1 })]
})
`

interface Chunk {
  readonly stream: "stdout" | "stderr"
  readonly text: string
}

/** Spawn the CLI with both outputs piped; every chunk in the order it arrived. */
const spawnPiped = (args: ReadonlyArray<string>): Promise<{ readonly status: number | null; readonly chunks: ReadonlyArray<Chunk> }> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bundle("lakegate.mjs"), ...args], { cwd: repoRoot, env: { ...process.env, FORCE_COLOR: "0" }, stdio: ["ignore", "pipe", "pipe"], timeout: 120_000 })
    const chunks: Array<Chunk> = []
    child.stdout.setEncoding("utf8").on("data", (text: string) => chunks.push({ stream: "stdout", text }))
    child.stderr.setEncoding("utf8").on("data", (text: string) => chunks.push({ stream: "stderr", text }))
    child.on("error", reject)
    child.on("close", (status) => resolve({ status, chunks }))
  })

const textOf = (chunks: ReadonlyArray<Chunk>, stream: Chunk["stream"]) => chunks.filter((c) => c.stream === stream).map((c) => c.text).join("")

describe("contracts test, piped", () => {
  const file = join(tempDir("lakegate-progress-"), "tiny.contract.ts")
  writeFileSync(file, CONTRACT)

  it("prints one line per finished check on stderr, each before the result table", async () => {
    const { status, chunks } = await spawnPiped(["contracts", "test", file, "--runs", "5", "--seed", "7"])
    expect(status, textOf(chunks, "stderr")).toBe(0)
    const lines = textOf(chunks, "stderr").trimEnd().split("\n")
    const labels = ["schema.columns", "key.unique", "not_null", "range.id", "accepted_values.status", "range.amount", "row_count"]
    expect(lines).toHaveLength(labels.length)
    lines.forEach((line, i) => expect(line).toMatch(new RegExp(`^contracts test: tiny: ${i + 1}/7 ${labels[i]!.replace(".", "\\.")} proven \\(\\d+\\.\\d s\\)$`)))
    // Progress came first: every stderr chunk arrived before the first chunk of the table.
    const firstTable = chunks.findIndex((c) => c.stream === "stdout")
    const lastProgress = chunks.map((c) => c.stream).lastIndexOf("stderr")
    expect(firstTable).toBeGreaterThan(lastProgress)
    // ...and in more than one piece: written as the checks finished, not all at once at the end.
    expect(chunks.filter((c) => c.stream === "stderr").length).toBeGreaterThan(1)
    const table = textOf(chunks, "stdout")
    expect(table).toContain("contract silver.tiny 1.0.0")
    expect(table).not.toContain("contracts test:")
    expect(table).not.toContain("\u001b[")
  }, 120_000)

  it("--quiet prints no progress", async () => {
    const { status, chunks } = await spawnPiped(["contracts", "test", file, "--runs", "5", "--seed", "7", "--quiet"])
    expect(status).toBe(0)
    expect(textOf(chunks, "stderr")).toBe("")
    expect(textOf(chunks, "stdout")).toContain("proven")
  }, 120_000)
})
