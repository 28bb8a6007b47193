/**
 * A corpus of malformed or unusual deliveries for the customers pipeline
 * (issue 19), generated, not stored: each case is built by a family of
 * constructions (a truncation, a wrong top level, one field made wrong, ...)
 * and its expected verdict follows from what the family does, by the rules
 * the README and the source contract state:
 * - a document that is not JSON, not UTF-8, or not `{"customers": [...]}` is
 *   refused: exit 3, nothing published;
 * - a record that breaks the source contract is quarantined under the checks
 *   it breaks, the rest published: one bad record among {@link VALID_COUNT}
 *   valid ones is under the 5% quarantine threshold, so exit 0;
 * - a record that is merely unusual (exponents, unicode, extra fields, deep
 *   nesting in a field the contract ignores) is accepted.
 *
 * @example
 * for (const c of hostileCorpus()) console.log(c.name, c.expected.exit, c.expected.quarantinedChecks)
 */

/** The ingestion date every case is run for. */
export const CORPUS_DATE = "2026-11-20"

/** Valid customers around the case's record: one rejected record is 1/51 ≈ 2%, under the 5% fail threshold. */
export const VALID_COUNT = 50

/** What a case must end with. */
export interface Expected {
  readonly exit: 0 | 1 | 3
  /** The check ids in the silver quarantine (exactly these; none when empty). Only for published runs. */
  readonly quarantinedChecks?: ReadonlyArray<string>
  /** Bronze and silver published for the date (false: nothing at all published). */
  readonly published: boolean
}

/** One input and its verdict. */
export interface HostileCase {
  readonly family: string
  readonly name: string
  readonly bytes: Uint8Array
  readonly expected: Expected
  /**
   * For a case that is one unusual record among valid ones: that record with
   * the customer id `id` (`bytes` holds it with id {@link SUBJECT} after the
   * valid customers), so several such records can share one document, each
   * judged on its own (their ids and transaction ids differ).
   */
  readonly record?: (id: number) => string | Uint8Array
}

type Json = null | boolean | number | string | ReadonlyArray<Json> | { readonly [key: string]: Json }

/** A valid customer: one transaction of 10.50 on 2026-01-02, totals that match. */
export const validCustomer = (id: number): Record<string, Json> => ({
  id,
  name: `Customer ${id}`,
  email: `customer${id}@example.com`,
  signup_date: "2025-01-01",
  last_purchase: "2026-01-02",
  total_spent: 10.5,
  transactions: [{ transaction_id: id * 1000 + 1, date: "2026-01-02", amount: 10.5, product_id: 7, product_name: "Widget" }]
})

/** The id of the case's own record (after the valid ones). */
export const SUBJECT = 900

const utf8 = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, "utf8"))

/** The valid customers' texts. */
const validTexts = (): ReadonlyArray<string> => Array.from({ length: VALID_COUNT }, (_, i) => JSON.stringify(validCustomer(i + 1)))

/** A document of `valid` valid customers (ids 1..valid) followed by the given record texts (verbatim bytes). */
export const documentOf = (valid: number, records: ReadonlyArray<string | Uint8Array>): Uint8Array => {
  const texts = Array.from({ length: valid }, (_, i) => JSON.stringify(validCustomer(i + 1)))
  const parts: Array<Uint8Array> = [utf8(`{"customers":[\n${texts.join(",\n")}`)]
  for (const r of records) parts.push(utf8(",\n"), typeof r === "string" ? utf8(r) : r)
  parts.push(utf8("\n]}\n"))
  return new Uint8Array(Buffer.concat(parts))
}

/** The {@link VALID_COUNT} valid customers followed by the given record texts. */
export const documentWith = (...records: ReadonlyArray<string | Uint8Array>): Uint8Array => documentOf(VALID_COUNT, records)

/** A case that is one record among the valid customers, built for any customer id. */
const recordCase = (family: string, name: string, record: (id: number) => string | Uint8Array, expected: Expected): HostileCase => ({
  family,
  name,
  bytes: documentWith(record(SUBJECT)),
  expected,
  record
})

