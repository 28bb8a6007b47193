import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { formatOdcsError } from "../../src/odcs/parse.ts"
import { contract, FILE, firstTable, oneTable, prop, refusal } from "./support.ts"

const P = "schema[0].properties[0]"
const Q = `${P}.quality[0]`
const O = "schema[0].quality[0]"

/** A table with column `c` (of `type`) carrying this one quality rule. */
const rule = (r: Record<string, unknown>, type: Record<string, unknown> = { logicalType: "string" }) => oneTable([{ name: "c", ...type, quality: [r] }])
const objectRule = (r: Record<string, unknown>) => oneTable([prop("a", "integer")], { quality: [r] })
const options = (logicalType: string, o: Record<string, unknown>, more: Record<string, unknown> = {}) => oneTable([{ name: "c", logicalType, ...more, logicalTypeOptions: o }])

/** [what, contract text, expected `at`, expected message]. */
const CASES: ReadonlyArray<readonly [string, string, string, RegExp]> = [
  // Not an ODCS contract.
  ["a YAML list", "- a\n- b\n", "$", /not an ODCS contract/],
  ["an empty file", "", "$", /not an ODCS contract/],
  ["broken YAML", "apiVersion: [v3.1.0\nkind: DataContract\n", "$", /not valid YAML/],
  ["a duplicate key", "apiVersion: v3.1.0\napiVersion: v3.0.0\n", "$", /not valid YAML/],
  ["no apiVersion", "kind: DataContract\nversion: 1.0.0\n", "apiVersion", /missing: not an ODCS contract/],
  ["no kind", "apiVersion: v3.1.0\nversion: 1.0.0\n", "kind", /missing: not an ODCS contract/],
  ["another kind", "apiVersion: v3.1.0\nkind: DataProduct\nversion: 1.0.0\n", "kind", /not an ODCS data contract/],
  ["ODCS v3.2", contract([], { apiVersion: "v3.2.0" }), "apiVersion", /v3\.2\.0 is not supported/],
  ["ODCS v2", contract([], { apiVersion: "v2.2.2" }), "apiVersion", /v2\.2\.2 is not supported/],
  ["no version", contract([], { version: null }), "version", /version.*required/],
  ["an unknown top-level field", contract([], { qualityRules: [] }), "qualityRules", /not a field of an ODCS contract/],
  // Schema objects.
  ["an unknown object field", contract([{ name: "t", properties: [prop("a", "string")], checks: [] }]), "schema[0].checks", /not a field of an ODCS schema object/],
  ["an object without properties", contract([{ name: "t" }]), "schema[0]", /no properties/],
  ["an object that is not an object", contract([{ name: "t", logicalType: "array", properties: [prop("a", "string")] }]), "schema[0].logicalType", /logicalType is object/],
  ["a column declared twice", oneTable([prop("a", "string"), prop("b", "string", { physicalName: "a" })]), "schema[0].properties[1]", /declared twice/],
  ["two objects for one table", contract([{ name: "t", properties: [prop("a", "string")] }, { name: "u", physicalName: "t", properties: [prop("a", "string")] }]), "schema[1]", /second schema object/],
  // Properties and types.
  ["a property without a name", oneTable([{ logicalType: "string" }]), `${P}.name`, /name.*required/],
  ["a property with no type", oneTable([{ name: "c", description: "?" }]), P, /no type/],
  ["an unknown logicalType", oneTable([prop("c", "decimal")]), `${P}.logicalType`, /unknown logicalType `decimal`/],
  ["a time of day", oneTable([prop("c", "time")]), `${P}.logicalType`, /time/],
  ["a number without a physical type", oneTable([prop("c", "number")]), `${P}.logicalType`, /DECIMAL\(p,s\)/],
  ["a binary-float number", oneTable([prop("c", "number", { physicalType: "DOUBLE" })]), `${P}.physicalType`, /binary float/],
  ["a binary float alone", oneTable([{ name: "c", physicalType: "real" }]), `${P}.physicalType`, /binary float/],
  ["a number stored as text", oneTable([prop("c", "number", { physicalType: "VARCHAR" })]), `${P}.physicalType`, /does not say how a number is stored/],
  ["an unknown physical type alone", oneTable([{ name: "c", physicalType: "GEOMETRY" }]), `${P}.physicalType`, /give a logicalType/],
  ["an integer wider than BIGINT", oneTable([prop("c", "integer", { physicalType: "HUGEINT" })]), `${P}.physicalType`, /wider than/],
  ["a DECIMAL DuckDB cannot hold", oneTable([prop("c", "number", { physicalType: "DECIMAL(40,2)" })]), `${P}.physicalType`, /precision 40/],
  ["a timestamp with a time zone", oneTable([prop("c", "timestamp", { physicalType: "TIMESTAMPTZ" })]), `${P}.physicalType`, /time zone/],
  ["an unknown property field (v3.2 enum)", oneTable([prop("c", "string", { enum: [{ value: "a" }] })]), `${P}.enum`, /not a field of an ODCS property/],
  ["an object without properties", oneTable([prop("c", "object")]), P, /needs `properties`/],
  ["an array without items", oneTable([prop("c", "array")]), P, /needs `items`/],
  ["properties on a string", oneTable([prop("c", "string", { properties: [prop("x", "string")] })]), `${P}.properties`, /belong to an object/],
  ["items on a string", oneTable([prop("c", "string", { items: { logicalType: "string" } })]), `${P}.items`, /belong to an array/],
  ["a quality rule inside an object", oneTable([prop("c", "object", { properties: [prop("x", "string", { quality: [{ metric: "nullValues", mustBe: 0 }] })] })]), `${P}.properties[0].quality`, /inside an object or array/],
  ["a key inside an array", oneTable([prop("c", "array", { items: { logicalType: "string", primaryKey: true } })]), `${P}.items.primaryKey`, /inside an object or array/],
  ["unique inside an object", oneTable([prop("c", "object", { properties: [prop("x", "string", { unique: true })] })]), `${P}.properties[0].unique`, /inside an object or array/],
  ["an unknown required nested property", options("object", { required: ["y"] }, { properties: [prop("x", "string")] }), `${P}.logicalTypeOptions.required[0]`, /no nested property named y/],
  // Keys.
  ["a key position without a key", oneTable([prop("a", "integer", { primaryKeyPosition: 1 })]), `${P}.primaryKeyPosition`, /not a primaryKey/],
  ["a compound key partly positioned", oneTable([prop("a", "integer", { primaryKey: true, primaryKeyPosition: 1 }), prop("b", "integer", { primaryKey: true })]), "schema[0].properties[1]", /primaryKeyPosition on every key property/],
  ["two key columns at one position", oneTable([prop("a", "integer", { primaryKey: true, primaryKeyPosition: 1 }), prop("b", "integer", { primaryKey: true, primaryKeyPosition: 1 })]), "schema[0].properties[1].primaryKeyPosition", /also a's/],
  // logicalTypeOptions.
  ["multipleOf", options("integer", { multipleOf: 5 }), `${P}.logicalTypeOptions.multipleOf`, /multipleOf is not supported/],
  ["a string format lakegate does not know", options("string", { format: "hostname" }), `${P}.logicalTypeOptions.format`, /format `hostname` is not supported/],
  ["a narrow integer format", options("integer", { format: "i32" }), `${P}.logicalTypeOptions.format`, /BIGINT/],
  ["a float number format", options("number", { format: "f64" }, { physicalType: "DECIMAL(10,2)" }), `${P}.logicalTypeOptions.format`, /binary float/],
  ["a date format other than ISO", options("date", { format: "dd/MM/yyyy" }), `${P}.logicalTypeOptions.format`, /date format/],
  ["an option of another type", options("string", { minimum: 1 }), `${P}.logicalTypeOptions.minimum`, /logicalTypeOptions for string/],
  ["distinct array items", options("array", { uniqueItems: true }, { items: { logicalType: "string" } }), `${P}.logicalTypeOptions.uniqueItems`, /uniqueItems/],
  ["an object's maxProperties", options("object", { maxProperties: 3 }, { properties: [prop("x", "string")] }), `${P}.logicalTypeOptions.maxProperties`, /maxProperties/],
  ["zoned timestamps", options("timestamp", { timezone: true }), `${P}.logicalTypeOptions.timezone`, /time zone/],
  ["a default time zone other than UTC", options("timestamp", { defaultTimezone: "Europe/Paris" }), `${P}.logicalTypeOptions.defaultTimezone`, /Europe\/Paris/],
  ["an impossible date bound", options("date", { minimum: "2024-13-01" }), `${P}.logicalTypeOptions.minimum`, /expected a date/],
  ["a timestamp bound with an offset", options("timestamp", { maximum: "2024-01-01T10:00:00+02:00" }), `${P}.logicalTypeOptions.maximum`, /UTC/],
  ["a v3.0 exclusive flag without its bound", options("integer", { exclusiveMinimum: true }), `${P}.logicalTypeOptions.exclusiveMinimum`, /needs a minimum/],
  ["a hex bound", "apiVersion: v3.1.0\nkind: DataContract\nversion: 1.0.0\nschema:\n  - name: t\n    properties:\n      - name: c\n        logicalType: integer\n        logicalTypeOptions:\n          minimum: 0x10\n", `${P}.logicalTypeOptions.minimum`, /as a decimal number/],
  ["bounds no integer meets", options("integer", { minimum: 1.2, maximum: 1.8 }), `${P}.logicalTypeOptions`, /no whole number/],
  ["lookahead in a pattern", options("string", { pattern: "^(?=a)a+$" }), `${P}.logicalTypeOptions.pattern`, /lookaround/],
  ["an invalid pattern", options("string", { pattern: "([a-z" }), `${P}.logicalTypeOptions.pattern`, /not a valid regular expression/],
  ["minLength above maxLength", options("string", { minLength: 5 }, { physicalType: "VARCHAR(3)" }), `${P}.logicalTypeOptions.minLength`, /no value can pass/],
  // Quality rules.
  ["an unknown metric", rule({ metric: "distinctValues", mustBe: 0 }), `${Q}.metric`, /unknown metric `distinctValues`/],
  ["a metric named like an object's own property", rule({ metric: "toString", mustBe: 0 }), `${Q}.metric`, /unknown metric `toString`/],
  ["a severity named like an object's own property", rule({ metric: "nullValues", mustBe: 0, severity: "constructor" }), `${Q}.severity`, /severity `constructor`/],
  ["a text rule with other faults", rule({ type: "text", severity: "critical" }), `${Q}.type`, /type: text/],
  ["an unknown v3.0 rule", rule({ rule: "nullCheck", mustBe: 0 }), `${Q}.rule`, /unknown metric `nullCheck`/],
  ["a text rule", rule({ type: "text", description: "verified by hand" }), `${Q}.type`, /type: text/],
  ["a custom engine", rule({ type: "custom", engine: "soda", implementation: "x" }), `${Q}.engine`, /engine `soda`/],
  ["an unknown rule type", rule({ type: "ml", metric: "nullValues", mustBe: 0 }), `${Q}.type`, /unknown quality type `ml`/],
  ["an unknown comparator", rule({ metric: "nullValues", mustBeAbout: 3 }), `${Q}.mustBeAbout`, /not a field of an ODCS quality rule/],
  ["no comparator", rule({ metric: "nullValues" }), Q, /no comparator/],
  ["no metric", rule({ mustBe: 0 }), Q, /needs a metric/],
  ["an unknown unit", rule({ metric: "nullValues", mustBe: 0, unit: "bytes" }), `${Q}.unit`, /unit `bytes`/],
  ["an unknown severity", rule({ metric: "nullValues", mustBe: 0, severity: "critical" }), `${Q}.severity`, /severity `critical`/],
  ["mustNotBe on a failure count", rule({ metric: "nullValues", mustNotBe: 3 }), `${Q}.mustNotBe`, /mustNotBe on nullValues/],
  ["mustNotBeBetween on a failure count", rule({ metric: "duplicateValues", mustNotBeBetween: [1, 3] }), `${Q}.mustNotBeBetween`, /mustNotBeBetween/],
  ["a lower bound on failures", rule({ metric: "nullValues", mustBeGreaterThan: 2 }), `${Q}.mustBeGreaterThan`, /demands failing rows/],
  ["mustBe a positive count of failures", rule({ metric: "nullValues", mustBe: 2 }), `${Q}.mustBe`, /demands failing rows/],
  ["an exclusive between from 0", rule({ metric: "nullValues", mustBeBetween: [0, 5] }), `${Q}.mustBeBetween`, /exclusive in ODCS/],
  ["a rule that can never pass", rule({ metric: "nullValues", mustBeLessThan: 0 }), Q, /never pass/],
  ["a percent rule that can never pass", rule({ metric: "nullValues", mustBeLessThan: 0, unit: "percent" }), Q, /never pass/],
  ["a rule that is always true", rule({ metric: "nullValues", mustBeGreaterOrEqualTo: 0 }), Q, /always true/],
  ["between with the larger number first", rule({ metric: "nullValues", mustBeBetween: [5, 1] }), `${Q}.mustBeBetween`, /smaller number first/],
  ["a text comparator on a metric", rule({ metric: "nullValues", mustBe: "none" }), `${Q}.mustBe`, /needs a number/],
  ["rowCount on a property", rule({ metric: "rowCount", mustBeGreaterThan: 0 }), `${Q}.metric`, /schema-level metric/],
  ["rowCount in percent", objectRule({ metric: "rowCount", mustBeGreaterThan: 0, unit: "percent" }), `${O}.unit`, /no percent/],
  ["rowCount mustNotBe", objectRule({ metric: "rowCount", mustNotBe: 0 }), `${O}.mustNotBe`, /one range/],
  ["rowCount no count meets", objectRule({ metric: "rowCount", mustBeGreaterThan: 5, mustBeLessThan: 6 }), O, /never pass/],
  ["nullValues on the table", objectRule({ metric: "nullValues", mustBe: 0 }), `${O}.metric`, /property-level metric/],
  ["invalidValues without arguments", rule({ metric: "invalidValues", mustBe: 0 }), `${Q}.arguments`, /validValues or arguments.pattern/],
  ["invalidValues with values and a pattern", rule({ metric: "invalidValues", mustBe: 0, arguments: { validValues: ["a"], pattern: "a" } }), `${Q}.arguments`, /ambiguous/],
  ["an unknown argument", rule({ metric: "invalidValues", mustBe: 0, arguments: { validValues: ["a"], caseSensitive: false } }), `${Q}.arguments.caseSensitive`, /arguments of invalidValues/],
  ["valid values no row can hold", rule({ metric: "invalidValues", mustBe: 0, arguments: { validValues: ["x"] } }, { logicalType: "integer" }), `${Q}.arguments.validValues`, /every value would be invalid/],
  ["a table duplicateValues without properties", objectRule({ metric: "duplicateValues", mustBe: 0 }), `${O}.arguments.properties`, /needs arguments.properties/],
  ["a table duplicateValues on an unknown property", objectRule({ metric: "duplicateValues", mustBe: 0, arguments: { properties: ["a", "zz"] } }), `${O}.arguments.properties[1]`, /no property named/],
  ["a sql rule without a query", rule({ type: "sql", mustBe: 0 }), `${Q}.query`, /query.*required/],
  ["a sql rule with a metric", rule({ type: "sql", query: "select 1", metric: "nullValues", mustBe: 1 }), `${Q}.metric`, /does not belong to a type: sql rule/],
  ["{property} in a table's sql rule", objectRule({ type: "sql", query: "select count({property}) from {object}", mustBe: 1 }), `${O}.query`, /has no value in a schema-level rule/],
  ["a query on a library rule", rule({ metric: "nullValues", mustBe: 0, query: "select 1" }), `${Q}.query`, /does not belong to a library rule/],
  ["a check id used twice", oneTable([prop("c", "string", { quality: [{ id: "x", metric: "nullValues", mustBe: 0 }, { id: "x", metric: "duplicateValues", mustBe: 0 }] })]), `${P}.quality[1].id`, /used twice/],
  // Relationships.
  ["a fully qualified reference", oneTable([prop("c", "string", { relationships: [{ to: "schema/customers/properties/id" }] })]), `${P}.relationships[0].to`, /table\.column/],
  ["a relationship of another type", oneTable([prop("c", "string", { relationships: [{ to: "u.id", type: "sameAs" }] })]), `${P}.relationships[0].type`, /sameAs/],
  ["from on a property's relationship", oneTable([prop("c", "string", { relationships: [{ from: "t.c", to: "u.id" }] })]), `${P}.relationships[0].from`, /implicit/],
  ["from another object", oneTable([prop("c", "string")], { relationships: [{ from: "u.c", to: "v.id" }] }), "schema[0].relationships[0].from", /must be a property of t/],
  ["a referenced property the contract lacks", contract([{ name: "t", properties: [prop("c", "string", { relationships: [{ to: "u.nope" }] })] }, { name: "u", properties: [prop("id", "string")] }]), `${P}.relationships[0].to`, /no property nope in u/]
]

describe("what lakegate cannot check is refused by name, at its path", () => {
  for (const [what, text, at, message] of CASES) {
    it.effect(what, () =>
      Effect.gen(function* () {
        const e = yield* refusal(text)
        expect(e._tag).toBe("OdcsError")
        expect(e.file).toBe(FILE)
        expect({ at: e.at, message: e.message }).toEqual({ at, message: expect.stringMatching(message) })
        expect(e.message).not.toContain("\n")
      }))
  }

  it.effect("the error carries the line of the offending field", () =>
    Effect.gen(function* () {
      const text = rule({ metric: "distinctValues", mustBe: 0 })
      const e = yield* refusal(text)
      const line = text.split("\n").findIndex((l) => l.includes("distinctValues")) + 1
      expect(line).toBeGreaterThan(1)
      expect(e.line).toBe(line)
      expect(formatOdcsError(e)).toBe(`${FILE}:${line}: ${Q}.metric: unknown metric \`distinctValues\` (ODCS v3.1: nullValues, missingValues, invalidValues, duplicateValues, rowCount)`)
    }))

  it.effect("metadata that does not change checking is read and ignored", () =>
    Effect.gen(function* () {
      const text = contract(
        [
          {
            name: "t",
            physicalType: "table",
            businessName: "T",
            tags: ["x"],
            dataGranularityDescription: "one row per t",
            authoritativeDefinitions: [{ url: "https://example.com", type: "businessDefinition" }],
            customProperties: [{ property: "owner", value: "ana" }],
            properties: [
              prop("c", "string", {
                classification: "restricted",
                criticalDataElement: true,
                examples: ["a"],
                partitioned: true,
                partitionKeyPosition: 1,
                encryptedName: "c_enc",
                transformLogic: "upper(c)",
                quality: [{ metric: "nullValues", mustBe: 0, dimension: "completeness", businessImpact: "operational", scheduler: "cron", schedule: "0 20 * * *", tags: ["t"], method: "reconciliation" }]
              })
            ]
          }
        ],
        {
          servers: [{ server: "s", type: "duckdb" }],
          slaProperties: [{ property: "latency", value: 4, unit: "d" }],
          slaRules: [],
          team: { name: "t" },
          roles: [{ role: "reader" }],
          support: [{ channel: "#data" }],
          price: { priceAmount: 1 },
          tenant: "x",
          domain: "y",
          dataProduct: "z",
          contractCreatedTs: "2024-01-01T00:00:00Z",
          description: { purpose: "p", usage: "u", limitations: "l" }
        }
      )
      const t = yield* firstTable(text)
      expect(t.checks.map((c) => c.id)).toEqual(["nullValues.c"])
      expect(t.description).toBe("p")
    }))
})
