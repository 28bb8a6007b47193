/**
 * Vitest global set-up: starts Azurite's Blob service (the devDependency
 * `azurite`, Microsoft's storage emulator) in memory on a free loopback port,
 * telemetry off, for the object-store tests, and stops it at the end. Tests
 * get its connection string with `inject("azuriteConnectionString")`.
 */
import { spawn, type ChildProcess } from "node:child_process"
import { createRequire } from "node:module"
import { createServer } from "node:net"
import { dirname, join } from "node:path"
import type { TestProject } from "vitest/node"

declare module "vitest" {
  export interface ProvidedContext {
    azuriteConnectionString: string
  }
}

/** Azurite's well-known development account (public, documented by Microsoft; not a secret). */
const ACCOUNT = "devstoreaccount1"
const KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="

/** The connection string of an Azurite blob endpoint on a loopback port. */
export const azuriteConnectionString = (port: number): string =>
  `DefaultEndpointsProtocol=http;AccountName=${ACCOUNT};AccountKey=${KEY};BlobEndpoint=http://127.0.0.1:${port}/${ACCOUNT};`

/** A port free on loopback now. */
export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer()
    server.once("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const address = server.address()
      const port = typeof address === "object" && address !== null ? address.port : 0
      server.close(() => resolve(port))
    })
  })

/** Start Azurite's blob service; resolves once it listens. */
export const startAzurite = async (): Promise<{ readonly port: number; readonly child: ChildProcess }> => {
  const require = createRequire(import.meta.url)
  const main = join(dirname(require.resolve("azurite/package.json")), "dist", "src", "blob", "main.js")
  for (let attempt = 0; ; attempt++) {
    const port = await freePort()
    const child = spawn(process.execPath, [main, "--blobHost", "127.0.0.1", "--blobPort", String(port), "--inMemoryPersistence", "--extentMemoryLimit", "256", "--skipApiVersionCheck", "--silent", "--disableTelemetry", "--loose"], {
      stdio: ["ignore", "pipe", "pipe"]
    })
    let output = ""
    const listening = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), 30_000)
      const onData = (d: Buffer) => {
        output += d.toString()
        if (output.includes("successfully listens")) {
          clearTimeout(timer)
          resolve(true)
        }
      }
      child.stdout?.on("data", onData)
      child.stderr?.on("data", onData)
      child.once("exit", () => {
        clearTimeout(timer)
        resolve(false)
      })
    })
    if (listening) return { port, child }
    child.kill("SIGKILL")
    if (attempt >= 2) throw new Error(`Azurite did not start:\n${output}`)
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const { port, child } = await startAzurite()
  project.provide("azuriteConnectionString", azuriteConnectionString(port))
  return () => {
    child.kill("SIGTERM")
  }
}
