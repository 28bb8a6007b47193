/**
 * Create a directory the careful way: from the nearest existing ancestor down,
 * one level at a time, each step checked. Node's `mkdir(..., { recursive: true })`
 * loops forever where a filesystem refuses to create entries but reports the
 * parent as missing (under `/proc`, for one), and gives a bare `ENOTDIR` or
 * `ELOOP` under a dangling symlink or a symlink loop; here each of these is one
 * {@link UnusableDirectory} naming the path and the reason, within one pass.
 */
import { Data, Effect } from "effect"
import { constants } from "node:fs"
import { access, lstat, mkdir, rmdir, stat } from "node:fs/promises"
import { dirname, resolve } from "node:path"

/** A directory lakegate must write into cannot be created or written. */
export class UnusableDirectory extends Data.TaggedError("UnusableDirectory")<{
  /** What the directory is for, e.g. "lakehouse", "reports". */
  readonly role: string
  readonly path: string
  /** Why, in words (the system's error code in parentheses). */
  readonly reason: string
}> {
  override get message(): string {
    return `the ${this.role} directory ${this.path} cannot be used: ${this.reason}`
  }
}

const codeOf = (error: unknown): string => (error !== null && typeof error === "object" && "code" in error ? String((error as { code: unknown }).code) : "")

const describe = (error: unknown): string => {
  const code = codeOf(error)
  switch (code) {
    case "ELOOP":
      return "too many levels of symbolic links (a symlink loop) (ELOOP)"
    case "ENOTDIR":
      return "a part of the path is not a directory (ENOTDIR)"
    case "EACCES":
    case "EPERM":
      return `permission denied (${code})`
    case "EROFS":
      return "read-only filesystem (EROFS)"
    case "ENOSPC":
      return "no space left on the device (ENOSPC)"
    case "ENOENT":
      return "the filesystem does not allow creating it (ENOENT)"
    default:
      return error instanceof Error ? error.message : String(error)
  }
}

/** A directory made sure of: its absolute path and the directories created for it, outermost first. */
export interface EnsuredDirectory {
  readonly path: string
  readonly created: ReadonlyArray<string>
}

type Probe = { readonly kind: "directory" } | { readonly kind: "missing" } | { readonly kind: "unusable"; readonly reason: string }

/** What is at `path` (following symlinks): a directory, nothing, or something unusable. */
const probe = async (path: string): Promise<Probe> => {
  try {
    const info = await stat(path)
    return info.isDirectory() ? { kind: "directory" } : { kind: "unusable", reason: `${path} is not a directory` }
  } catch (error) {
    const code = codeOf(error)
    if (code === "ENOENT") {
      // Nothing there, or a symlink whose target is missing.
      const link = await lstat(path).then(
        (info) => (info.isSymbolicLink() ? `${path} is a symbolic link to a missing target` : null),
        () => null
      )
      return link === null ? { kind: "missing" } : { kind: "unusable", reason: link }
    }
    // ENOTDIR: an ancestor is a file, found when the walk reaches it.
    if (code === "ENOTDIR") return { kind: "missing" }
    return { kind: "unusable", reason: `${path}: ${describe(error)}` }
  }
}

/**
 * Make sure `path` is a directory this process can write into, creating it
 * and its missing parents level by level. Fails with {@link UnusableDirectory}
 * (never loops, never retries).
 */
export const ensureDirectory = (path: string, role: string): Effect.Effect<EnsuredDirectory, UnusableDirectory> =>
  Effect.tryPromise({
    try: async (): Promise<EnsuredDirectory | UnusableDirectory> => {
      const target = resolve(path)
      const fail = (reason: string) => new UnusableDirectory({ role, path: target, reason })
      const missing: Array<string> = []
      let current = target
      for (;;) {
        const found = await probe(current)
        if (found.kind === "unusable") return fail(found.reason)
        if (found.kind === "directory") break
        missing.push(current)
        const parent = dirname(current)
        if (parent === current) return fail("no part of the path exists")
        current = parent
      }
      const writable = await access(current, constants.W_OK | constants.X_OK).then(
        () => null,
        (error: unknown) => `${current} is not writable: ${describe(error)}`
      )
      if (writable !== null) return fail(writable)
      const created: Array<string> = []
      for (const dir of missing.reverse()) {
        const made = await mkdir(dir).then(
          () => null,
          async (error: unknown) => {
            // Created meanwhile by someone else: fine if it is a directory.
            if (codeOf(error) === "EEXIST" && (await probe(dir)).kind === "directory") return null
            return `cannot create ${dir}: ${describe(error)}`
          }
        )
        if (made !== null) return fail(made)
        created.push(dir)
      }
      return { path: target, created }
    },
    catch: (error) => new UnusableDirectory({ role, path: resolve(path), reason: describe(error) })
  }).pipe(Effect.flatMap((result) => (result instanceof UnusableDirectory ? Effect.fail(result) : Effect.succeed(result))))

/** Remove the directories {@link ensureDirectory} created, deepest first, if they are still empty. */
export const removeCreated = (ensured: EnsuredDirectory): Effect.Effect<void> =>
  Effect.promise(async () => {
    for (const dir of [...ensured.created].reverse()) await rmdir(dir).catch(() => {})
  })
