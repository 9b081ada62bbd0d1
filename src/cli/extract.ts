/** `upkeep extract [DIR] [--json]`: every image and chart reference in a repository. */
import { stat } from 'node:fs/promises';
import type { Dep } from '../deps/dep.js';
import { formatWarning } from '../deps/dep.js';
import { extractRepository } from '../extract/extract-repository.js';
import { extractConfigOf } from '../repo/extract-config.js';
import { configForReading } from '../repo/load-config.js';
import { subdirectoryWarning } from '../repo/repository-root.js';
import { InputError } from '../util/errors.js';
import { terminalSafe } from '../util/terminal.js';
import { print, warn } from './output.js';

export interface ExtractCommandOptions {
  json?: boolean;
}

/** The contract shape of a dep in `--json` output: location kept, absent fields omitted. */
function jsonDep(dep: Dep): Dep {
  return dep;
}

function shortDigest(digest: string | undefined): string {
  if (!digest) return '';
  const [algo, hex] = digest.split(':');
  return hex ? `${algo}:${hex.slice(0, 12)}` : digest;
}

export function formatTable(deps: readonly Dep[]): string {
  const lines: string[] = [];
  let file: string | undefined;
  let rows: string[][] = [];
  const flush = () => {
    if (file === undefined) return;
    const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
    lines.push(file);
    for (const row of rows)
      lines.push(
        `  ${row
          .map((cell, i) => cell.padEnd(widths[i]!))
          .join('  ')
          .trimEnd()}`,
      );
    lines.push('');
  };
  for (const dep of deps) {
    if (terminalSafe(dep.file) !== file) {
      flush();
      file = terminalSafe(dep.file);
      rows = [];
    }
    // Cells made terminal-safe before the widths are measured, so escaped names still line up.
    rows.push(
      [
        `${dep.line}`,
        dep.manager,
        dep.datasource ?? '-',
        dep.depName,
        dep.currentValue ?? '',
        shortDigest(dep.currentDigest),
        dep.skipReason ? `skipped: ${dep.skipReason}` : (dep.registryUrls ?? []).join(' '),
      ].map(terminalSafe),
    );
  }
  flush();
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

export async function runExtract(dir: string, options: ExtractCommandOptions): Promise<number> {
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory()) throw new InputError(`${dir}: not a directory`);
  const subdirectory = await subdirectoryWarning(dir);
  if (subdirectory) warn(subdirectory);
  const { config, warnings } = await configForReading(dir);
  for (const warning of warnings) warn(warning);
  const result = await extractRepository(dir, extractConfigOf(config));
  for (const warning of result.warnings) warn(formatWarning(warning));
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ deps: result.deps.map(jsonDep), warnings: result.warnings }, null, 2)}\n`);
  } else {
    const skipped = result.deps.filter((d) => d.skipReason).length;
    process.stdout.write(formatTable(result.deps));
    print(`${result.deps.length} deps in ${new Set(result.deps.map((d) => d.file)).size} files (${skipped} skipped), ${result.filesRead} files read\n`);
  }
  return 0;
}