/** The valid document, nothing unusual. */
export const validDocument = (): Uint8Array => documentWith()

const refused: Expected = { exit: 3, published: false }
const accepted: Expected = { exit: 0, quarantinedChecks: [], published: true }
const quarantined = (...checks: ReadonlyArray<string>): Expected => ({ exit: 0, quarantinedChecks: [...checks].sort(), published: true })

/** The subject customer with fields replaced (`undefined` removes a field), as JSON text. */
const subject = (fields: Record<string, Json | undefined> = {}, id: number = SUBJECT): string => {
  const record: Record<string, Json | undefined> = { ...validCustomer(id), ...fields }
  return JSON.stringify(Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)))
}

/** The subject's one transaction with fields replaced (`undefined` removes one); `outer` changes the customer too. */
const subjectTransaction = (fields: Record<string, Json | undefined>, outer: Record<string, Json | undefined> = {}, id: number = SUBJECT): string => {
  const base: Record<string, Json> = { transaction_id: id * 1000 + 1, date: "2026-01-02", amount: 10.5, product_id: 7, product_name: "Widget" }
  const t = Object.fromEntries(Object.entries({ ...base, ...fields }).filter(([, v]) => v !== undefined)) as Record<string, Json>
  return subject({ transactions: [t], ...outer }, id)
}

/** The subject's text with one JSON value text put where `"@@"` is (for values JSON.stringify cannot write: 1e400, -0, bare tokens). */
const withRaw = (template: Record<string, Json | undefined>, raw: string, id: number = SUBJECT): string => subject(template, id).replace('"@@"', raw)

/** Wrong JSON types for a value of the given kind. */
const wrongTypes = (kind: "number" | "string" | "array"): ReadonlyArray<readonly [string, Json]> => [
  ...(kind === "number" ? [["a string", "12"] as const] : []),
  ...(kind === "string" ? [["a number", 12] as const] : []),
  ["an object", { value: 1 }],
  ...(kind === "array" ? [] : [["an array", [1]] as const]),
  ["a boolean", true]
]

/** Truncations of the valid document at many offsets, each before its closing brace: exit 3. */
const truncations = (): ReadonlyArray<HostileCase> => {
  const full = validDocument()
  const last = Buffer.from(full).lastIndexOf("}")
  const text = Buffer.from(full).toString("latin1")
  const marked = [
    ["empty file", 0],
    ["after the opening brace", 1],
    ["inside the key", 5],
    ["after the key's colon", text.indexOf("[")],
    ["after the opening bracket", text.indexOf("[") + 1],
    ["inside the first record's name", text.indexOf("Customer 1") + 4],
    ["inside an escape-free number", text.indexOf("10.5") + 2],
    ["after a comma between records", text.indexOf("},\n") + 2],
    ["before the closing bracket", text.lastIndexOf("]")],
    ["before the closing brace", last]
  ] as const
  const spread = Array.from({ length: 30 }, (_, k) => Math.floor(((k + 1) * last) / 31))
  return [
    ...marked.map(([where, at]) => ({ family: "truncation", name: `truncated ${where} (${at} bytes)`, bytes: full.slice(0, at), expected: refused })),
    ...spread.map((at) => ({ family: "truncation", name: `truncated at byte ${at} of ${full.length}`, bytes: full.slice(0, at), expected: refused }))
  ]
}

/** Documents whose top level is not `{"customers": [...]}`: exit 3. */
const topLevels = (): ReadonlyArray<HostileCase> => {
  const records = validTexts().slice(0, 3).join(",")
  const cases: ReadonlyArray<readonly [string, string]> = [
    ["a bare array of customers", `[${records}]`],
    ["an empty object", "{}"],
    ["customers is an object", `{"customers": {"a": ${records.split("},")[0]}}}`],
    ["customers is null", '{"customers": null}'],
    ["customers is a string", '{"customers": "[]"}'],
    ["customers is a number", '{"customers": 3}'],
    ["another key instead of customers", `{"clients": [${records}]}`],
    ["another key after customers", `{"customers": [${records}], "clients": []}`],
    ["a string", '"customers"'],
    ["null", "null"],
    ["a number", "42"],
    ["true", "true"],
    ["whitespace only", " \n\t \r\n"]
  ]
  return cases.map(([name, text]) => ({ family: "top level", name, bytes: utf8(text), expected: refused }))
}

