/**
 * Find and load the pipeline `lakegate run` runs: `--pipeline FILE`, or the
 * file named by `"lakegate": { "pipeline": FILE }` in the working directory's
 * package.json. The module is compiled and imported once; its path is also
 * handed to staging worker threads, which import the same compiled module.
 */
import { Data, Effect } from "effect"
import { pathToFileURL } from "node:url"
import { compileModule, importCompiled } from "../load/loadModule.ts"
import { isPipeline, type Pipeline } from "../pipeline/Pipeline.ts"
import type { SourceModule } from "../stages/ingest/parallel/protocol.ts"
import { configuredModule } from "./projectConfig.ts"

/** No pipeline could be found or loaded (exit code 2). */
export class PipelineNotFound extends Data.TaggedError("PipelineNotFound")<{ readonly message: string }> {}

/** A loaded pipeline and where workers find it. */
export interface LoadedPipeline {
  readonly pipeline: Pipeline
  readonly module: SourceModule
}

/** Load the pipeline from `file`, or from package.json's `lakegate.pipeline` when `file` is null. */
export const loadPipeline = (file: string | null): Effect.Effect<LoadedPipeline, PipelineNotFound> =>
  Effect.gen(function* () {
    const path = file ?? (yield* configuredModule("pipeline"))
    if (path === null) {
      return yield* new PipelineNotFound({ message: 'no pipeline: give --pipeline FILE, or name it in package.json as "lakegate": { "pipeline": "FILE" }' })
    }
    const compiled = yield* compileModule(path).pipe(Effect.mapError((e) => new PipelineNotFound({ message: `${e.path}: ${e.message}` })))
    const exports = yield* importCompiled(compiled, path).pipe(Effect.mapError((e) => new PipelineNotFound({ message: `${e.path}: ${e.message}` })))
    const name = isPipeline(exports["default"]) ? "default" : Object.keys(exports).find((k) => isPipeline(exports[k]))
    const found = name === undefined ? undefined : exports[name]
    if (name === undefined || !isPipeline(found)) return yield* new PipelineNotFound({ message: `${path}: exports no pipeline (export one made with pipeline({...}))` })
    return { pipeline: found, module: { url: pathToFileURL(compiled).href, exportName: name } }
  })
