/** A fresh DuckDB engine for a test. */
import { duckLayer } from "../../src/engine/Duck.ts"

export const TestDuck = duckLayer({ threads: 1, memoryLimit: "256MB" })
