/**
 * The framework knows no dataset: nothing under src/ imports contracts/,
 * examples/, test/ or bench/, and no file under src/ names the customers
 * dataset; datasets reach the framework only through its public entry
 * (`import ... from "lakegate"`), never by a path into src/.
 */
import { readdirSync, readFileSync, statSync } from "node:fs"
import { dirname, join, relative, resolve } from "node:path"
import { describe, expect, it } from "vitest"
import { repoRoot } from "../support/cli.ts"

/** Every TypeScript or JavaScript file under a folder of the repository. */
const sourceFiles = (folder: string): ReadonlyArray<string> => {
  const out: Array<string> = []
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name)
      if (statSync(path).isDirectory()) walk(path)
      else if (/\.(ts|mts|mjs|js)$/.test(name)) out.push(path)
    }
  }
  walk(join(repoRoot, folder))
  return out
}

/** The module specifiers a file imports or re-exports (static and dynamic). */
const specifiers = (file: string): ReadonlyArray<string> => {
  const text = readFileSync(file, "utf8")
  const found = [...text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^;'"]*?from\s*["']([^"']+)["']/g), ...text.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g)]
  return found.map((m) => m[1]!)
}

/** The top-level folder a relative specifier of `file` lands in, or null for a package. */
const landsIn = (file: string, specifier: string): string | null =>
  specifier.startsWith(".") ? (relative(repoRoot, resolve(dirname(file), specifier)).split(/[\\/]/)[0] ?? null) : null

describe("the framework's boundaries", () => {
  it("src/ imports nothing from contracts/, examples/, test/ or bench/", () => {
    const leaks = sourceFiles("src").flatMap((file) =>
      specifiers(file)
        .filter((s) => ["contracts", "examples", "test", "bench"].includes(landsIn(file, s) ?? ""))
        .map((s) => `${relative(repoRoot, file)} imports ${s}`)
    )
    expect(leaks).toEqual([])
  })

  it("no file under src/ names the customers dataset", () => {
    const named = sourceFiles("src").filter((file) => /customers?|transactions?/i.test(readFileSync(file, "utf8")))
    expect(named.map((f) => relative(repoRoot, f))).toEqual([])
  })

  it("contracts/ and examples/ reach the framework only through its public entry", () => {
    const deep = ["contracts", "examples"].flatMap((folder) =>
      sourceFiles(folder).flatMap((file) =>
        specifiers(file)
          .filter((s) => landsIn(file, s) === "src" || s.startsWith("lakegate/"))
          .map((s) => `${relative(repoRoot, file)} imports ${s}`)
      )
    )
    expect(deep).toEqual([])
  })

  it("the package exposes one public entry, src/index.ts", () => {
    const manifest = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as { exports?: unknown }
    expect(manifest.exports).toEqual({ ".": "./src/index.ts" })
  })

  it("the checker sees real imports (a self-test on this file's own)", () => {
    const own = specifiers(join(repoRoot, "test", "framework", "boundaries.test.ts"))
    expect(own).toContain("../support/cli.ts")
    expect(landsIn(join(repoRoot, "test", "framework", "boundaries.test.ts"), "../support/cli.ts")).toBe("test")
  })
})
