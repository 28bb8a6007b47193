import { readFile } from "node:fs/promises"
import { describe, expect, it } from "vitest"
import { JSON_SCHEMA_PATH, qualityReportJsonSchema, renderQualityReportJsonSchema } from "../../src/report/jsonSchema.ts"

describe("docs/quality-report.schema.json", () => {
  it("is exactly what the DateReport schema generates (regenerate: see docs/reports.md)", async () => {
    const committed = await readFile(JSON_SCHEMA_PATH, "utf8")
    expect(committed, "docs/quality-report.schema.json is stale; regenerate it as docs/reports.md says").toBe(renderQualityReportJsonSchema())
  })

  it("describes a DateReport of RunReports", () => {
    const schema = qualityReportJsonSchema() as { required?: ReadonlyArray<string>; title?: string }
    expect(schema.title).toBe("lakegate quality report")
    expect(schema.required).toEqual(["reportVersion", "ingestionDate", "latest", "runs"])
  })
})
