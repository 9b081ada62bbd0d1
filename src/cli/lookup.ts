/** `upkeep lookup [DIR] [--json] [--config GLOBAL.json]`: each dep with the updates it should get. */
import { stat } from 'node:fs/promises';
import { loadGlobalConfig } from '../config/global-config.js';
import { formatWarning } from '../deps/dep.js';
import { extractRepository } from '../extract/extract-repository.js';
import { createRunContext } from '../lookup/context.js';
import { extractConfigOf } from '../repo/extract-config.js';
import { configForReading } from '../repo/load-config.js';
import { currentBranch } from '../repo/local-run.js';
import { lookupDeps, type LookedUpDep } from '../repo/lookup-deps.js';
import { subdirectoryWarning } from '../repo/repository-root.js';
import { InputError } from '../util/errors.js';
import { print, warn } from './output.js';

export interface LookupCommandOptions {
  json?: boolean;
  config?: string;
  baseBranch?: string;
}

function short(digest: string | undefined): string {
  return digest ? `@${digest.replace(/^sha256:/, '').slice(0, 12)}` : '';
}

function outcome(dep: LookedUpDep): string {
  if (dep.status === 'skipped') return `skipped: ${dep.reason ?? dep.skipReason}`;
  if (dep.status === 'failed') return `lookup failed: ${dep.reason}`;
  if (dep.updates.length === 0) return 'up to date';
  return dep.updates.map((u) => `${u.updateType} ${u.newValue}${short(u.newDigest)}`).join(', ');
}

export function formatLookupTable(deps: readonly LookedUpDep[]): string {
  const lines: string[] = [];
  let file: string | undefined;
  for (const dep of deps) {
    if (dep.file !== file) {
      if (file !== undefined) lines.push('');
      file = dep.file;
      lines.push(file);
    }
    lines.push(`  ${dep.line}  ${dep.depName} ${dep.currentValue ?? ''}${short(dep.currentDigest)}  → ${outcome(dep)}`);
    // The failure is the outcome already; other warnings follow it.
    for (const warning of dep.warnings) if (warning !== dep.reason) lines.push(`    ! ${warning}`);
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

function summary(deps: readonly LookedUpDep[]): string {
  const updates = deps.reduce((n, d) => n + d.updates.length, 0);
  const failed = deps.filter((d) => d.status === 'failed').length;
  const skipped = deps.filter((d) => d.status === 'skipped').length;
  const parts = [`${updates} updates for ${deps.filter((d) => d.updates.length > 0).length} of ${deps.length} deps`];
  if (failed > 0) parts.push(`${failed} failed`);
  if (skipped > 0) parts.push(`${skipped} skipped`);
  return `${parts.join('; ')}\n`;
}

/** Exit code 0 when every lookup answered, 1 when any failed (the others are still printed). */
export async function runLookup(asked: string, options: LookupCommandOptions): Promise<number> {
  const info = await stat(asked).catch(() => undefined);
  if (!info?.isDirectory()) throw new InputError(`${asked}: not a directory`);
  const dir = asked;
  const subdirectory = await subdirectoryWarning(dir);
  if (subdirectory) warn(subdirectory);
  const global = await loadGlobalConfig(options.config);
  const { config, warnings } = await configForReading(dir, global.registryAliases);
  for (const warning of warnings) warn(warning);
  const extracted = await extractRepository(dir, extractConfigOf(config));
  for (const warning of extracted.warnings) warn(formatWarning(warning));
  const baseBranch = options.baseBranch ?? (await currentBranch(dir)) ?? 'main';
  const ctx = createRunContext(global);
  let deps: LookedUpDep[];
  try {
    // The same analysis `run` plans from: the repository's config applies, including rules that depend on
    // the update type (`matchUpdateTypes`), so both commands show the same updates.
    deps = await lookupDeps(extracted.deps, config, ctx, { baseBranch });
    if (options.json) {
      // Credentials a repository wrote into a URL, and any secret the run knows, never reach the output.
      process.stdout.write(`${ctx.http.redactor.redact(JSON.stringify({ deps, warnings: extracted.warnings }, null, 2))}\n`);
    } else {
      print(ctx.http.redactor.redact(formatLookupTable(deps)));
      print(summary(deps));
    }
  } finally {
    await ctx.close();
  }
  return deps.some((d) => d.status === 'failed') ? 1 : 0;
}
