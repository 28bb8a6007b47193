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
import { createHash } from "node:crypto"
import { mkdir, stat, writeFile } from "node:fs/promises"
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

/**
 * Compile a module into one ES module file (in the system's temp directory,
 * named by its content) whose `lakegate` and `effect` imports are the host's.
 * Returns the compiled file's path, which worker threads can import too once
 * they have called {@link publishHostModules}.
 */
export const compileModule = (path: string): Effect.Effect<string, ModuleLoadError> =>
  Effect.gen(function* () {
    const absolute = resolve(path)
    const info = yield* Effect.tryPromise({ try: () => stat(absolute), catch: () => new ModuleLoadError({ path, message: "file not found" }) })
    if (!info.isFile()) return yield* new ModuleLoadError({ path, message: "not a file" })
    const host = publishHostModules()
    const esbuild = yield* Effect.tryPromise({ try: () => import("esbuild"), catch: (e) => new ModuleLoadError({ path, message: `esbuild is not available: ${message(e)}` }) })
    const result = yield* Effect.tryPromise({
      try: () =>
        esbuild.build({
          entryPoints: [absolute],
          bundle: true,
          platform: "node",
          format: "esm",
          target: "node20",
          write: false,
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
    const dir = join(tmpdir(), "lakegate-modules")
    const out = join(dir, `${createHash("sha256").update(code).digest("hex").slice(0, 24)}.mjs`)
    yield* Effect.tryPromise({
      try: async () => {
        await mkdir(dir, { recursive: true })
        await writeFile(out, code)
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