/** Documents that are not JSON around valid records: exit 3. */
const syntax = (): ReadonlyArray<HostileCase> => {
  const doc = Buffer.from(validDocument()).toString("utf8")
  const one = subject()
  const cases: ReadonlyArray<readonly [string, string]> = [
    ["trailing garbage after the document", `${doc}xyz`],
    ["a second document after the first", `${doc}{"customers":[]}`],
    ["a trailing comma in the array", doc.replace("\n]}", ",\n]}")],
    ["a leading comma in the array", doc.replace('{"customers":[\n', '{"customers":[,\n')],
    ["two commas between records", doc.replace("},\n", "},,\n")],
    ["a missing comma between records", doc.replace("},\n", "}\n")],
    ["a comment between records", doc.replace("},\n", "}, // note\n")],
    ["single-quoted strings in a record", `{"customers":[${one.replaceAll('"', "'")}]}`],
    ["a bare NaN amount", `{"customers":[${withRaw({ total_spent: "@@" }, "NaN")}]}`],
    ["a bare Infinity amount", `{"customers":[${withRaw({ total_spent: "@@" }, "Infinity")}]}`],
    ["a leading zero in a number", `{"customers":[${withRaw({ id: "@@" }, "0900")}]}`],
    ["a plus sign on a number", `{"customers":[${withRaw({ id: "@@" }, "+900")}]}`],
    ["a number starting with a dot", `{"customers":[${withRaw({ total_spent: "@@" }, ".5")}]}`],
    ["a number ending with a dot", `{"customers":[${withRaw({ total_spent: "@@" }, "10.")}]}`],
    ["a hexadecimal number", `{"customers":[${withRaw({ id: "@@" }, "0x384")}]}`],
    ["an unquoted key", `{"customers":[${one.replace('"email"', "email")}]}`],
    ["an invalid escape in a string", `{"customers":[${one.replace("Customer 900", "Customer \\x41")}]}`],
    ["a short unicode escape", `{"customers":[${one.replace("Customer 900", "Customer \\u12")}]}`],
    ["a raw tab inside a string", `{"customers":[${one.replace("Customer 900", "Customer\t900")}]}`],
    ["a raw NUL inside a string", `{"customers":[${one.replace("Customer 900", "Customer\u0000900")}]}`],
    ["a raw newline inside a string", `{"customers":[${one.replace("Customer 900", "Customer\n900")}]}`],
    ["an unclosed object inside the array", `{"customers":[${one.slice(0, -1)}]}`],
    ["a record closed twice", `{"customers":[${one}}]}`],
    ["the array closed by a brace", `{"customers":[${one}}}`]
  ]
  return cases.map(([name, text]) => ({ family: "syntax", name, bytes: utf8(text), expected: refused }))
}

/** Bytes that are not UTF-8 inside a record: exit 3. */
const encodings = (): ReadonlyArray<HostileCase> => {
  const one = subject()
  const at = one.indexOf("Customer 900") + "Customer".length
  const withBytes = (bytes: ReadonlyArray<number>) => documentWith(new Uint8Array(Buffer.concat([Buffer.from(one.slice(0, at)), Buffer.from(bytes), Buffer.from(one.slice(at))])))
  const cases: ReadonlyArray<readonly [string, ReadonlyArray<number>]> = [
    ["Latin-1 é", [0xe9]],
    ["a lone continuation byte", [0x80]],
    ["an overlong slash", [0xc0, 0xaf]],
    ["a CESU-8 surrogate", [0xed, 0xa0, 0x80]],
    ["a cut three-byte sequence", [0xe2, 0x82]],
    ["the byte 0xFF", [0xff]],
    ["a code point above U+10FFFF", [0xf4, 0x90, 0x80, 0x80]]
  ]
  const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(Buffer.from(validDocument()).toString("utf8"), "utf16le")])
  return [
    ...cases.map(([name, bytes]) => ({ family: "encoding", name: `${name} in a name`, bytes: withBytes(bytes), expected: refused })),
    { family: "encoding", name: "the whole file in UTF-16 with a byte order mark", bytes: new Uint8Array(utf16), expected: refused }
  ]
}

