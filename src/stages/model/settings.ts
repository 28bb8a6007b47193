/**
 * Gold settings, read with Effect `Config` (environment variables by default):
 *
 * - `LAKEGATE_TOP_N`: how many customers `top_customers` ranks (default 3, ≥ 1);
 * - `LAKEGATE_FAULT`: TEST-ONLY fault injection. `gold.drop_product` deletes
 *   the product of the first fact from the built dim_product before the audit,
 *   so `fk.fact_product` must block the publish. It proves the gate in the
 *   end-to-end tests; it can only make a run fail, never publish bad data.
 */
import { Config, Option } from "effect"

/** The faults a test may inject into the gold stage. */
export const GoldFault = ["gold.drop_product"] as const
export type GoldFault = (typeof GoldFault)[number]

/** What the gold stage is configured with. */
export interface GoldSettings {
  readonly topN: number
  readonly fault: Option.Option<GoldFault>
}

/** The default settings (top 3, no fault). */
export const defaultGoldSettings: GoldSettings = { topN: 3, fault: Option.none() }

/** Settings from the environment. */
export const GoldSettingsConfig: Config.Config<GoldSettings> = Config.all({
  topN: Config.integer("LAKEGATE_TOP_N").pipe(
    Config.validate({ message: "LAKEGATE_TOP_N must be a whole number ≥ 1", validation: (n: number) => n >= 1 }),
    Config.withDefault(3)
  ),
  fault: Config.option(
    Config.string("LAKEGATE_FAULT").pipe(
      Config.validate({
        message: `LAKEGATE_FAULT is a test-only fault injection; the only value is ${GoldFault.join(", ")}`,
        validation: (text: string): text is GoldFault => (GoldFault as ReadonlyArray<string>).includes(text)
      })
    )
  )
})
