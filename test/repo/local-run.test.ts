/** `runLocal`: what a run on a working directory says about operator options it has no use for. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { runLocal } from '../../src/repo/local-run.js';
import { createClock } from '../../src/util/clock.js';

const dir = mkdtempSync(join(tmpdir(), 'upkeep-local-run-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('warns that repositories and the platform token are not used by --platform local, and never prints the token', async () => {
  mkdirSync(join(dir, 'apps'));
  writeFileSync(join(dir, 'apps/pod.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: p\n      image: nginx:1.25.3\n');
  const token = `canary-${Math.random().toString(36).slice(2)}`;
  const global = { hostRules: [], registryAliases: {}, repositories: ['home/cluster'], token };
  const { report } = await runLocal(dir, global, { baseBranch: 'main', clock: createClock(new Date('2026-06-01T00:00:00Z')), datasourceFor: () => undefined });
  expect(report.warnings).toContain('global config repositories: not used by --platform local (the working directory is the repository)');
  expect(report.warnings).toContain('the platform token (token / UPKEEP_TOKEN) is not used by --platform local; it is only kept out of the output');
  expect(JSON.stringify(report)).not.toContain(token);
  const quiet = await runLocal(dir, { hostRules: [], registryAliases: {} }, { baseBranch: 'main', datasourceFor: () => undefined });
  expect(quiet.report.warnings.some((w) => w.includes('not used by --platform local'))).toBe(false);
});
