/**
 * The CLI's entry (`dist/lakegate.mjs`): a few lines that start listening
 * for SIGINT and SIGTERM, then load the CLI itself (`dist/lakegate-main.mjs`,
 * from `src/cli/main.ts`), whose bundle takes most of the start-up time to
 * load. A signal in that time is recorded, and the CLI stops with its one line
 * and exit code (130, 143) instead of Node's silent default.
 *
 *   node dist/lakegate.mjs check orders.contract.ts orders.csv
 */
import "./stopSignals.ts"

/** The CLI's bundle, next to this one (a path esbuild leaves to run time). */
const main = new URL("./lakegate-main.mjs", import.meta.url).href
await import(main)
