/**
 * Runs in every test file: the temp directories the file made (lakehouses,
 * inputs, reports) are removed after its last test.
 */
import { afterAll } from "vitest"
import { removeTempDirectories } from "../../src/testing/tempDirectory.ts"

afterAll(removeTempDirectories)