/** Each field of a customer made wrong: the record does not decode, quarantined under `schema`. */
const customerFields = (): ReadonlyArray<HostileCase> => {
  const fields: ReadonlyArray<readonly [string, "number" | "string" | "array"]> = [
    ["id", "number"],
    ["name", "string"],
    ["email", "string"],
    ["signup_date", "string"],
    ["total_spent", "number"],
    ["transactions", "array"]
  ]
  const cases: Array<HostileCase> = []
  for (const [field, kind] of fields) {
    for (const [what, value] of wrongTypes(kind)) cases.push(recordCase("field type", `${field} is ${what}`, (id) => subject({ [field]: value }, id), quarantined("schema")))
    cases.push(recordCase("field null", `${field} is null`, (id) => subject({ [field]: null }, id), quarantined("schema")))
    cases.push(recordCase("field missing", `${field} is missing`, (id) => subject({ [field]: undefined }, id), quarantined("schema")))
  }
  // last_purchase may be null (when there are no transactions): null with a transaction decodes and breaks last_purchase_matches.
  cases.push(recordCase("field null", "last_purchase is null with a transaction", (id) => subject({ last_purchase: null }, id), quarantined("date.last_purchase_matches")))
  cases.push(recordCase("field missing", "last_purchase is missing", (id) => subject({ last_purchase: undefined }, id), quarantined("schema")))
  cases.push(recordCase("field type", "last_purchase is a number", (id) => subject({ last_purchase: 20260102 }, id), quarantined("schema")))
  return cases
}

/** Each field of a transaction made wrong: quarantined under `schema`. */
const transactionFields = (): ReadonlyArray<HostileCase> => {
  const fields: ReadonlyArray<readonly [string, "number" | "string"]> = [
    ["transaction_id", "number"],
    ["date", "string"],
    ["amount", "number"],
    ["product_id", "number"],
    ["product_name", "string"]
  ]
  const cases: Array<HostileCase> = []
  for (const [field, kind] of fields) {
    for (const [what, value] of wrongTypes(kind).slice(0, 2)) cases.push(recordCase("transaction field", `a transaction's ${field} is ${what}`, (id) => subjectTransaction({ [field]: value }, {}, id), quarantined("schema")))
    cases.push(recordCase("transaction field", `a transaction's ${field} is null`, (id) => subjectTransaction({ [field]: null }, {}, id), quarantined("schema")))
    cases.push(recordCase("transaction field", `a transaction's ${field} is missing`, (id) => subjectTransaction({ [field]: undefined }, {}, id), quarantined("schema")))
  }
  cases.push(recordCase("transaction field", "a transaction is a number", (id) => subject({ transactions: [1] }, id), quarantined("schema")))
  cases.push(recordCase("transaction field", "a transaction is null", (id) => subject({ transactions: [null] }, id), quarantined("schema")))
  return cases
}

/**
 * Numbers at the edges: out of the contract's ranges (quarantined by the check
 * that owns the range) or unusual but equal to a valid value (accepted). Ids
 * written as exponents need a customer id that is a multiple of 100.
 */
