/**
 * What the commands print for people: every line made terminal-safe (names and values come from
 * repositories and registries and may hold escape sequences). JSON output is written as it is: JSON
 * escapes control characters itself.
 */
import { terminalSafe, terminalSafeLines } from '../util/terminal.js';

/** Human-readable text on stdout; the text's own line breaks are kept, any other control character escaped. */
export function print(text: string): void {
  process.stdout.write(terminalSafeLines(text));
}

/** One line on stderr. */
export function printError(line: string): void {
  process.stderr.write(`${terminalSafe(line)}\n`);
}

/** A `warning: …` line on stderr. */
export function warn(message: string): void {
  printError(`warning: ${message}`);
}
