/**
 * A starter process for the concurrent-takeover test: for each trial it waits
 * for the go signal (a file), tries to hold the trial's lakehouse, says what
 * happened (a file), and if it won holds the lock until the trial is over.
 *
 * Usage: node --import tsx lockStarter.ts BASE TRIALS ID
 */
import { Effect } from "effect"
import { existsSync, renameSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { holdLakehouse } from "../../src/lakehouse/RunLock.ts"

const [base, trialsText, id] = process.argv.slice(2) as [string, string, string]
const trials = Number(trialsText)

const waitFor = (file: string) =>
  Effect.promise(
    () =>
      new Promise<void>((resolve) => {
        const poll = () => (existsSync(file) ? resolve() : setTimeout(poll, 1))
        poll()
      })
  )

const program = Effect.gen(function* () {
  for (let t = 0; t < trials; t++) {
    yield* waitFor(join(base, `go-${t}`))
    yield* Effect.scoped(
      Effect.gen(function* () {
        const held = yield* Effect.either(holdLakehouse(join(base, `lh-${t}`), `starter-${id}-${t}`))
        // Written whole, then renamed into place: the test never reads half an answer.
        writeFileSync(join(base, `tmp-${t}-${id}`), held._tag === "Right" ? "won" : held.left._tag)
        renameSync(join(base, `tmp-${t}-${id}`), join(base, `res-${t}-${id}`))
        if (held._tag === "Right") yield* waitFor(join(base, `done-${t}`))
      })
    )
  }
})

Effect.runPromise(program).then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${String(error)}\n`)
    process.exit(1)
  }
)
