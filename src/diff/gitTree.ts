/**
 * A git ref's whole tree in a temporary directory (`git archive REF | tar -x`),
 * so contract modules at that ref import their siblings as they were then.
 * The repository's `node_modules` is linked in for the packages they import.
 * The directory is removed when the scope closes; the repository is only read.
 *
 * @example
 * const tree = yield* refTree("origin/main") // scoped
 * tree.pathOf("contracts/orders.ts") // "/tmp/lakegate-ref-XXXX/contracts/orders.ts"
 */
import { Effect, Scope } from "effect"
import { execFile } from "node:child_process"
import { mkdtemp, realpath, rm, stat, symlink } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join, relative, resolve } from "node:path"
import { GitRefError } from "./DiffError.ts"

/** A ref's tree, checked out in a temp directory. */
export interface RefTree {
  readonly ref: string
  /** The temp directory holding the repository's top level at the ref. */
  readonly root: string
  /** The working tree's top level. */
  readonly top: string
  /** Where a path of the working tree (relative to the current directory, or absolute) is in the ref's tree. */
  readonly pathOf: (path: string) => string
}

const run = (ref: string, command: string, args: ReadonlyArray<string>, cwd: string): Effect.Effect<string, GitRefError> =>
  Effect.async<string, GitRefError>((resume) => {
    execFile(command, [...args], { cwd, maxBuffer: 64 * 1024 * 1024, encoding: "utf8" }, (error, stdout, stderr) => {
      if (error === null) resume(Effect.succeed(stdout))
      else {
        const said = (stderr.trim().split("\n")[0] ?? "").replace(/^fatal: /, "")
        resume(Effect.fail(new GitRefError({ ref, message: said === "" ? `${command} failed: ${error.message.split("\n")[0] ?? ""}` : said })))
      }
    })
  })

/** The working tree's top level (absolute), from the current directory. */
export const gitTop = (ref: string, cwd: string = process.cwd()): Effect.Effect<string, GitRefError> =>
  Effect.map(run(ref, "git", ["rev-parse", "--show-toplevel"], cwd), (out) => out.trim())

/** Check out `ref`'s tree into a temp directory, removed when the scope closes. */
export const refTree = (ref: string, cwd: string = process.cwd()): Effect.Effect<RefTree, GitRefError, Scope.Scope> =>
  Effect.gen(function* () {
    if (ref.startsWith("-")) return yield* new GitRefError({ ref, message: "not a ref" })
    const top = yield* gitTop(ref, cwd)
    yield* run(ref, "git", ["rev-parse", "--verify", "--quiet", `${ref}^{tree}`], top).pipe(
      Effect.mapError(() => new GitRefError({ ref, message: "unknown revision (fetch it first, e.g. git fetch origin main)" }))
    )
    const root = yield* Effect.acquireRelease(
      Effect.tryPromise({ try: () => mkdtemp(join(tmpdir(), "lakegate-ref-")), catch: (e) => new GitRefError({ ref, message: `cannot make a temp directory: ${String(e)}` }) }),
      (dir) => Effect.promise(() => rm(dir, { recursive: true, force: true }))
    )
    const archive = join(root, ".tree.tar")
    yield* run(ref, "git", ["archive", "--format=tar", "-o", archive, ref], top)
    yield* run(ref, "tar", ["-xf", archive], root)
    yield* Effect.promise(() => rm(archive, { force: true }))
    // Contract modules may import packages: serve them from the working tree's node_modules.
    const modules = join(top, "node_modules")
    const present = yield* Effect.promise(() => stat(modules).then(() => true, () => false))
    const linked = yield* Effect.promise(() => stat(join(root, "node_modules")).then(() => true, () => false))
    if (present && !linked) yield* Effect.promise(() => symlink(modules, join(root, "node_modules"), "dir").catch(() => undefined))
    // git names the top level by its real path: so must the current directory, to relate the two.
    const here = yield* Effect.promise(() => realpath(cwd).catch(() => cwd))
    return { ref, root, top, pathOf: (path: string) => join(root, relative(top, resolve(here, path))) }
  })
