/**
 * YAML text for exports, with decimal numbers written exactly as given: a
 * bound `"0.10"` on a DECIMAL column is written `0.10`, never rounded through
 * a binary float (the `yaml` package writes JavaScript numbers only).
 *
 * @example
 * import { exactNumber, yamlText } from "./yamlText.ts"
 * yamlText({ minimum: exactNumber("0.10") }) // "minimum: 0.10\n"
 */
import { stringify } from "yaml"

/** A number to write as this exact decimal text. */
export class ExactNumber {
  constructor(readonly text: string) {}
}

/** A decimal (`"12.50"`, `-3`, `7`) to write as a YAML number; text that is not a plain decimal stays text. */
export const exactNumber = (value: string | number): ExactNumber | string =>
  /^-?\d+(\.\d+)?$/.test(String(value)) ? new ExactNumber(String(value)) : String(value)

const MARK = "__lakegate_exact_number_"
const MARKED = new RegExp(`${MARK}(-?\\d+(?:\\.\\d+)?)__`, "g")

const mark = (value: unknown): unknown =>
  value instanceof ExactNumber
    ? `${MARK}${value.text}__`
    : Array.isArray(value)
      ? value.map(mark)
      : typeof value === "object" && value !== null
        ? Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [k, mark(v)]))
        : value

/** The value as YAML (block style, long lines kept whole), with {@link ExactNumber}s as numbers. */
export const yamlText = (value: unknown): string => stringify(mark(value), { lineWidth: 0, minContentWidth: 0 }).replace(MARKED, "$1")
