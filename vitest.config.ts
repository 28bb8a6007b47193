import { defineConfig } from "vitest/config"

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Builds the CLI bundles (`npm run build`) that the end-to-end tests spawn.
    globalSetup: ["test/support/globalSetup.ts"],
    // Removes the temp directories each test file made.
    setupFiles: ["test/support/setup.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: "forks",
    reporters: ["default"]
  }
})
