/**
 * The layers the CLI runs after silver.
 */
import { Effect } from "effect"
import type { Downstream } from "../run/pipeline.ts"
import { modelGold } from "../stages/model/gold.ts"
import { GoldSettingsConfig } from "../stages/model/settings.ts"

/** Gold: merge the date's silver into a new gold version (settings from LAKEGATE_TOP_N, LAKEGATE_FAULT). */
export const gold: Downstream = {
  layer: "gold",
  run: (run) => Effect.flatMap(GoldSettingsConfig, (settings) => modelGold(run, settings))
}

/** Downstream layers of the standard pipeline. */
export const goldDownstream: ReadonlyArray<Downstream> = [gold]
