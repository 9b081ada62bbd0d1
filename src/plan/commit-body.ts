/**
 * `commitBodyTable`: below the commit message, a table of the branch's updates — datasource, package, from,
 * to — as Renovate writes it (a markdown table with its columns padded to one width), one row per update
 * whose config asks for it and whose four values are known, the same row only once.
 */
import type { TemplateFields } from './templates.js';

const HEADER = ['datasource', 'package', 'from', 'to'];
/** The narrowest column: the delimiter row's `---`. */
const MIN_WIDTH = 3;

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** The table for these upgrades (their template fields), or undefined when no row is asked for. */
export function commitBodyTable(upgrades: ReadonlyArray<{ fields: TemplateFields; table: boolean }>): string | undefined {
  const rows: string[][] = [];
  const seen = new Set<string>();
  for (const { fields, table } of upgrades) {
    if (!table) continue;
    const row = [str(fields.datasource), str(fields.packageName), str(fields.currentVersion), str(fields.newVersion)];
    const key = JSON.stringify(row);
    if (row.some((cell) => cell === '') || seen.has(key)) continue;
    seen.add(key);
    rows.push(row);
  }
  return rows.length > 0 ? markdownTable([HEADER, ...rows]) : undefined;
}

function markdownTable([head, ...body]: [string[], ...string[][]]): string {
  const widths = head.map((_, c) => Math.max(MIN_WIDTH, ...[head, ...body].map((row) => (row[c] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((cell, c) => cell.padEnd(widths[c] ?? 0)).join(' | ')} |`;
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}
