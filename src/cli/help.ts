/**
 * A command's description for `--help`: what it does, the defaults it
 * assumes, and examples to copy. (The exit codes and the options every
 * command takes are printed under each help by `main.ts`.)
 *
 * @example
 * Command.withDescription(commandHelp("List the retained gold versions.", { defaults: ["--lakehouse lakehouse"], examples: ["lakegate gold history"] }))
 */
import { HelpDoc } from "@effect/cli"

/** What a command's help says besides its options. */
export interface CommandHelp {
  /** Defaults the command assumes, one per line (`--reports reports`, `--date today in UTC`). */
  readonly defaults?: ReadonlyArray<string>
  /** Other facts worth a line each (what is written where, how a date is chosen). */
  readonly notes?: ReadonlyArray<string>
  /** Command lines to copy, without the `$ `. */
  readonly examples: ReadonlyArray<string>
}

const lines = (items: ReadonlyArray<string>, prefix: string): HelpDoc.HelpDoc => HelpDoc.p(items.map((item) => `${prefix}${item}`).join("\n"))

/** The description: `what` (one paragraph), then Defaults, Notes and Examples sections. */
export const commandHelp = (what: string, help: CommandHelp): HelpDoc.HelpDoc =>
  HelpDoc.blocks([
    HelpDoc.p(what),
    ...(help.notes !== undefined && help.notes.length > 0 ? [lines(help.notes, "")] : []),
    ...(help.defaults !== undefined && help.defaults.length > 0 ? [HelpDoc.h2("Defaults"), lines(help.defaults, "  ")] : []),
    HelpDoc.h2("Examples"),
    lines(help.examples, "  $ ")
  ])
