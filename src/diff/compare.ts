/**
 * The two ways to diff contracts: two files (`contracts diff OLD NEW`), or
 * every contract file of the working tree against the same files at a git ref
 * (`contracts diff --base REF`), whose whole tree is checked out in a temp
 * directory so modules import their siblings as they were.
 *
 * @example
 * import { Effect } from "effect"
 * import { diffContractFiles, diffAgainstRef } from "lakegate"
 * const report = yield* diffContractFiles("contracts/v1/orders.ts", "contracts/orders.ts")
 * const sinceMain = yield* diffAgainstRef("origin/main", ["contracts/**\/*.ts"])
 */
import { Effect } from "effect"
import { stat } from "node:fs/promises"
import { resolve } from "node:path"
import type { TableSpec } from "../contract/Contract.ts"
import { isGlob, matchContractFiles } from "./contractFiles.ts"
import type { DiffLoadError, GitRefError } from "./DiffError.ts"
import { loadContractTables, readContractTables } from "./load.ts"
import { compareContracts, type ComparedFile, type DiffReport } from "./report.ts"
import { refTree } from "./gitTree.ts"

/** Compare two contract files (TypeScript or ODCS, in any mix); tables are matched by name. */
export const diffContractFiles = (before: string, after: string): Effect.Effect<DiffReport, DiffLoadError> =>
  Effect.gen(function* () {
    const beforeTables = yield* loadContractTables(before)
    const afterTables = yield* loadContractTables(after)
    return compareContracts([{ before, after, beforeTables, afterTables }])
  })

const exists = (path: string): Effect.Effect<boolean> => Effect.promise(() => stat(path).then((s) => s.isFile(), () => false))

/**
 * Compare the contract files the patterns name (paths or globs, relative to
 * the current directory) with the same files at `ref`. A glob matches files
 * in either tree (a file only at the ref was removed, one only here was
 * added), and a matched file declaring no table is skipped; a path named
 * without a glob must hold a table contract in the tree that has it.
 */
export const diffAgainstRef = (ref: string, patterns: ReadonlyArray<string>, cwd: string = process.cwd()): Effect.Effect<DiffReport, DiffLoadError | GitRefError> =>
  Effect.scoped(
    Effect.gen(function* () {
      const tree = yield* refTree(ref, cwd)
      const here = yield* matchContractFiles(patterns, cwd)
      const there = yield* matchContractFiles(patterns, tree.pathOf("."))
      const explicit = new Set(patterns.filter((p) => !p.startsWith("!") && !isGlob(p)).map((p) => p.replace(/^\.\//, "")))
      const files = [...new Set([...here, ...there])].sort()
      const compared: Array<ComparedFile> = []
      for (const file of files) {
        const load = explicit.has(file) ? loadContractTables : readContractTables
        const atRef = tree.pathOf(file)
        const nowThere = yield* exists(resolve(cwd, file))
        const thenThere = yield* exists(atRef)
        if (!nowThere && !thenThere) {
          if (explicit.has(file)) return yield* loadContractTables(file).pipe(Effect.as(compareContracts([])))
          continue
        }
        const none: ReadonlyArray<TableSpec> = []
        const afterTables = nowThere ? yield* load(resolve(cwd, file), file) : none
        const beforeTables = thenThere ? yield* load(atRef, `${ref}:${file}`) : none
        if (afterTables.length === 0 && beforeTables.length === 0) continue
        compared.push({ before: thenThere ? `${ref}:${file}` : null, after: nowThere ? file : null, beforeTables, afterTables })
      }
      return compareContracts(compared)
    })
  )
