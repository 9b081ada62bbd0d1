import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { walkFiles, type WalkProblem } from '../../src/extract/walk-files.js';

const base = mkdtempSync(join(tmpdir(), 'upkeep-walk-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

function setup(): { repo: string; outside: string } {
  const repo = join(base, 'repo');
  const outside = join(base, 'outside');
  mkdirSync(join(repo, 'apps/b'), { recursive: true });
  mkdirSync(join(repo, '.git'), { recursive: true });
  mkdirSync(outside, { recursive: true });
  writeFileSync(join(repo, 'apps/b/z.yaml'), 'z');
  writeFileSync(join(repo, 'apps/a.yaml'), 'a');
  writeFileSync(join(repo, '.git/config'), 'x');
  writeFileSync(join(repo, 'big.yaml'), 'x'.repeat(2048));
  writeFileSync(join(outside, 'secret.yaml'), 'password: hunter2');
  symlinkSync(join(outside, 'secret.yaml'), join(repo, 'leak.yaml'));
  symlinkSync(outside, join(repo, 'leakdir'));
  symlinkSync(join(repo, 'apps'), join(repo, 'apps-link'));
  symlinkSync(join(repo, 'missing'), join(repo, 'broken.yaml'));
  return { repo, outside };
}

describe('walkFiles', () => {
  it('lists files sorted, skips .git, never follows a symlink out of the repository, reports big files', async () => {
    const { repo } = setup();
    const problems: WalkProblem[] = [];
    const files: string[] = [];
    const tooLarge: string[] = [];
    for await (const f of walkFiles(repo, { maxFileSize: 1024, onProblem: (p) => problems.push(p) })) {
      if (f.tooLarge) tooLarge.push(`${f.path}: ${f.tooLarge}`);
      else files.push(f.path);
    }
    expect(files).toEqual(['apps/a.yaml', 'apps/b/z.yaml']);
    expect(tooLarge).toEqual(['big.yaml: 2.0 KB, larger than the 1.0 KB limit: not read']);
    expect(problems).toEqual([
      { path: 'broken.yaml', message: 'broken symlink, not read' },
      { path: 'leak.yaml', message: 'symlink leaves the repository, not followed' },
      { path: 'leakdir', message: 'symlink leaves the repository, not followed' },
    ]);
  });

  it('never follows directory symlinks, so a loop or a second path to the same files reads each file once', async () => {
    const repo = join(base, 'loops');
    mkdirSync(join(repo, 'k8s/loop'), { recursive: true });
    writeFileSync(join(repo, 'k8s/app.yaml'), 'a');
    writeFileSync(join(repo, 'k8s/loop/pod.yaml'), 'p');
    symlinkSync('.', join(repo, 'k8s/loop/dot'));
    symlinkSync('../../k8s', join(repo, 'k8s/loop/up'));
    symlinkSync('app.yaml', join(repo, 'k8s/alias.yaml'));
    const problems: WalkProblem[] = [];
    const files: string[] = [];
    for await (const f of walkFiles(repo, { maxFileSize: 1 << 20, onProblem: (p) => problems.push(p) })) files.push(f.path);
    expect(files).toEqual(['k8s/app.yaml', 'k8s/loop/pod.yaml']);
    expect(problems).toEqual([]);
  });

  it('does not enter directories the caller rejects', async () => {
    const repo = join(base, 'repo');
    const files: string[] = [];
    for await (const f of walkFiles(repo, { maxFileSize: 1 << 20, enterDirectory: (p) => p !== 'apps/b' })) files.push(f.path);
    expect(files).toEqual(['apps/a.yaml', 'big.yaml']);
  });
});
