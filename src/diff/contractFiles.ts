/**
 * Which files are contracts: a list of paths and glob patterns (`*` within a
 * folder, `**` across folders, `?`, `{a,b}`; `!pattern` excludes), matched
 * under a directory. `node_modules`, `.git` and `dist` are never searched.
 *
 * @example
 * matchContractFiles(["contracts/**\/*.ts", "!contracts/testing/**"], ".") // Effect of ["contracts/silver/orders.ts", ...]
 */
import { Effect } from "effect"
import { readdir } from "node:fs/promises"
import { join } from "node:path"

const SKIPPED = new Set(["node_modules", ".git", "dist"])

/** True when the text has glob syntax. */
export const isGlob = (pattern: string): boolean => /[*?{]/.test(pattern)

/** A glob pattern as a regular expression over `/`-separated relative paths. */
export const globRegExp = (pattern: string): RegExp => {
  let out = ""
  const p = pattern.replace(/^\.\//, "")
  for (let i = 0; i < p.length; i++) {
    const c = p[i]!
    if (c === "*" && p[i + 1] === "*") {
      const slash = p[i + 2] === "/"
      out += slash ? "(?:.*/)?" : ".*"
      i += slash ? 2 : 1
    } else if (c === "*") out += "[^/]*"
    else if (c === "?") out += "[^/]"
    else if (c === "{") {
      const end = p.indexOf("}", i)
      if (end < 0) out += "\\{"
      else {
        out += `(?:${p.slice(i + 1, end).split(",").map((alt) => alt.replace(/[.+^$()|[\]\\]/g, "\\$&").replaceAll("*", "[^/]*")).join("|")})`
        i = end
      }
    } else out += c.replace(/[.+^$()|[\]\\}]/g, "\\$&")
  }
  return new RegExp(`^${out}$`)
}

/** Every file under `dir`, as `/`-separated paths relative to it. */
const walk = (dir: string, prefix = ""): Effect.Effect<ReadonlyArray<string>> =>
  Effect.promise(() => readdir(join(dir, prefix), { withFileTypes: true }).catch(() => [])).pipe(
    Effect.flatMap((entries) =>
      Effect.forEach(
        entries.filter((e) => !SKIPPED.has(e.name)),
        (e) => {
          const path = prefix === "" ? e.name : `${prefix}/${e.name}`
          return e.isDirectory() ? walk(dir, path) : Effect.succeed(e.isFile() ? [path] : [])
        }
      )
    ),
    Effect.map((lists) => lists.flat())
  )

/** The files under `dir` that the patterns match (paths relative to `dir`, sorted); plain paths are kept as given. */
export const matchContractFiles = (patterns: ReadonlyArray<string>, dir: string): Effect.Effect<ReadonlyArray<string>> =>
  Effect.gen(function* () {
    const include = patterns.filter((p) => !p.startsWith("!"))
    const exclude = patterns.filter((p) => p.startsWith("!")).map((p) => globRegExp(p.slice(1)))
    const globs = include.filter(isGlob).map(globRegExp)
    const files = globs.length === 0 ? [] : yield* walk(dir)
    const found = new Set([...include.filter((p) => !isGlob(p)).map((p) => p.replace(/^\.\//, "")), ...files.filter((f) => globs.some((g) => g.test(f)))])
    return [...found].filter((f) => !exclude.some((x) => x.test(f))).sort()
  })
