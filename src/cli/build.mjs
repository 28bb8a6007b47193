/**
 * `npm run build`: bundles the command line into `dist/` with esbuild, so a
 * run starts in well under a second instead of compiling TypeScript through
 * tsx at every start. The one definition of the build: `package.json`
 * (`build`; `prepare` runs it on `npm install` and `npm ci`; `pipeline`,
 * `lakegate` and `generate` rebuild first) and the test set-up
 * (`test/support/globalSetup.ts`) all run this file.
 *
 *   dist/lakegate.mjs         the package's `bin`: a small launcher (src/cli/launch.ts) that
 *                             listens for SIGINT/SIGTERM before it loads the CLI below
 *   dist/lakegate-main.mjs    the CLI (src/cli/main.ts)
 *   dist/lakegate-worker.mjs  the staging worker (src/stages/ingest/parallel/worker.ts),
 *                             which the CLI's pool starts from next to itself
 *   dist/generate.mjs         the data generator (contracts/generate/main.ts)
 *
 * Everything is bundled except `@duckdb/node-api` (a native binding). Plain
 * JavaScript, so that it runs on bare Node before anything is built.
 */

import { chmodSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs"
import { basename, dirname, join, relative, resolve } from "node:path"
import { fileURLToPath } from "node:url"

/** The repository root. */
const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..")

const entryPoints = {
  lakegate: "src/cli/launch.ts",
  "lakegate-main": "src/cli/main.ts",
  "lakegate-worker": "src/stages/ingest/parallel/worker.ts",
  generate: "contracts/generate/main.ts"
}

/**
 * Bundled CommonJS packages (`yaml`, through @effect/cli) call `require("process")`,
 * and an ES module has no `require` unless one is defined.
 */
const REQUIRE = "import{createRequire as __cr}from'module';const require=__cr(import.meta.url);"

/** The CLI is the package's `bin`: it gets a shebang (added on writing, as one build serves every entry). */
const SHEBANG = { "lakegate.mjs": "#!/usr/bin/env node\n" }

const options = {
  absWorkingDir: root,
  entryPoints,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  // esbuild compiles users' contract and pipeline modules at run time (src/load/loadModule.ts): it runs from node_modules.
  external: ["@duckdb/node-api", "esbuild"],
  // The package's own public entry, as contracts/ and examples/ import it.
  alias: { lakegate: "./src/index.ts" },
  // Minified starts a little faster (about 25 ms of 0.8 s for `--help`) and with a little less memory.
  minify: true,
  banner: { js: REQUIRE },
  outdir: "dist",
  outExtension: { ".js": ".mjs" },
  logLevel: "warning",
  write: false,
  metafile: true
}

/** What the last build read (every bundled source file, plus the lock file), to tell whether it is stale. */
const INPUTS = join(root, "dist", ".inputs.json")

/**
 * True when the bundles are missing or a file they were built from (or the
 * lock file) changed since: a source edit always reaches the next run, and an
 * unchanged tree skips the build (a few milliseconds of `stat` instead).
 */
export const isStale = () => {
  try {
    const { builtAt, inputs } = JSON.parse(readFileSync(INPUTS, "utf8"))
    for (const entry of Object.keys(entryPoints)) statSync(join(root, "dist", `${entry}.mjs`))
    return inputs.some((input) => statSync(join(root, input)).mtimeMs > builtAt)
  } catch {
    return true
  }
}

/** Replace a file only if its content changed, atomically (a process starting meanwhile reads the old file or the new one, whole). */
const writeIfChanged = (path, contents) => {
  let current = null
  try {
    current = readFileSync(path)
  } catch {
    current = null
  }
  if (current !== null && Buffer.compare(current, contents) === 0) return false
  mkdirSync(dirname(path), { recursive: true })
  const temporary = `${path}.${process.pid}.tmp`
  writeFileSync(temporary, contents)
  renameSync(temporary, path)
  return true
}

/** Build every bundle; resolves with the files written (those whose content changed). */
export const build = async () => {
  const builtAt = Date.now()
  const esbuild = await import("esbuild")
  const result = await esbuild.build(options)
  const written = []
  for (const file of result.outputFiles) {
    const shebang = SHEBANG[basename(file.path)]
    const contents = shebang === undefined ? file.contents : Buffer.concat([Buffer.from(shebang), file.contents])
    if (writeIfChanged(file.path, contents)) written.push(relative(root, file.path))
  }
  chmodSync(join(root, "dist", "lakegate.mjs"), 0o755)
  const inputs = [...Object.keys(result.metafile.inputs).filter((input) => !input.startsWith("node_modules/")), "package-lock.json"]
  writeFileSync(INPUTS, JSON.stringify({ builtAt, inputs }))
  return written
}

// `node src/cli/build.mjs [--if-stale]`: build (only when stale, with the flag).
if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url) && (!process.argv.includes("--if-stale") || isStale())) {
  build().catch(() => {
    // esbuild has printed the errors.
    process.exitCode = 1
  })
}
