/**
 * `lakegate contracts test CONTRACT`, run in process through @effect/cli
 * (the `test` subcommand of `contracts`): a .ts contract and an
 * ODCS YAML are proven (exit 0), a broken check exits 1 with its
 * counterexample, a bad contract exits 2 with one line and no stack trace.
 */
import { Command } from "@effect/cli"
import * as NodeContext from "@effect/platform-node/NodeContext"
import { afterEach, describe, expect, it, vi } from "@effect/vitest"
import { Effect } from "effect"
import { writeFileSync } from "node:fs"
import { join } from "node:path"
import { contractsCommand } from "../../src/cli/contractsCommand.ts"
import { repoRoot, tempDir } from "../support/cli.ts"

interface Ran {
  readonly status: number
  readonly stdout: string
  readonly stderr: string
}

const cli = Command.run(contractsCommand, { name: "lakegate contracts", version: "0.0.0" })

/** Run the command in process; its output and the exit code it set. */
const run = async (args: ReadonlyArray<string>): Promise<Ran> => {
  const out: Array<string> = []
  const err: Array<string> = []
  vi.spyOn(console, "log").mockImplementation((...a: Array<unknown>) => void out.push(a.map(String).join(" ")))
  vi.spyOn(console, "error").mockImplementation((...a: Array<unknown>) => void err.push(a.map(String).join(" ")))
  process.exitCode = undefined
  await Effect.runPromise(cli(["node", "lakegate", "test", ...args]).pipe(Effect.provide(NodeContext.layer)))
  const status = typeof process.exitCode === "number" ? process.exitCode : 0
  process.exitCode = undefined
  vi.restoreAllMocks()
  return { status, stdout: out.join("\n"), stderr: err.join("\n") }
}

afterEach(() => {
  vi.restoreAllMocks()
  process.exitCode = undefined
})

const contractFile = (source: string): string => {
  const path = join(tempDir("lakegate-contract-"), "contract.ts")
  writeFileSync(path, source)
  return path
}

const SHOP = `
import { check, column, table } from "lakegate"

export const customers = table({
  name: "customers",
  version: "1.0.0",
  columns: { customer_id: column.id(), name: column.text({ minLength: 1 }) },
  key: ["customer_id"]
})

export default table({
  name: "orders",
  version: "2.0.0",
  columns: { order_id: column.id(), customer_id: column.id(), amount: column.money(), placed_on: column.date() },
  key: ["order_id"],
  references: [{ columns: ["customer_id"], table: "customers" }],
  checks: [check.range("amount", { min: "0.01" }), check.freshness("placed_on", 1), check.sql("none", "select * from orders where false")]
})
`

describe("lakegate contracts test CONTRACT", () => {
  it("proves a TypeScript contract (the default export; the file's other tables are its references) and exits 0", async () => {
    const ran = await run([contractFile(SHOP), "--runs", "5", "--seed", "7"])
    expect(ran.stderr).toBe("")
    expect(ran.status).toBe(0)
    expect(ran.stdout).toContain("contract silver.orders 2.0.0 (table orders), seed 7, 5 runs")
    expect(ran.stdout).toMatch(/proven +fk\.reference\(customer_id->customers\)/)
    expect(ran.stdout).toMatch(/proven +range\.amount +a value just past a bound -> fail/)
    expect(ran.stdout).toMatch(/untested +none +custom SQL/)
    expect(ran.stdout).toMatch(/\d+ proven, 0 not caught, 0 rejecting valid data, 1 untested .*: ok$/)
  })

  it("proves an ODCS contract", async () => {
    const ran = await run([join(repoRoot, "examples/odcs/orders.odcs.yaml"), "--runs", "5", "--seed", "3"])
    expect(ran.status).toBe(0)
    expect(ran.stdout).toMatch(/proven +key\.unique/)
    expect(ran.stdout).toContain(": ok")
  })

  it("exits 1 on a check that misses what its definition says it catches, with the flags that replay it", async () => {
    const broken = SHOP.replace('import { check, column, table } from "lakegate"', 'import { check, column, table, toDatasetCheck } from "lakegate"').replace(
      "export default table({",
      "const declared = table({"
    ) + `
export default { ...declared, datasetChecks: declared.datasetChecks.map((c) => c.id === "range.amount" ? toDatasetCheck(check.range("amount", { min: "-1" }), { layer: "silver", table: "orders", key: ["order_id"] }) : c) }
`
    const ran = await run([contractFile(broken), "--runs", "5", "--seed", "7"])
    expect(ran.status).toBe(1)
    expect(ran.stdout).toMatch(/NOT CAUGHT +range\.amount +a value just past a bound: expected fail, got pass/)
    expect(ran.stdout).toMatch(/replay: --seed 7 --path \S+ --check range\.amount/)
    expect(ran.stdout).toContain("FAILED")
  })

  it("exits 2 with one line for a contract that cannot be loaded or chosen", async () => {
    const syntax = await run([contractFile("export default table({"), "--runs", "1"])
    expect(syntax.status).toBe(2)
    expect(syntax.stderr.split("\n")).toHaveLength(1)
    expect(syntax.stderr).toMatch(/^lakegate: .*contract\.ts: /)
    const two = await run([contractFile(SHOP.replace("export default table", "export const orders = table")), "--runs", "1"])
    expect(two.status).toBe(2)
    expect(two.stderr).toContain("choose one with --table")
    const missing = await run(["no/such/contract.ts"])
    expect(missing.status).toBe(2)
    expect(missing.stderr).toContain("file not found")
    const replay = await run([contractFile(SHOP), "--path", "1:2"])
    expect(replay.status).toBe(2)
    expect(replay.stderr).toContain("give --check")
    const unknown = await run([contractFile(SHOP), "--check", "range.amonut"])
    expect(unknown.status).toBe(2)
    expect(unknown.stderr).toContain("no check range.amonut in orders (checks: schema.columns, key.unique")
  })

  it("--table picks a table of the file", async () => {
    const ran = await run([contractFile(SHOP), "--table", "customers", "--runs", "3", "--seed", "1"])
    expect(ran.status).toBe(0)
    expect(ran.stdout).toContain("(table customers)")
  })
})
