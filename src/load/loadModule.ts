/**
 * Load a user's TypeScript or JavaScript module (a contract, a pipeline) at
 * run time, without a TypeScript tool chain installed beside it: esbuild
 * bundles the module, and its imports of `lakegate` and `effect` are served
 * by the running lakegate itself, so the contract's values (schemas, checks,
 * services) are the very ones the framework works with, never a second copy.
 *
 * @example
 * import { loadModule } from "lakegate"
 * const exports = yield* loadModule("contracts/orders.ts")
 */
import { Data, Effect } from "effect"
import * as EffectModule from "effect"
import { createHash, randomUUID } from "node:crypto"
import { mkdir, readFile, rename, stat, writeFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join, resolve } from "node:path"
import { pathToFileURL } from "node:url"
import * as Lakegate from "../index.ts"

/** A module could not be found, compiled or evaluated. */
export class ModuleLoadError extends Data.TaggedError("ModuleLoadError")<{
  readonly path: string
  readonly message: string
}> {}

/** Where the host's modules are published for loaded modules (one registry per process, shared by loaders). */
const HOST = Symbol.for("lakegate/host-modules")

type HostModules = Readonly<Record<string, Readonly<Record<string, unknown>>>>

/** The modules a loaded module gets from the host: `lakegate`, `effect` and `effect/<Module>`. */
const hostModules = (): HostModules => {
  const modules: Record<string, Readonly<Record<string, unknown>>> = { lakegate: Lakegate, effect: EffectModule }
  for (const [name, value] of Object.entries(EffectModule)) {
    if (value !== null && typeof value === "object") modules[`effect/${name}`] = value as Record<string, unknown>
  }
  return modules
}

