/**
 * What can stop `lakegate check` before it judges any data. Each error carries
 * the facts the one-line message needs; the CLI maps them to exit codes:
 * a {@link ContractError} or a {@link FormatError} is exit 2 (the contract or
 * the command line is wrong), a {@link DataError} is exit 3 (the data cannot
 * be read).
 *
 * @example
 * new ContractError({ path: "contracts/orders.ts", at: "checks[2]", message: "range.amout names a column the contract does not declare: amout" })
 */
import { Data } from "effect"

/** The contract cannot be loaded or is invalid; `at` is the path inside it (`$` for the whole file). */
export class ContractError extends Data.TaggedError("ContractError")<{
  readonly path: string
  readonly at: string
  readonly message: string
}> {}

/** The data's format cannot be told, or the options do not fit it (a CSV option on Parquet). */
export class FormatError extends Data.TaggedError("FormatError")<{
  readonly path: string
  readonly message: string
}> {}

/**
 * The data cannot be read:
 * - `missing`: a named file does not exist (or is not a file);
 * - `no-match`: a glob matches no file;
 * - `unreadable`: DuckDB cannot read it (malformed CSV or JSON, not Parquet, truncated).
 */
export class DataError extends Data.TaggedError("DataError")<{
  readonly kind: "missing" | "no-match" | "unreadable"
  readonly path: string
  readonly message: string
}> {}

/** A one-line rendering of any of these errors, as the CLI prints it. */
export const describeError = (error: ContractError | FormatError | DataError): string => {
  switch (error._tag) {
    case "ContractError":
      return `${error.path}${error.at === "$" ? "" : ` at ${error.at}`}: ${firstLine(error.message)}`
    case "FormatError":
    case "DataError":
      return `${error.path}: ${firstLine(error.message)}`
  }
}

/** The first line of a message (DuckDB's errors run on with context and hints). */
export const firstLine = (text: string): string => text.split("\n")[0]?.trim() ?? text
