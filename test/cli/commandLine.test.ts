/** The checks and rewrites around the flag parser (`src/cli/commandLine.ts`), on a terminal too. */
import { describe, expect, it } from "vitest"
import { colourAllowed, commandPath, repeatedFlag, stripAnsi, withParentUsage, type CommandTree } from "../../src/cli/commandLine.ts"

const tree: CommandTree = new Map<string, CommandTree>([
  ["run", new Map()],
  ["gold", new Map<string, CommandTree>([["history", new Map()], ["rollback", new Map()]])]
])

describe("repeatedFlag", () => {
  it("names the first long flag given twice, in either form, and ignores what follows --", () => {
    expect(repeatedFlag(["run", "--date", "a", "--quiet", "--date=b"])).toBe("--date")
    expect(repeatedFlag(["run", "--quiet", "--quiet"])).toBe("--quiet")
    expect(repeatedFlag(["run", "--date", "a", "--input", "b"])).toBeNull()
    expect(repeatedFlag(["sql", "--json", "--", "--json"])).toBeNull()
    expect(repeatedFlag(["gold", "compact", "--table", "a", "--table", "b"], ["--table"])).toBeNull()
    expect(repeatedFlag(["gold", "compact", "--table", "a", "--max-files", "2", "--max-files=3"], ["--table"])).toBe("--max-files")
  })
})

describe("commandPath", () => {
  it("follows command names only, stopping at an argument or a flag", () => {
    expect(commandPath(["gold", "history", "--help"], tree)).toEqual(["gold", "history"])
    expect(commandPath(["run", "history"], tree)).toEqual(["run"])
    expect(commandPath(["--help"], tree)).toEqual([])
  })
})

describe("colour", () => {
  it("is allowed on a terminal only, and not with NO_COLOR set or TERM=dumb", () => {
    expect(colourAllowed({ isTTY: true }, {})).toBe(true)
    expect(colourAllowed({ isTTY: false }, {})).toBe(false)
    expect(colourAllowed({}, {})).toBe(false)
    expect(colourAllowed({ isTTY: true }, { NO_COLOR: "1" })).toBe(false)
    expect(colourAllowed({ isTTY: true }, { NO_COLOR: "" })).toBe(true)
    expect(colourAllowed({ isTTY: true }, { TERM: "dumb" })).toBe(false)
  })

  it("stripAnsi removes styles and cursor sequences, nothing else", () => {
    expect(stripAnsi("\u001b[0;1m\u001b[0;37;1mUSAGE\u001b[0m \u001b[K\r a → b")).toBe("USAGE \r a → b")
  })
})

describe("withParentUsage", () => {
  it("names the parent in a subcommand's usage line, styled or not, and leaves other lines", () => {
    expect(withParentUsage("USAGE\n\n$ history [--lakehouse directory]\n", "lakegate", ["gold", "history"])).toBe("USAGE\n\n$ lakegate gold history [--lakehouse directory]\n")
    expect(withParentUsage("\u001b[0m$ history\u001b[0m", "lakegate", ["gold", "history"])).toBe("\u001b[0m$ lakegate gold history\u001b[0m")
    expect(withParentUsage("  $ lakegate gold history\n$ historyx", "lakegate", ["gold", "history"])).toBe("  $ lakegate gold history\n$ historyx")
    expect(withParentUsage("$ lakegate", "lakegate", [])).toBe("$ lakegate")
  })
})
