/**
 * The check catalogue document for the contracts of this lakehouse.
 */
import { checkUsage, renderCatalogue } from "./catalogueDoc.ts"
import { bronzeCustomersRaw, goldContracts, silverContracts, sourceCustomers } from "./index.ts"

/** Checks computed by the stages themselves rather than declared on a table contract; `volume.recent` is the framework's default on every silver table. */
const stageChecks = {
  "reconcile.source_bronze": ["bronze.customers_raw"],
  "quarantine.rate": ["silver.customers", "silver.transactions"],
  "volume.recent": silverContracts.map((c) => c.id)
}

/** `docs/checks.md` as it should read. */
export const catalogueDocument = (): string =>
  renderCatalogue(
    checkUsage([sourceCustomers], [bronzeCustomersRaw, ...silverContracts, ...goldContracts], stageChecks)
  )
