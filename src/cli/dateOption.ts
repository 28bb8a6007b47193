/**
 * The `--date` option shared by the commands: a calendar date YYYY-MM-DD,
 * refused with one line (not a parse tree) when it is not one.
 */
import { HelpDoc, Options, ValidationError } from "@effect/cli"
import { Effect } from "effect"
import { isIsoDate } from "../checks/dates.ts"

/** `--date YYYY-MM-DD`, validated against the calendar (2026-02-30 is refused). */
export const dateOption = (description: string): Options.Options<string> =>
  Options.text("date").pipe(
    Options.mapEffect((text) =>
      isIsoDate(text)
        ? Effect.succeed(text)
        : Effect.fail(ValidationError.invalidValue(HelpDoc.p(`--date must be a calendar date YYYY-MM-DD, got ${JSON.stringify(text)}`)))
    ),
    Options.withDescription(description)
  )
