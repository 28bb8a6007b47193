/**
 * Loading users' modules at run time: a module is compiled once and reused
 * while none of the files it reads changes; any change to the module or to a
 * file it imports, even one that keeps the size, compiles it again.
 */
import { Effect } from "effect"
import { writeFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { compileModule, loadModule, table } from "lakegate"
import { tempDir } from "../support/cli.ts"

const write = (dir: string, name: string, text: string) => writeFileSync(join(dir, name), text)

describe("loadModule", () => {
  it("serves lakegate's own values to the module and picks up a same-size change in an imported file", async () => {
    const dir = tempDir("lakegate-load-")
    write(dir, "limit.ts", "export const LIMIT = 1\n")
    write(dir, "contract.ts", 'import { column, table } from "lakegate"\nimport { LIMIT } from "./limit.ts"\nexport const limit = LIMIT\nexport const made = table({ name: "t", version: "1.0.0", columns: { id: column.id() } })\n')
    const first = await Effect.runPromise(loadModule(join(dir, "contract.ts")))
    expect(first["limit"]).toBe(1)
    expect(first["made"]).toMatchObject({ table: "t" })

    const again = await Effect.runPromise(compileModule(join(dir, "contract.ts")))
    expect(again).toBe(await Effect.runPromise(compileModule(join(dir, "contract.ts"))))

    write(dir, "limit.ts", "export const LIMIT = 2\n") // same size, maybe the same mtime
    const changed = await Effect.runPromise(compileModule(join(dir, "contract.ts")))
    expect(changed).not.toBe(again)
    expect((await Effect.runPromise(loadModule(join(dir, "contract.ts"))))["limit"]).toBe(2)
  })

  it("names the file and the line of a compile error", async () => {
    const dir = tempDir("lakegate-load-")
    write(dir, "broken.ts", "export const x = (\n")
    const error = await Effect.runPromise(Effect.flip(loadModule(join(dir, "broken.ts"))))
    expect(error._tag).toBe("ModuleLoadError")
    expect(error.message).toMatch(/broken\.ts:\d+: /)
  })
})
