/**
 * Gold settings: `LAKEGATE_TOP_N`, how many customers `top_customers` ranks
 * (default 3, ≥ 1), read with Effect `Config` (environment variables by
 * default); and, in code only, statements to run on the built tables before
 * the audit (the tests use them to break gold on purpose and see the gate block).
 */
import { Config } from "effect"

/** What the gold stage is configured with. */
export interface GoldSettings {
  readonly topN: number
  /** Statements run on the built tables before they are staged and audited. */
  readonly afterBuild?: ReadonlyArray<string>
}

/** The default settings (top 3). */
export const defaultGoldSettings: GoldSettings = { topN: 3 }

/** Settings from the environment. */
export const GoldSettingsConfig: Config.Config<GoldSettings> = Config.all({
  topN: Config.integer("LAKEGATE_TOP_N").pipe(
    Config.validate({ message: "LAKEGATE_TOP_N must be a whole number ≥ 1", validation: (n: number) => n >= 1 }),
    Config.withDefault(3)
  )
})