const numbers = (): ReadonlyArray<HostileCase> => {
  const c = (name: string, record: (id: number) => string, expected: Expected): HostileCase => recordCase("numbers", name, record, expected)
  const tx = (fields: Record<string, Json | undefined>, outer: Record<string, Json | undefined> = {}) => (id: number) => subjectTransaction(fields, outer, id)
  const txRaw = (raw: string, outer: Record<string, Json | undefined> = {}) => (id: number) => subjectTransaction({ amount: "@@" }, outer, id).replace('"@@"', raw)
  return [
    c("a negative id", (id) => subject({ id: -id }, id), quarantined("schema")),
    c("an id of 0", (id) => subject({ id: 0 }, id), quarantined("schema")),
    c("a fractional id", (id) => subject({ id: id + 0.5 }, id), quarantined("schema")),
    c("an id past 2^53", (id) => withRaw({ id: "@@" }, "9007199254740993", id), quarantined("schema")),
    c("an id of 1e400 (infinite as a double)", (id) => withRaw({ id: "@@" }, "1e400", id), quarantined("schema")),
    c("an id written 9.0e2", (id) => withRaw({ id: "@@" }, `${(id / 100).toFixed(1)}e2`, id), accepted),
    c("an id written 9E+2", (id) => withRaw({ id: "@@" }, `${id / 100}E+2`, id), accepted),
    c("a total_spent of 1e400", (id) => withRaw({ total_spent: "@@" }, "1e400", id), quarantined("schema")),
    c("a total_spent written 1.05e1", (id) => withRaw({ total_spent: "@@" }, "1.05e1", id), accepted),
    c("a total_spent written 1050e-2", (id) => withRaw({ total_spent: "@@" }, "1050e-2", id), accepted),
    c("a total_spent a cent off", (id) => subject({ total_spent: 10.51 }, id), quarantined("amount.total_spent_matches")),
    c("a total_spent with three decimals", (id) => subject({ total_spent: 10.505 }, id), quarantined("amount.total_spent_matches")),
    c("a total_spent written as text", (id) => subject({ total_spent: "10.50" }, id), quarantined("schema")),
    c('a total_spent of "NaN" as text', (id) => subject({ total_spent: "NaN" }, id), quarantined("schema")),
    c("a negative amount (total matching)", tx({ amount: -10.5 }, { total_spent: -10.5 }), quarantined("amount.positive")),
    c("an amount of 0 (total matching)", tx({ amount: 0 }, { total_spent: 0 }), quarantined("amount.positive")),
    c("an amount of -0", txRaw("-0", { total_spent: 0 }), quarantined("amount.positive")),
    c("an amount with three decimals", tx({ amount: 10.505 }, { total_spent: 10.51 }), quarantined("amount.positive")),
    c("an amount of 1e-7", tx({ amount: 1e-7 }, { total_spent: 0 }), quarantined("amount.positive")),
    c("an amount of 1e400", txRaw("1e400"), quarantined("schema")),
    c('an amount of "Infinity" as text', tx({ amount: "Infinity" }), quarantined("schema")),
    c("an amount written 0.105E2", txRaw("0.105E2"), accepted),
    c("a negative transaction_id", tx({ transaction_id: -1 }), quarantined("schema")),
    c("a product_id of 0", tx({ product_id: 0 }), quarantined("schema"))
  ]
}

