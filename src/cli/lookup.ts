/** `upkeep lookup [DIR] [--json] [--config GLOBAL.json]`: each dep with the updates it should get. */
import { stat } from 'node:fs/promises';
import { loadGlobalConfig } from '../config/global-config.js';
import { formatWarning } from '../deps/dep.js';
import { resolveDepOptions, toLookupOptions } from '../config/resolve-dep.js';
import { extractRepository } from '../extract/extract-repository.js';
import { extractConfigOf } from '../repo/extract-config.js';
import { configForReading } from '../repo/load-config.js';
import { currentBranch } from '../repo/local-run.js';
import { createRunContext } from '../lookup/context.js';
import { lookupRepository, type LookedUpDep } from '../lookup/lookup-repository.js';
import { InputError } from '../util/errors.js';

export interface LookupCommandOptions {
  json?: boolean;
  config?: string;
  baseBranch?: string;
}

function short(digest: string | undefined): string {
  return digest ? `@${digest.replace(/^sha256:/, '').slice(0, 12)}` : '';
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
    const current = `${dep.currentValue ?? ''}${short(dep.currentDigest)}`;
    const updates = dep.skipReason
      ? `skipped: ${dep.skipReason}`
      : dep.updates.length === 0
        ? 'up to date'
        : dep.updates.map((u) => `${u.updateType} ${u.newValue}${short(u.newDigest)}`).join(', ');
    lines.push(`  ${dep.line}  ${dep.depName} ${current}  → ${updates}`);
    for (const warning of dep.warnings) lines.push(`    ! ${warning}`);
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

export async function runLookup(dir: string, options: LookupCommandOptions): Promise<number> {
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory()) throw new InputError(`${dir}: not a directory`);
  const global = await loadGlobalConfig(options.config);
  const { config, warnings } = await configForReading(dir, global.registryAliases);
  for (const warning of warnings) process.stderr.write(`warning: ${warning}\n`);
  const extracted = await extractRepository(dir, extractConfigOf(config));
  for (const warning of extracted.warnings) process.stderr.write(`warning: ${formatWarning(warning)}\n`);
  const baseBranch = options.baseBranch ?? (await currentBranch(dir)) ?? 'main';
  const ctx = createRunContext(global);
  try {
    // The repository's config applies (versioning, allowedVersions, pinDigests, ignoreDeps, …).
    const deps = await lookupRepository(extracted.deps, ctx, (dep) => {
      const resolved = resolveDepOptions(config, dep, { baseBranch });
      return resolved.skip ? { skip: resolved.skip.detail } : toLookupOptions(resolved.options);
    });
    if (options.json) {
      // Credentials a repository wrote into a URL, and any secret the run knows, never reach the output.
      process.stdout.write(`${ctx.http.redactor.redact(JSON.stringify({ deps, warnings: extracted.warnings }, null, 2))}\n`);
    } else {
      process.stdout.write(ctx.http.redactor.redact(formatLookupTable(deps)));
      const updates = deps.reduce((n, d) => n + d.updates.length, 0);
      process.stdout.write(`${updates} updates for ${deps.filter((d) => d.updates.length > 0).length} of ${deps.length} deps\n`);
    }
  } finally {
    await ctx.close();
  }
  return 0;
}
