/**
 * `--lakehouse az://<container>/<prefix>`: which store, how to sign in (from
 * the environment: `AZURE_STORAGE_CONNECTION_STRING`, else
 * `AZURE_STORAGE_ACCOUNT_URL` or `AZURE_STORAGE_ACCOUNT` with
 * `DefaultAzureCredential`, a managed identity in Azure), and where its local
 * cache lives by default (`$XDG_CACHE_HOME/lakegate/<account>/<container>/<prefix>`,
 * else `~/.cache/lakegate/...`). `LAKEGATE_AZURE_LEASE_SECONDS` (15 to 60,
 * default 60) sets how long the writers' lease lasts: how soon a killed run's
 * lakehouse can be taken over.
 *
 * @example
 * ```ts
 * const located = azureLocation("az://lake/prod", process.env, homedir())
 * // → Right({ settings: { container: "lake", prefix: "prod", connectionString: "..." }, cache: "/home/me/.cache/lakegate/acct/lake/prod" })
 * ```
 */
import { Data, Either } from "effect"
import { join } from "node:path"
import type { AzureBlobSettings, RetrySettings } from "./azureBlobStore.ts"

/** An `az://` location lakegate cannot use; says what to give. */
export class BadStoreLocation extends Data.TaggedError("BadStoreLocation")<{ readonly location: string; readonly reason: string }> {
  override get message(): string {
    return `--lakehouse ${this.location}: ${this.reason}`
  }
}

/** A store location and its default cache folder. */
export interface AzureLocation {
  readonly settings: AzureBlobSettings
  readonly cache: string
}

/** True for a lakehouse given as an object-store URL. */
export const isStoreUrl = (lakehouse: string): boolean => /^[a-z][a-z0-9+.-]*:\/\//i.test(lakehouse)

const CONTAINER = /^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){2,62}$/

/** Read the retry settings from `LAKEGATE_STORAGE_MAX_TRIES` and `LAKEGATE_STORAGE_RETRY_DELAY_MS` (unset: the defaults). */
const retryFrom = (env: Readonly<Record<string, string | undefined>>): Partial<RetrySettings> => {
  const tries = Number(env["LAKEGATE_STORAGE_MAX_TRIES"])
  const delay = Number(env["LAKEGATE_STORAGE_RETRY_DELAY_MS"])
  return { ...(Number.isInteger(tries) && tries >= 1 ? { maxTries: tries } : {}), ...(Number.isFinite(delay) && delay > 0 ? { retryDelayInMs: delay } : {}) }
}

/** Azure's finite leases: 15 to 60 seconds. */
const LEASE_RANGE = { min: 15, max: 60 } as const

/** `LAKEGATE_AZURE_LEASE_SECONDS` (unset or empty: the default, 60 s); a value Azure would refuse is an error, said before anything runs. */
const leaseFrom = (env: Readonly<Record<string, string | undefined>>): Either.Either<{ readonly leaseSeconds?: number }, string> => {
  const given = env["LAKEGATE_AZURE_LEASE_SECONDS"]
  if (given === undefined || given.trim() === "") return Either.right({})
  const seconds = Number(given)
  return Number.isInteger(seconds) && seconds >= LEASE_RANGE.min && seconds <= LEASE_RANGE.max
    ? Either.right({ leaseSeconds: seconds })
    : Either.left(`LAKEGATE_AZURE_LEASE_SECONDS=${JSON.stringify(given).slice(0, 40)} is not a lease duration: give whole seconds from ${LEASE_RANGE.min} to ${LEASE_RANGE.max} (Azure's finite leases)`)
}

/** Parse `az://container/prefix` with the credentials the environment gives. */
export const azureLocation = (location: string, env: Readonly<Record<string, string | undefined>>, home: string): Either.Either<AzureLocation, BadStoreLocation> => {
  const fail = (reason: string) => Either.left(new BadStoreLocation({ location, reason }))
  const match = /^az:\/\/([^/]+)\/?(.*)$/.exec(location)
  if (match === null) return fail("only az://<container>/<prefix> (Azure Blob Storage) is supported")
  const container = match[1] ?? ""
  const prefix = (match[2] ?? "").replace(/\/+$/, "")
  if (!CONTAINER.test(container)) return fail(`"${container}" is not a container name (3 to 63 lowercase letters, digits and single hyphens)`)
  if (prefix.split("/").some((part) => part === "." || part === "..")) return fail("the prefix may not contain . or .. segments")
  const connectionString = env["AZURE_STORAGE_CONNECTION_STRING"]
  // An empty variable is an unset one (`VAR=` in a shell or a container's environment).
  const given = (name: string) => (env[name] === "" ? undefined : env[name])
  const accountUrl = given("AZURE_STORAGE_ACCOUNT_URL") ?? (given("AZURE_STORAGE_ACCOUNT") === undefined ? undefined : `https://${given("AZURE_STORAGE_ACCOUNT")}.blob.core.windows.net`)
  const retry = retryFrom(env)
  const lease = leaseFrom(env)
  if (Either.isLeft(lease)) return fail(lease.left)
  const account =
    connectionString !== undefined && connectionString !== ""
      ? (/AccountName=([^;]+)/.exec(connectionString)?.[1] ?? "account")
      : accountUrl !== undefined
        ? (/^https?:\/\/([^./:]+)/.exec(accountUrl)?.[1] ?? "account")
        : null
  if (account === null) return fail("no credentials: set AZURE_STORAGE_CONNECTION_STRING, or AZURE_STORAGE_ACCOUNT_URL (or AZURE_STORAGE_ACCOUNT) to sign in with the default Azure credential (managed identity)")
  const cacheHome = env["XDG_CACHE_HOME"] !== undefined && env["XDG_CACHE_HOME"] !== "" ? env["XDG_CACHE_HOME"] : join(home, ".cache")
  const cache = join(cacheHome, "lakegate", account, container, ...prefix.split("/").filter((p) => p !== ""))
  const settings: AzureBlobSettings =
    connectionString !== undefined && connectionString !== "" ? { container, prefix, connectionString, retry, ...lease.right } : { container, prefix, accountUrl: accountUrl ?? "", retry, ...lease.right }
  return Either.right({ settings, cache })
}
