/** Helpers of the report tests: a temp reports dir and the platform layer, without the real step summary. */
import * as NodeContext from "@effect/platform-node/NodeContext"
import { ConfigProvider, Effect, Layer } from "effect"
import { tempDirectory } from "../../src/testing/tempDirectory.ts"

/** A fresh temp directory. */
export const tempDir = (prefix = "lakegate-report-"): Promise<string> => Promise.resolve(tempDirectory(prefix).path)

/**
 * Run an Effect with the Node platform and a config that only holds `env`
 * (so a CI runner's own GITHUB_STEP_SUMMARY is never written by tests).
 */
export const runReport = <A, E>(effect: Effect.Effect<A, E, NodeContext.NodeContext>, env: Record<string, string> = {}): Promise<A> =>
  Effect.runPromise(effect.pipe(Effect.provide(Layer.merge(NodeContext.layer, Layer.setConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(env))))))))

/** Like `runReport`, but returns the failure or success as an Either. */
export const runReportEither = <A, E>(effect: Effect.Effect<A, E, NodeContext.NodeContext>, env: Record<string, string> = {}) => runReport(Effect.either(effect), env)