/** Dates out of range or impossible. */
const dates = (): ReadonlyArray<HostileCase> => {
  const c = (name: string, record: (id: number) => string, expected: Expected): HostileCase => recordCase("dates", name, record, expected)
  const customer = (fields: Record<string, Json | undefined>) => (id: number) => subject(fields, id)
  const tx = (fields: Record<string, Json | undefined>, outer: Record<string, Json | undefined> = {}) => (id: number) => subjectTransaction(fields, outer, id)
  return [
    c("signup on 2023-02-30", customer({ signup_date: "2023-02-30" }), quarantined("schema")),
    c("signup on 2023-02-29 (not a leap year)", customer({ signup_date: "2023-02-29" }), quarantined("schema")),
    c("signup on 2024-02-29 (a leap day)", customer({ signup_date: "2024-02-29" }), accepted),
    c("signup in month 13", customer({ signup_date: "2025-13-01" }), quarantined("schema")),
    c("signup without zero padding", customer({ signup_date: "2025-1-1" }), quarantined("schema")),
    c("signup without dashes", customer({ signup_date: "20250101" }), quarantined("schema")),
    c("signup as a timestamp", customer({ signup_date: "2025-01-01T00:00:00Z" }), quarantined("schema")),
    c("signup with a leading space", customer({ signup_date: " 2025-01-01" }), quarantined("schema")),
    c("signup an empty string", customer({ signup_date: "" }), quarantined("schema")),
    c("signup after the ingestion date (its transaction before it)", customer({ signup_date: "2027-01-01" }), quarantined("date.not_in_future", "date.transaction_after_signup")),
    c("signup on 9999-12-31", customer({ signup_date: "9999-12-31" }), quarantined("date.not_in_future", "date.transaction_after_signup")),
    c("a transaction after the ingestion date", tx({ date: "2026-12-01" }, { last_purchase: "2026-12-01" }), quarantined("date.not_in_future")),
    c("a transaction before signup", tx({ date: "2024-12-31" }, { last_purchase: "2024-12-31" }), quarantined("date.transaction_after_signup")),
    c("a transaction on the signup day", tx({ date: "2025-01-01" }, { last_purchase: "2025-01-01" }), accepted),
    c("a transaction on the ingestion date", tx({ date: CORPUS_DATE }, { last_purchase: CORPUS_DATE }), accepted),
    c("last_purchase not the latest transaction", customer({ last_purchase: "2026-01-01" }), quarantined("date.last_purchase_matches")),
    c("last_purchase set with no transactions", customer({ transactions: [], total_spent: 0 }), quarantined("date.last_purchase_matches")),
    c("a transaction date of 2026-04-31", tx({ date: "2026-04-31" }), quarantined("schema"))
  ]
}

