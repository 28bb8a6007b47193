/**
 * Temporary directories for property runs and tests: each is removed when
 * its user calls `remove`, or by {@link removeTempDirectories} (the test
 * setup calls it after every test file), or at process exit.
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"

const leftovers = new Set<string>()

/** Remove every temp directory made here and not removed yet. */
export const removeTempDirectories = (): void => {
  for (const path of leftovers) rmSync(path, { recursive: true, force: true })
  leftovers.clear()
}

process.once("exit", removeTempDirectories)

/** A fresh temp directory, removed by `remove`, by {@link removeTempDirectories} or at process exit. */
export const tempDirectory = (prefix = "lakegate-props-"): { readonly path: string; readonly remove: () => void } => {
  const path = mkdtempSync(join(tmpdir(), prefix))
  leftovers.add(path)
  const remove = () => {
    rmSync(path, { recursive: true, force: true })
    leftovers.delete(path)
  }
  return { path, remove }
}