/** Publish the host's modules on `globalThis` (idempotent), for the code esbuild generates. */
export const publishHostModules = (): HostModules => {
  const holder = globalThis as unknown as Record<symbol, HostModules | undefined>
  holder[HOST] ??= hostModules()
  return holder[HOST]
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/

/**
 * The source of a virtual module that re-exports a host module's names. Each
 * value goes through a local binding, so names that are reserved words
 * (`Effect.void`) can still be exported (`export { _1 as void }`).
 */
const hostModuleSource = (specifier: string, names: ReadonlyArray<string>): string => {
  const exported = names.filter((n) => IDENTIFIER.test(n) && n !== "default")
  return [
    `const m = globalThis[globalThis.Symbol.for("lakegate/host-modules")][${JSON.stringify(specifier)}];`,
    ...exported.map((n, i) => `const _${i} = m[${JSON.stringify(n)}];`),
    `export { ${exported.map((n, i) => `_${i} as ${n}`).join(", ")} };`
  ].join("\n")
}

const message = (cause: unknown): string => {
  if (cause !== null && typeof cause === "object" && "errors" in cause && Array.isArray((cause as { errors: unknown }).errors)) {
    const errors = (cause as { errors: ReadonlyArray<{ text?: string; location?: { file?: string; line?: number } | null }> }).errors
    const first = errors[0]
    if (first !== undefined) return `${first.location?.file ?? ""}${first.location?.line === undefined ? "" : `:${first.location.line}`}: ${first.text ?? "cannot compile"}`
  }
  return cause instanceof Error ? cause.message.split("\n")[0] ?? cause.message : String(cause)
}

/** What a compilation read: each input file with the hash of its content, and the output. */
interface CompiledEntry {
  readonly out: string
  readonly inputs: ReadonlyArray<{ readonly file: string; readonly sha256: string }>
}

const sha256Of = async (file: string): Promise<string> => createHash("sha256").update(await readFile(file)).digest("hex")

const modulesDir = (): string => join(tmpdir(), "lakegate-modules")

/** The cache entry of a module: keyed by its path and the host's exported names (a new lakegate version gets new entries). */
const entryFile = (absolute: string, host: HostModules): string =>
  join(
    modulesDir(),
    `${createHash("sha256")
      .update(absolute)
      .update("\0")
      .update(Object.entries(host).map(([name, exports]) => `${name}:${Object.keys(exports).join(",")}`).join(";"))
      .digest("hex")
      .slice(0, 24)}.json`
  )

/** The compiled file of an earlier compilation, if none of the files it read has changed since. */
const cachedOutput = (entry: string): Effect.Effect<string | null> =>
  Effect.promise(async () => {
    try {
      const cached = JSON.parse(await readFile(entry, "utf8")) as CompiledEntry
      await stat(cached.out)
      const hashes = await Promise.all(cached.inputs.map((input) => sha256Of(input.file)))
      return cached.inputs.every((input, i) => hashes[i] === input.sha256) ? cached.out : null
    } catch {
      return null // no entry, or a file it names is gone: compile again
    }
  })

/**
 * Compile a module into one ES module file (in the system's temp directory,
 * named by its content) whose `lakegate` and `effect` imports are the host's.
 * Returns the compiled file's path, which worker threads can import too once
 * they have called {@link publishHostModules}. A module none of whose files
 * changed since its last compilation is not compiled again.
 */
export const compileModule = (path: string): Effect.Effect<string, ModuleLoadError> =>
  Effect.gen(function* () {
    const absolute = resolve(path)
    const info = yield* Effect.tryPromise({ try: () => stat(absolute), catch: () => new ModuleLoadError({ path, message: "file not found" }) })
    if (!info.isFile()) return yield* new ModuleLoadError({ path, message: "not a file" })
    const host = publishHostModules()
    const entry = entryFile(absolute, host)
    const cached = yield* cachedOutput(entry)
    if (cached !== null) return cached
    const esbuild = yield* Effect.tryPromise({ try: () => import("esbuild"), catch: (e) => new ModuleLoadError({ path, message: `esbuild is not available: ${message(e)}` }) })
    const workingDir = process.cwd()
    const result = yield* Effect.tryPromise({
      try: () =>
        esbuild.build({
          entryPoints: [absolute],
          absWorkingDir: workingDir,
          bundle: true,
          platform: "node",
          format: "esm",
          target: "node20",
          write: false,
          metafile: true,
          logLevel: "silent",
          external: ["@duckdb/node-api", "esbuild"],
          plugins: [
            {
              name: "lakegate-host",
              setup(build) {
                build.onResolve({ filter: /^(lakegate|effect)(\/[A-Za-z]+)?$/ }, (args) =>
                  host[args.path] === undefined ? undefined : { path: args.path, namespace: "lakegate-host" }
                )
                build.onLoad({ filter: /.*/, namespace: "lakegate-host" }, (args) => ({
                  contents: hostModuleSource(args.path, Object.keys(host[args.path] ?? {})),
                  loader: "js"
                }))
              }
            }
          ]
        }),
      catch: (e) => new ModuleLoadError({ path, message: message(e) })
    })
    const code = result.outputFiles[0]?.contents
    if (code === undefined) return yield* new ModuleLoadError({ path, message: "esbuild produced no output" })
    const out = join(modulesDir(), `${createHash("sha256").update(code).digest("hex").slice(0, 24)}.mjs`)
    const read = Object.keys(result.metafile.inputs)
      .filter((input) => !input.includes(":")) // virtual modules (the host's) have a namespace prefix
      .map((input) => resolve(workingDir, input))
    yield* Effect.tryPromise({
      try: async () => {
        await mkdir(modulesDir(), { recursive: true })
        await writeFile(out, code)
        const inputs = await Promise.all(read.map(async (file) => ({ file, sha256: await sha256Of(file) })))
        // Written under a unique name and renamed: concurrent compilations never leave a torn entry.
        const temporary = `${entry}.${process.pid}.${randomUUID()}`
        await writeFile(temporary, JSON.stringify({ out, inputs } satisfies CompiledEntry))
        await rename(temporary, entry)
      },
      catch: (e) => new ModuleLoadError({ path, message: `cannot write the compiled module: ${message(e)}` })
    })
    return out
  })

/** Import a compiled module (see {@link compileModule}). */
export const importCompiled = (compiled: string, path: string = compiled): Effect.Effect<Readonly<Record<string, unknown>>, ModuleLoadError> =>
  Effect.tryPromise({
    try: async () => {
      publishHostModules()
      return (await import(pathToFileURL(compiled).href)) as Record<string, unknown>
    },
    catch: (e) => new ModuleLoadError({ path, message: `evaluating the module failed: ${message(e)}` })
  })

/** Compile and import a user module; its exports by name. */
export const loadModule = (path: string): Effect.Effect<Readonly<Record<string, unknown>>, ModuleLoadError> =>
  Effect.flatMap(compileModule(path), (compiled) => importCompiled(compiled, path))
