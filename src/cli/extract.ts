/** `upkeep extract [DIR] [--json]`: every image and chart reference in a repository. */
import { stat } from 'node:fs/promises';
import type { Dep } from '../deps/dep.js';
import { formatWarning } from '../deps/dep.js';
import { extractRepository } from '../extract/extract-repository.js';
import { extractConfigOf } from '../repo/extract-config.js';
import { configForReading } from '../repo/load-config.js';
import { InputError } from '../util/errors.js';

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
    for (const row of rows) lines.push(`  ${row.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd()}`);
    lines.push('');
  };
  for (const dep of deps) {
    if (dep.file !== file) {
      flush();
      file = dep.file;
      rows = [];
    }
    rows.push([
      `${dep.line}`,
      dep.manager,
      dep.datasource ?? '-',
      dep.depName,
      dep.currentValue ?? '',
      shortDigest(dep.currentDigest),
      dep.skipReason ? `skipped: ${dep.skipReason}` : (dep.registryUrls ?? []).join(' '),
    ]);
  }
  flush();
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

export async function runExtract(dir: string, options: ExtractCommandOptions): Promise<number> {
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory()) throw new InputError(`${dir}: not a directory`);
  const { config, warnings } = await configForReading(dir);
  for (const warning of warnings) process.stderr.write(`warning: ${warning}\n`);
  const result = await extractRepository(dir, extractConfigOf(config));
  for (const warning of result.warnings) process.stderr.write(`warning: ${formatWarning(warning)}\n`);
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ deps: result.deps.map(jsonDep), warnings: result.warnings }, null, 2)}\n`);
  } else {
    const skipped = result.deps.filter((d) => d.skipReason).length;
    process.stdout.write(formatTable(result.deps));
    process.stdout.write(
      `${result.deps.length} deps in ${new Set(result.deps.map((d) => d.file)).size} files (${skipped} skipped), ${result.filesRead} files read\n`,
    );
  }
  return 0;
}