/** Text at the edges: valid JSON strings of every awkward kind are accepted as they are. */
const texts = (): ReadonlyArray<HostileCase> => {
  const c = (name: string, record: (id: number) => string, expected: Expected): HostileCase => recordCase("text", name, record, expected)
  const named = (value: string) => (id: number) => subject({ name: value }, id)
  /** The subject's text with its name's JSON text (between the quotes) replaced verbatim. */
  const nameText = (text: string) => (id: number) => subject({}, id).replace(`Customer ${id}`, text)
  return [
    c("an empty name", named(""), accepted),
    c("a name of spaces", named("   "), accepted),
    c("a 100 KB name", named("N".repeat(100_000)), accepted),
    c("an emoji name", named("Zoë 😀 👩‍👩‍👧"), accepted),
    c("a right-to-left override in a name", named("abc\u202Edef"), accepted),
    c("combining marks in a name", named("Z\u0351\u0352\u0353algo"), accepted),
    c("line and paragraph separators in a name", named("a\u2028b\u2029c"), accepted),
    c("escaped control characters in a name", named("a\u0000b\u001bc\u007f"), accepted),
    c("a lone surrogate escape in a name", nameText("A\\ud800B"), accepted),
    c("an escaped surrogate pair in a name", nameText("\\ud83d\\ude00"), accepted),
    c("every character escaped in a name", nameText([..."Customer"].map((ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`).join("")), accepted),
    c("a quote and a backslash in a name", named('O"Brien \\ Sons'), accepted),
    c("SQL in a product name", (id) => subjectTransaction({ product_id: 901, product_name: "'); drop table customers; --" }, {}, id), accepted),
    c("HTML in a name", named("<script>alert(1)</script>"), accepted),
    c("a malformed email", (id) => subject({ email: "not-an-email" }, id), quarantined("email.format")),
    c("an empty email", (id) => subject({ email: "" }, id), quarantined("email.format")),
    c("an email with a space", (id) => subject({ email: "a b@example.com" }, id), quarantined("email.format"))
  ]
}

/** Structure: records that are not objects, repeated keys, extra fields, nesting, cross-record conflicts. */
const structure = (): ReadonlyArray<HostileCase> => {
  const c = (family: string, name: string, record: (id: number) => string, expected: Expected): HostileCase => recordCase(family, name, record, expected)
  const deep = (depth: number) => `${"[".repeat(depth)}1${"]".repeat(depth)}`
  return [
    c("record shape", "a record that is a number", () => "1", quarantined("schema")),
    c("record shape", "a record that is a string", () => '"customer"', quarantined("schema")),
    c("record shape", "a record that is null", () => "null", quarantined("schema")),
    c("record shape", "a record that is an array", () => "[]", quarantined("schema")),
    c("record shape", "a record that is an empty object", () => "{}", quarantined("schema")),
    c("record shape", "an extra field", (id) => subject({ loyalty: { tier: "gold", points: [1, 2, 3] } }, id), accepted),
    c("record shape", "no transactions, no last purchase", (id) => subject({ transactions: [], total_spent: 0, last_purchase: null }, id), accepted),
    c("duplicate keys", "a repeated amount", (id) => subjectTransaction({}, {}, id).replace('"amount":10.5', '"amount":1,"amount":10.5'), quarantined("schema")),
    c("duplicate keys", "a repeated id", (id) => subject({}, id).replace(`"id":${id}`, `"id":${id},"id":${id}`), quarantined("schema")),
    c("nesting", "a name nested 1,000 levels deep", (id) => withRaw({ name: "@@" }, deep(1_000), id), quarantined("schema")),
    c("nesting", "an extra field nested 1,000 levels deep", (id) => withRaw({ extra: "@@" }, deep(1_000), id), accepted),
    c("nesting", "a record nested 20,000 levels deep", () => deep(20_000), quarantined("schema")),
    c("cross-record", "a repeated customer id", (id) => JSON.stringify({ ...validCustomer(1), transactions: [{ transaction_id: id * 1000 + 1, date: "2026-01-02", amount: 10.5, product_id: 7, product_name: "Widget" }] }), quarantined("key.customer_id_unique")),
    c("cross-record", "a repeated transaction id", (id) => subjectTransaction({ transaction_id: 1001 }, {}, id), quarantined("key.transaction_id_unique")),
    c("cross-record", "a product with another name", (id) => subjectTransaction({ product_name: "Gadget" }, {}, id), quarantined("product.name_consistent"))
  ]
}

/** The same valid records laid out unusually: accepted, nothing quarantined. */
const layouts = (): ReadonlyArray<HostileCase> => {
  const doc = Buffer.from(validDocument()).toString("utf8")
  const c = (name: string, text: string | Uint8Array): HostileCase => ({ family: "layout", name, bytes: typeof text === "string" ? utf8(text) : text, expected: accepted })
  return [
    c("a UTF-8 byte order mark (JSON allows a parser to ignore it)", new Uint8Array(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(doc)]))),
    c("CRLF line ends", doc.replaceAll("\n", "\r\n")),
    c("no whitespace at all", doc.replaceAll("\n", "")),
    c("10,000 spaces between records", doc.replace("},\n", `},${" ".repeat(10_000)}`)),
    c("tabs and newlines around every token", doc.replace('{"customers":[', '\t{\n\t"customers"\n:\n[\n')),
    c("trailing whitespace after the document", `${doc}\n\n   \t\n`),
    c("no final newline", doc.trimEnd()),
    c("keys in another order", doc.replace(`{"customers":[\n`, `{"customers":[\n${JSON.stringify({ transactions: validCustomer(SUBJECT)["transactions"], total_spent: 10.5, last_purchase: "2026-01-02", signup_date: "2025-01-01", email: "customer900@example.com", name: "Customer 900", id: SUBJECT })},\n`))
  ]
}

/**
 * Every case of the corpus (more than 100), in a stable order.
 *
 * @example
 * const cases = hostileCorpus()
 * cases.filter((c) => c.expected.exit === 3).length // the refused ones
 */
export const hostileCorpus = (): ReadonlyArray<HostileCase> => [
  ...truncations(),
  ...topLevels(),
  ...syntax(),
  ...encodings(),
  ...customerFields(),
  ...transactionFields(),
  ...numbers(),
  ...dates(),
  ...texts(),
  ...structure(),
  ...layouts(),
  // An empty delivery is valid JSON of the right shape: it publishes empty partitions (the contract sets no minimum row count).
  { family: "layout", name: "an empty customers array", bytes: utf8('{"customers": []}'), expected: accepted }
]
