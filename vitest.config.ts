import { fileURLToPath } from "node:url"
import { defineConfig } from "vitest/config"
import { SlowestFirst } from "./test/support/sequencer.ts"

export default defineConfig({
  resolve: {
    // `import ... from "lakegate"` (contracts/, examples/, tests) is the package's own public entry.
    alias: [{ find: /^lakegate$/, replacement: fileURLToPath(new URL("./src/index.ts", import.meta.url)) }]
  },
  test: {
    include: ["test/**/*.test.ts"],
    // Builds the CLI bundles (`npm run build`) that the end-to-end tests spawn; starts Azurite for the object-store tests.
    globalSetup: ["test/support/globalSetup.ts", "test/support/azurite.ts"],
    // Removes the temp directories each test file made.
    setupFiles: ["test/support/setup.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: "forks",
    poolOptions: {
      // One process per worker for all its files, not one per file: each file no longer re-imports Effect, DuckDB
      // and the sources (about 2 s of CPU per file; 54 unit files took 119 instead of 232 CPU seconds). The setup
      // file still removes each file's temp directories, and Vitest still restores mocks between files.
      forks: { isolate: false }
    },
    // The slowest files first, so none runs alone at the end (test/support/sequencer.ts).
    sequence: { sequencer: SlowestFirst },
    reporters: ["default"]
  }
})
