/**
 * The command line explains itself (issue 20): `--help` of every command,
 * spawned as users run it (its output a pipe), names the command with its
 * parent, the defaults it assumes, the exit codes and an example, offers no
 * `--wizard`, and holds no ANSI colour codes; a flag given twice says so.
 */
import { describe, expect, it } from "vitest"
import { runCli, tempDir, type CliResult } from "../support/cli.ts"

/** Every command, and what its help must name among its defaults. */
const COMMANDS: ReadonlyArray<{ readonly path: ReadonlyArray<string>; readonly defaults: ReadonlyArray<RegExp> }> = [
  { path: [], defaults: [] },
  // data/customers.json is this project's: package.json names the pipeline, the pipeline its input.
  { path: ["run"], defaults: [/--input\s+data\/customers\.json/, /--pipeline\s+contracts\/pipeline\.ts/, /--date\s+today in UTC/, /--lakehouse\s+lakehouse\n/, /--reports\s+reports\n/, /--fail-on\s+error/] },
  { path: ["check"], defaults: [/--date\s+today in UTC/, /--reports\s+reports\n/, /--fail-on\s+error/] },
  { path: ["init"], defaults: [/--out\s+print the contract on stdout/] },
  { path: ["report"], defaults: [/--reports\s+reports\n/] },
  { path: ["contracts"], defaults: [] },
  { path: ["contracts", "test"], defaults: [/"lakegate": \{ "contracts": FILE \}/, /--runs\s+FC_NUM_RUNS, else 100/] },
  { path: ["contracts", "mutations"], defaults: [/"lakegate": \{ "contracts": FILE \}/] },
  { path: ["contracts", "export"], defaults: [/--out\s+stdout/, /--dialect\s+duckdb/] },
  { path: ["contracts", "diff"], defaults: [/"lakegate": \{ "contractFiles": \[\.\.\.\] \}/] },
  { path: ["gold"], defaults: [/--lakehouse\s+lakehouse\n/] },
  { path: ["gold", "history"], defaults: [/--lakehouse\s+lakehouse\n/] },
  { path: ["gold", "rollback"], defaults: [/--lakehouse\s+lakehouse\n/] },
  { path: ["gold", "compact"], defaults: [/--lakehouse\s+lakehouse\n/, /--max-files 32/, /--small-mb\s+128/] },
  { path: ["sql"], defaults: [/--lakehouse\s+lakehouse\n/] },
  { path: ["export-catalog"], defaults: [/--lakehouse\s+lakehouse\n/] },
  { path: ["watch"], defaults: [/--pipeline\s+contracts\/pipeline\.ts/, /--lakehouse\s+lakehouse\n/, /--reports\s+reports\n/, /--poll-interval\s+2s for a folder, 10s for az:\/\//] }
]

const ESC = "\u001b["

/** The text of a section (`Defaults`, `Examples`, ...) up to the next heading. */
const section = (help: string, heading: string): string => {
  const start = help.indexOf(`\n${heading}\n`)
  if (start < 0) return ""
  const rest = help.slice(start + heading.length + 2)
  const next = rest.search(/\n[A-Z][A-Za-z ()]+\n\n/)
  return next < 0 ? rest : rest.slice(0, next)
}

describe("--help of every command", () => {
  const helps = new Map<string, CliResult>()
  const helpOf = async (path: ReadonlyArray<string>): Promise<CliResult> => {
    const key = path.join(" ")
    const known = helps.get(key)
    if (known !== undefined) return known
    const result = await runCli([...path, "--help"])
    helps.set(key, result)
    return result
  }

  for (const { path, defaults } of COMMANDS) {
    const name = ["lakegate", ...path].join(" ")
    it(`${name}: usage with its parent, defaults, exit codes, an example, no --wizard, no colour codes`, async () => {
      const result = await helpOf(path)
      expect(result.status, result.stderr).toBe(0)
      const help = result.stdout
      expect(help).not.toContain(ESC)
      expect(result.stderr).not.toContain(ESC)
      // The usage line names the whole command: `$ lakegate gold history ...`.
      expect(help).toMatch(new RegExp(`^\\$ ${name.replace(/[-]/g, "\\-")}( |$)`, "m"))
      for (const expected of defaults) expect(help, String(expected)).toMatch(expected)
      const exitCodes = section(help, "Exit codes (unless the command says otherwise above)")
      for (const code of [0, 1, 2, 3, 4, 5]) expect(exitCodes).toMatch(new RegExp(`^  ${code}  \\S`, "m"))
      const examples = section(help, "Examples")
      expect(examples).toMatch(new RegExp(`^  \\$ (.*\\| )?lakegate${path.length > 0 ? ` ${path[0]}` : ""}\\b`, "m"))
      expect(help).not.toContain("--wizard")
    }, 60_000)
  }

  it("lakegate run --help names the pipeline's own default input only when the project has one", async () => {
    const elsewhere = tempDir("lakegate-help-")
    const result = await runCli(["run", "--help", "--pipeline", `${elsewhere}/missing.ts`])
    expect(result.status, result.stderr).toBe(0)
    expect(result.stdout).not.toContain("data/customers.json")
    expect(result.stdout).toMatch(/--input\s+\(the pipeline could not be loaded\)/)
  }, 60_000)
})

describe("no colour codes when output is a pipe", () => {
  it("a failing run prints its summary and its error without ANSI sequences", async () => {
    const dir = tempDir("lakegate-colour-")
    const result = await runCli(["run", "--input", `${dir}/missing.json`, "--lakehouse", `${dir}/lakehouse`, "--reports", `${dir}/reports`])
    expect(result.status, result.stderr).toBe(3)
    expect(result.stderr).toContain("file not found")
    expect(result.stdout + result.stderr).not.toContain(ESC)
  }, 60_000)

  it("the flag parser's own errors (an unknown flag, a bad date) have none either", async () => {
    for (const args of [["run", "--bogus"], ["run", "--date", "2026-02-30"], ["gold", "rollback"]]) {
      const result = await runCli(args)
      expect(result.status, args.join(" ")).toBe(2)
      expect(result.stderr.length, args.join(" ")).toBeGreaterThan(0)
      expect(result.stdout + result.stderr, args.join(" ")).not.toContain(ESC)
    }
  }, 60_000)
})

describe("a flag given twice", () => {
  it("run --date twice: exit 2, one line naming the flag, nothing run", async () => {
    const dir = tempDir("lakegate-twice-")
    const result = await runCli(["run", "--date", "2026-01-01", "--date", "2026-01-02", "--lakehouse", `${dir}/lakehouse`])
    expect(result.status).toBe(2)
    expect(result.stderr).toBe("lakegate: --date given twice\n")
    expect(result.stdout).toBe("")
  })

  it("in the --flag=value form too, in a subcommand", async () => {
    const result = await runCli(["contracts", "export", "a.ts", "--format=odcs", "--format", "sql"])
    expect(result.status).toBe(2)
    expect(result.stderr).toBe("lakegate: --format given twice\n")
  })

  it("words after -- are not flags", async () => {
    const result = await runCli(["sql", "--lakehouse", "/nonexistent-lakehouse", "--", "--lakehouse"])
    expect(result.stderr).not.toContain("given twice")
  })

  it("--wizard is refused in one line", async () => {
    const result = await runCli(["run", "--wizard"])
    expect(result.status).toBe(2)
    expect(result.stderr).toBe("lakegate: --wizard is not supported: every option is in --help\n")
  })
})
