/**
 * `npm run generate`: runs the generator's command line ({@link runGenerate})
 * on Node and exits with its code: 0 done, 2 bad usage, 1 anything else.
 *
 * ```sh
 * npm run generate -- --customers 2000 --seed 42 --defect-rate 0.02 --out data/customers.json
 * npm run generate -- --customers 500 --seed 7 --days 5 --out-dir data/daily-example
 * ```
 */
import * as NodeContext from "@effect/platform-node/NodeContext"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import { Effect, Exit } from "effect"
import { runGenerate } from "./cli.ts"

NodeRuntime.runMain(runGenerate(process.argv).pipe(Effect.provide(NodeContext.layer)), {
  teardown: (exit, onExit) => onExit(Exit.isSuccess(exit) && typeof exit.value === "number" ? exit.value : 1)
})
