/**
 * What the command line checks and rewrites around the flag parser: a flag
 * given twice (one line, not "unknown argument"), the command a `--help` is
 * for (so its usage names its parent: `lakegate gold history`), and output
 * without ANSI colour codes when it goes to a file or a pipe, or `NO_COLOR` is
 * set (https://no-color.org).
 *
 * @example
 * repeatedFlag(["run", "--date", "2026-01-01", "--date", "2026-01-02"]) // "--date"
 * commandPath(["gold", "history", "--help"], tree)                      // ["gold", "history"]
 * stripAnsi("\u001b[1mUSAGE\u001b[0m")                                   // "USAGE"
 */
import { Console } from "effect"

/** Command names, and for a command with subcommands, theirs. */
export type CommandTree = ReadonlyMap<string, CommandTree>

/** The words after `--` are not flags. */
const beforeSeparator = (args: ReadonlyArray<string>): ReadonlyArray<string> => {
  const end = args.indexOf("--")
  return end < 0 ? args : args.slice(0, end)
}

/**
 * The first long flag given twice (`--date a --date b`, or `--date=a`), or
 * null, except the flags that take several values (`repeatable`). Any other
 * repeated flag is a mistake to name, rather than leave to the parser (which
 * calls the second an unknown argument).
 *
 * @example
 * repeatedFlag(["check", "c.ts", "a.csv", "--reports", "r", "--reports=s"]) // "--reports"
 * repeatedFlag(["gold", "compact", "--table", "a", "--table", "b"], ["--table"]) // null
 */
export const repeatedFlag = (args: ReadonlyArray<string>, repeatable: ReadonlyArray<string> = []): string | null => {
  const seen = new Set<string>()
  for (const arg of beforeSeparator(args)) {
    const flag = /^(--[A-Za-z][A-Za-z0-9-]*)(=.*)?$/s.exec(arg)?.[1]
    if (flag === undefined || repeatable.includes(flag)) continue
    if (seen.has(flag)) return flag
    seen.add(flag)
  }
  return null
}

/**
 * The command the arguments name, as its path from the root: the leading
 * words that are command names (`gold history`), stopping at the first that
 * is not (an argument or a flag).
 *
 * @example
 * commandPath(["contracts", "export", "c.ts", "--format", "odcs"], tree) // ["contracts", "export"]
 */
export const commandPath = (args: ReadonlyArray<string>, tree: CommandTree): ReadonlyArray<string> => {
  const path: Array<string> = []
  let level: CommandTree | undefined = tree
  for (const arg of args) {
    const next: CommandTree | undefined = level?.get(arg)
    if (next === undefined) break
    path.push(arg)
    level = next
  }
  return path
}

/** ANSI escape sequences (CSI: colours, styles, cursor). */
const ANSI = /\u001b\[[0-9;?]*[A-Za-z]/g

/** `text` without ANSI escape sequences. */
export const stripAnsi = (text: string): string => text.replace(ANSI, "")

/** True when output to a stream may be coloured: it is a terminal and `NO_COLOR` is not set (to anything but empty). */
export const colourAllowed = (stream: { readonly isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean =>
  stream.isTTY === true && (env["NO_COLOR"] === undefined || env["NO_COLOR"] === "") && env["TERM"] !== "dumb"

/**
 * A usage line (`$ history [--lakehouse directory]`, as the flag parser
 * prints a subcommand's) with the command's full path: `$ lakegate gold history ...`.
 */
export const withParentUsage = (text: string, program: string, path: ReadonlyArray<string>): string => {
  const last = path[path.length - 1]
  if (last === undefined) return text
  const escaped = last.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")
  return text.replace(new RegExp(`^((?:\\u001b\\[[0-9;]*m)*)\\$ ${escaped}(?=\\s|$|\\u001b)`, "gm"), `$1$ ${[program, ...path].join(" ")}`)
}

/** What to do to each text printed through the Console: strip colours (per stream), name the parent in usage lines. */
export interface OutputRewrite {
  readonly plainOut: boolean
  readonly plainErr: boolean
  readonly program: string
  readonly path: ReadonlyArray<string>
}

/**
 * A Console that prints through `base`, with every string argument rewritten
 * as `rewrite` says (help, usage and errors of the flag parser, and
 * lakegate's own output, all go through the Console).
 */
export const rewritingConsole = (base: Console.Console, rewrite: OutputRewrite): Console.Console => {
  const text = (plain: boolean) => (args: ReadonlyArray<unknown>) =>
    args.map((arg) => {
      if (typeof arg !== "string") return arg
      const named = withParentUsage(arg, rewrite.program, rewrite.path)
      return plain ? stripAnsi(named) : named
    })
  const out = text(rewrite.plainOut)
  const err = text(rewrite.plainErr)
  return {
    ...base,
    log: (...args) => base.log(...out(args)),
    info: (...args) => base.info(...out(args)),
    debug: (...args) => base.debug(...out(args)),
    error: (...args) => base.error(...err(args)),
    warn: (...args) => base.warn(...err(args))
  }
}
