/**
 * `_manifest.json`: what makes a partition published. It lists the partition's
 * files with row counts and sha256, the contract they satisfy and the check
 * summary. A partition directory without it is not published.
 */
import { Schema } from "effect"

/** One data file of a partition. */
export const ManifestFile = Schema.Struct({
  path: Schema.String,
  rows: Schema.Number,
  bytes: Schema.Number,
  sha256: Schema.String
})
export type ManifestFile = typeof ManifestFile.Type

/** The manifest of one published partition (or gold table version). */
export const Manifest = Schema.Struct({
  formatVersion: Schema.Literal(1),
  layer: Schema.String,
  table: Schema.String,
  /** The partition's ingestion date; null for tables not partitioned by date (gold). */
  ingestionDate: Schema.NullOr(Schema.String),
  runId: Schema.String,
  publishedAt: Schema.String,
  contract: Schema.Struct({ id: Schema.String, version: Schema.String }),
  rows: Schema.Number,
  columns: Schema.Array(Schema.Tuple(Schema.String, Schema.String)),
  files: Schema.Array(ManifestFile),
  checks: Schema.Struct({ pass: Schema.Number, warn: Schema.Number, fail: Schema.Number, error: Schema.Number })
})
export type Manifest = typeof Manifest.Type

/** The file name that marks a directory as published. */
export const MANIFEST_FILE = "_manifest.json"

/** Encode a manifest as stable, readable JSON. */
export const encodeManifest = (manifest: Manifest): string => `${JSON.stringify(Schema.encodeSync(Manifest)(manifest), null, 2)}\n`

/** Decode a manifest's JSON text. */
export const decodeManifest = Schema.decodeUnknownEither(Schema.parseJson(Manifest))
