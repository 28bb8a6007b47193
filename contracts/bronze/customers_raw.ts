/**
 * Bronze contract: every source record, verbatim, with its lineage. Nothing is
 * judged here except that nothing was lost.
 */
import { bronzeTable } from "lakegate"

/** The bronze table of raw customer records. */
export const bronzeCustomersRaw = bronzeTable({
  name: "customers_raw",
  version: "1.0.0",
  description: "Every source record verbatim, one row per element of the customers array, with lineage columns."
})
