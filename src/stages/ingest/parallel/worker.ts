/**
 * A staging worker: decodes, judges and stages the batches the landing thread
 * sends, one at a time and in the order received, and transfers each batch's
 * staging rows back. Started by `pool.ts` (through its bootstrap, so it also
 * runs where the parent's TypeScript loader does not reach worker threads).
 */
import { parentPort, workerData } from "node:worker_threads"
import { publishHostModules } from "../../../load/loadModule.ts"
import type { Source } from "../../../pipeline/Source.ts"
import { Stager } from "../../refine/stageBatch.ts"
import { fromRequest, packBatch, READY, type BatchReply, type BatchRequest, type WorkerSetup } from "./protocol.ts"

const port = parentPort
if (port === null) throw new Error("the staging worker must run in a worker thread")
const setup = workerData as WorkerSetup
// A compiled user module imports lakegate and effect from the host: this worker's own copies.
publishHostModules()
const loaded = ((await import(setup.source.url)) as Record<string, unknown>)[setup.source.exportName]
const source = (loaded !== null && typeof loaded === "object" && "source" in loaded ? (loaded as { source: Source }).source : loaded) as Source
// One stager for all batches: each batch is packed (copied) into its reply before the next is staged.
const stager = new Stager(source, setup.context)

port.on("message", (request: BatchRequest) => {
  const staged = stager.spans(fromRequest(request))
  // The request's buffer goes back with the reply, for the landing thread to read into again.
  const chunk = request.bytes
  if ("invalid" in staged) {
    const reply: BatchReply = { seq: request.seq, invalid: staged.invalid, reason: staged.reason, chunk }
    port.postMessage(reply, [chunk])
    return
  }
  const reply = { ...packBatch(request.seq, staged.batch), chunk }
  port.postMessage(reply, [reply.bytes, chunk])
})

port.postMessage(READY)
