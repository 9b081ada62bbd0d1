/** A branch's file contents: several updates in one file, all verified, or nothing. */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { DEFAULT_OPTIONS } from '../../src/config/defaults.js';
import { extractRepository } from '../../src/extract/extract-repository.js';
import type { Upgrade } from '../../src/plan/types.js';
import { branchFiles } from '../../src/publish/branch-files.js';
import { EditError } from '../../src/util/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'upkeep-branch-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const D1 = `sha256:${'1'.repeat(64)}`;
const D2 = `sha256:${'2'.repeat(64)}`;

const POD = [
  'apiVersion: v1',
  'kind: Pod',
  'metadata: {name: web}',
  'spec:',
  '  containers:',
  '    - name: web # the site',
  `      image: nginx:1.25.3@${D1}`,
  '    - name: cache',
  "      image: 'redis:7.2.4'",
  '',
].join('\n');

async function upgradesFor(updates: Record<string, { newValue: string; newDigest?: string }>): Promise<Upgrade[]> {
  const { deps } = await extractRepository(dir);
  return deps
    .filter((d) => updates[d.depName])
    .map((dep) => ({
      dep,
      update: {
        updateType: 'minor',
        newVersion: updates[dep.depName]!.newValue,
        newMajor: 1,
        newMinor: 0,
        newPatch: 0,
        isBreaking: false,
        ...updates[dep.depName]!,
      },
      config: DEFAULT_OPTIONS,
      baseBranch: 'main',
    }));
}

it('applies every update of a group to one file, keeping comments and quoting', async () => {
  mkdirSync(join(dir, 'apps'), { recursive: true });
  writeFileSync(join(dir, 'apps/web.yaml'), POD);
  const upgrades = await upgradesFor({ nginx: { newValue: '1.27.0', newDigest: D2 }, redis: { newValue: '7.4.0' } });
  expect(upgrades).toHaveLength(2);
  const files = await branchFiles(upgrades, async (path) => readFileSync(join(dir, path), 'utf8'));
  expect([...files.keys()]).toEqual(['apps/web.yaml']);
  expect(files.get('apps/web.yaml')).toBe(POD.replace(`nginx:1.25.3@${D1}`, `nginx:1.27.0@${D2}`).replace("'redis:7.2.4'", "'redis:7.4.0'"));
});

it('refuses the whole branch when one edit cannot be verified (the file moved on)', async () => {
  const upgrades = await upgradesFor({ nginx: { newValue: '1.27.0', newDigest: D2 }, redis: { newValue: '7.4.0' } });
  const moved = POD.replace("'redis:7.2.4'", "'redis:7.2.5'");
  await expect(branchFiles(upgrades, async () => moved)).rejects.toThrow(EditError);
  await expect(branchFiles(upgrades, async () => moved)).rejects.toThrow(/apps\/web\.yaml:9: redis: the file changed since extraction/);
});
