/**
 * The layers the CLI runs after silver.
 */
import type { Downstream } from "../run/pipeline.ts"

/** Downstream layers of the standard pipeline (gold plugs in here). */
export const goldDownstream: ReadonlyArray<Downstream> = []
