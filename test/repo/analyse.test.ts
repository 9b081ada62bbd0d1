/**
 * The analysis (runLocal's dry run, analyseDeps): the registry is asked for the package a rule's
 * `overridePackageName` names, while updates and edits keep the dep as the file writes it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Datasource } from '../../src/datasources/types.js';
import { extractRepository } from '../../src/extract/extract-repository.js';
import { createRunContext } from '../../src/lookup/context.js';
import { analyseDeps } from '../../src/repo/analyse.js';
import { runLocal } from '../../src/repo/local-run.js';
import { createClock } from '../../src/util/clock.js';

const scratch = mkdtempSync(join(tmpdir(), 'upkeep-analyse-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** An in-memory docker registry that records every package it is asked about; `deprecated` versions are marked so. */
function recordingRegistry(tags: Record<string, string[]>, deprecated: readonly string[] = []) {
  const asked: string[] = [];
  const docker: Datasource = {
    id: 'docker',
    defaultVersioning: 'docker',
    getReleases: async ({ packageName }) => {
      asked.push(packageName);
      const release = (version: string) => (deprecated.includes(version) ? { version, isDeprecated: true } : { version });
      return tags[packageName] ? { releases: tags[packageName]!.map(release) } : null;
    },
  };
  return { asked, datasourceFor: (id: string) => (id === 'docker' ? docker : undefined) };
}

function repo(config: unknown, compose: string): string {
  const dir = mkdtempSync(join(scratch, 'repo-'));
  writeFileSync(join(dir, 'renovate.json'), JSON.stringify(config));
  writeFileSync(join(dir, 'docker-compose.yml'), compose);
  return dir;
}

const COMPOSE = ['services:', '  widget:', '    image: widget:1.0.0', '  db:', '    image: postgres:16.3', ''].join('\n');
const clock = () => createClock(new Date('2026-11-25T12:00:00Z'));

const run = (dir: string, datasourceFor: (id: string) => Datasource | undefined) =>
  runLocal(dir, { hostRules: [], registryAliases: {} }, { baseBranch: 'main', clock: clock(), datasourceFor });

describe('overridePackageName in the lookup', () => {
  it('asks the registry for the overridden name and keeps the dep as written for the update', async () => {
    const dir = repo({ packageRules: [{ matchPackageNames: ['widget'], overridePackageName: 'ghcr.io/acme/{{depName}}' }] }, COMPOSE);
    const { asked, datasourceFor } = recordingRegistry({
      'ghcr.io/acme/widget': ['1.0.0', '1.1.0'],
      widget: ['1.0.0', '9.9.9'],
      postgres: ['16.3', '16.4'],
    });
    const { analysis } = await run(dir, datasourceFor);
    expect([...new Set(asked)].sort()).toEqual(['ghcr.io/acme/widget', 'postgres']);
    const widget = analysis!.deps.find((d) => d.dep.depName === 'widget')!;
    expect(widget.failure).toBeUndefined();
    expect(widget.upgrades.map((u) => u.update.newValue)).toEqual(['1.1.0']);
    // The file's reference is what gets edited: the dep is unchanged.
    expect(widget.upgrades[0]!.dep.depName).toBe('widget');
    expect(widget.upgrades[0]!.dep.packageName ?? widget.upgrades[0]!.dep.depName).toBe('widget');
    expect(widget.upgrades[0]!.dep.currentValue).toBe('1.0.0');
  });

  it('a template that cannot be rendered fails that dep only, naming the option', async () => {
    // `validate` refuses such a template before a run; analyseDeps still fails the one dep, not the run.
    const deps = (await extractRepository(repo({}, COMPOSE), {})).deps;
    const { asked, datasourceFor } = recordingRegistry({ postgres: ['16.3', '16.4'] });
    const config = { packageRules: [{ matchPackageNames: ['widget'], overridePackageName: 'ghcr.io/acme/{{#if depName}}' }] };
    const ctx = createRunContext({ hostRules: [], registryAliases: {} }, { clock: clock() });
    const analysed = await analyseDeps(deps, config, ctx, { baseBranch: 'main', datasourceFor });
    const widget = analysed.find((d) => d.dep.depName === 'widget')!;
    expect(widget.status).toEqual({ kind: 'lookup-failed', detail: expect.stringContaining('overridePackageName') });
    expect(asked).toEqual(['postgres']);
    expect(analysed.find((d) => d.dep.depName === 'postgres')!.upgrades.map((u) => u.update.newValue)).toEqual(['16.4']);
  });
});

describe('ignoreDeprecated from the config', () => {
  it('deprecated releases are left out by default; a rule turning the option off lets them through for its deps', async () => {
    const dir = repo({ packageRules: [{ matchPackageNames: ['postgres'], ignoreDeprecated: false }] }, COMPOSE);
    const { datasourceFor } = recordingRegistry({ widget: ['1.0.0', '1.1.0', '1.2.0'], postgres: ['16.3', '16.4', '16.5'] }, ['1.2.0', '16.5']);
    const { analysis } = await run(dir, datasourceFor);
    const newValues = (name: string) => analysis!.deps.find((d) => d.dep.depName === name)!.upgrades.map((u) => u.update.newValue);
    expect(newValues('widget')).toEqual(['1.1.0']);
    expect(analysis!.deps.find((d) => d.dep.depName === 'widget')!.rejected).toContainEqual({ version: '1.2.0', reason: 'deprecated' });
    expect(newValues('postgres')).toEqual(['16.5']);
  });
});
