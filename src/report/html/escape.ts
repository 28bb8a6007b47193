/**
 * HTML escaping, and the `html` template tag that applies it to every
 * interpolated value. Page code never concatenates strings into markup: it
 * writes `html\`<td>${value}</td>\``, and only values already built by `html`
 * (or a constant marked with `trusted`) go in unescaped.
 *
 * @example
 * html`<td title="${name}">${name}</td>`.value
 * // with name = `<img src=x onerror=alert(1)>`:
 * // <td title="&lt;img src=x onerror=alert(1)&gt;">&lt;img src=x onerror=alert(1)&gt;</td>
 */

const ENTITIES: Readonly<Record<string, string>> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }

/** Escape text for HTML element content and for quoted attribute values. */
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c)

/** A fragment of markup that is safe to insert as it is. */
export class Html {
  readonly _tag = "Html"
  constructor(readonly value: string) {}
  toString(): string {
    return this.value
  }
}

/** What may be interpolated: markup, text (escaped), numbers, nothing (`null`, `undefined`, booleans), or lists of these. */
export type Interpolation = Html | string | number | boolean | null | undefined | ReadonlyArray<Interpolation>

const render = (value: Interpolation): string => {
  if (value instanceof Html) return value.value
  if (Array.isArray(value)) return value.map(render).join("")
  if (value === null || value === undefined || typeof value === "boolean") return ""
  return escapeHtml(String(value))
}

/** Build markup; every interpolated value that is not already `Html` is escaped. */
export const html = (strings: TemplateStringsArray, ...values: ReadonlyArray<Interpolation>): Html => {
  let out = strings[0] ?? ""
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] ?? "")
  })
  return new Html(out)
}

/** Mark a constant of the program (never data) as markup, e.g. the stylesheet. */
export const trusted = (markup: string): Html => new Html(markup)

/** Join fragments with a separator. */
export const join = (parts: ReadonlyArray<Html>, separator: Html = new Html("")): Html => new Html(parts.map((p) => p.value).join(separator.value))

/** A value usable in an `id` attribute and a URL fragment: letters, digits, `-`, `_` and `.` only. */
export const anchorId = (prefix: string, text: string): string => `${prefix}-${text.replace(/[^A-Za-z0-9_.-]/g, "_")}`
