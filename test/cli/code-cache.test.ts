/**
 * The code cache of the local-command bundle (src/cli/code-cache.ts), on small CommonJS scripts: a run
 * without a cache saves one, the next uses it; a cache made for other code, an untrusted file or
 * garbage is never used (and the script runs all the same); the script gets CommonJS's `require`,
 * `__filename` and `__dirname`, and its #! line costs no line number.
 */
import { chmodSync, mkdirSync, utimesSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cacheFileName, pruneCaches, runWithCodeCache, writeAtomically, type CodeCacheOptions } from '../../src/cli/code-cache.js';

let root: string;
const results = globalThis as { codeCacheRuns?: unknown[] };

/** A bundle directory with `main.cjs` recording each run, and a helper it requires. */
function bundle(name: string, marker: string): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'helper.cjs'), 'module.exports = (x) => `helped ${x}`;\n');
  const file = join(dir, 'main.cjs');
  writeFileSync(
    file,
    `#!/usr/bin/env node\n'use strict';\nconst help = require('./helper.cjs');\nglobalThis.codeCacheRuns.push({ marker: ${JSON.stringify(marker)}, help: help('me'), file: __filename, dir: __dirname, line: new Error('here').stack.split('\\n')[1] });\n`,
  );
  return file;
}

/** Runs `file`, saving its cache at once (a CLI saves as it exits). */
function run(file: string, options: CodeCacheOptions) {
  let save: (() => void) | undefined;
  const outcome = runWithCodeCache(file, { ...options, saveWhen: (s) => (save = s) });
  save?.();
  return { outcome, saved: save !== undefined, last: results.codeCacheRuns!.at(-1) as Record<string, string> };
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'upkeep-code-cache-test-'));
  results.codeCacheRuns = [];
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('runWithCodeCache', () => {
  it('runs the script as CommonJS: require beside it, __filename, __dirname; the #! line keeps its line number', () => {
    const file = bundle('plain', 'plain');
    const { last } = run(file, { userDir: null });
    expect(last).toMatchObject({ marker: 'plain', help: 'helped me', file, dir: join(root, 'plain') });
    expect(last.line).toContain(`${file}:4:`);
  });

  it('reads a bundle with non-ASCII text as UTF-8 (the build makes its own ASCII, read faster as Latin-1)', () => {
    const dir = join(root, 'unicode');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'main.cjs');
    writeFileSync(file, "globalThis.codeCacheRuns.push({ marker: 'naïve → ✓ 😀' });\n");
    expect(run(file, { userDir: null }).last).toEqual({ marker: 'naïve → ✓ 😀' });
  });

  it('without a cache it saves one in the user directory (user-only), and the next run uses it', () => {
    const file = bundle('user', 'user');
    const userDir = join(root, 'xdg/upkeep');
    const first = run(file, { userDir });
    expect(first).toMatchObject({ outcome: 'none', saved: true });
    const [saved] = readdirSync(userDir);
    expect(saved).toMatch(/^main\.cjs\.[0-9a-f]{20}\.codecache$/);
    expect(statSync(join(userDir, saved!)).mode & 0o777).toBe(0o600);
    const second = run(file, { userDir });
    expect(second).toMatchObject({ outcome: 'used', saved: false, last: { marker: 'user' } });
  });

  it('prefers the cache beside the bundle (the build’s), and a changed bundle finds no cache of the old one', () => {
    const file = bundle('shipped', 'v1');
    const userDir = join(root, 'shipped-user');
    run(file, { writeTo: join(root, 'shipped', cacheFileName(file, readFileSync(file))), userDir: null });
    expect(run(file, { userDir }).outcome).toBe('used');
    expect(readdirSync(root)).not.toContain('shipped-user'); // nothing written: the shipped cache served
    bundle('shipped', 'v2-is-longer');
    expect(run(file, { userDir })).toMatchObject({ outcome: 'none', last: { marker: 'v2-is-longer' } });
  });

  it('never reads a cache others can write, and runs from source when V8 refuses one', () => {
    const file = bundle('untrusted', 'untrusted');
    const userDir = join(root, 'untrusted-user');
    run(file, { userDir });
    const cache = join(userDir, readdirSync(userDir)[0]!);
    chmodSync(cache, 0o666);
    expect(run(file, { userDir: null, writeTo: join(root, 'scratch.cache') }).outcome).toBe('none');
    expect(run(file, { userDir }).outcome).toBe('none'); // world-writable: not read (and replaced)
    expect(statSync(cache).mode & 0o777).toBe(0o600);
    // Garbage under the name of code this process never compiled (V8 would otherwise reuse its own compile).
    const fresh = bundle('garbage', 'garbage');
    const garbage = join(userDir, cacheFileName(fresh, readFileSync(fresh)));
    writeFileSync(garbage, Buffer.alloc(4096, 7), { mode: 0o600 });
    expect(run(fresh, { userDir })).toMatchObject({ outcome: 'rejected', saved: true, last: { marker: 'garbage' } });
    expect(statSync(garbage).size).not.toBe(4096); // replaced by this run's cache
  });

  it('keeps the newest few caches of a bundle in the user directory, and nothing else is touched', () => {
    const dir = join(root, 'prune');
    mkdirSync(dir, { recursive: true });
    for (let i = 0; i < 6; i++) {
      const file = join(dir, `upkeep.cjs.${i}.codecache`);
      writeFileSync(file, 'x');
      utimesSync(file, 1_700_000_000 + i, 1_700_000_000 + i);
    }
    writeFileSync(join(dir, 'other.txt'), 'kept');
    pruneCaches(dir, 'upkeep.cjs', 4);
    expect(readdirSync(dir).sort()).toEqual([
      'other.txt',
      'upkeep.cjs.2.codecache',
      'upkeep.cjs.3.codecache',
      'upkeep.cjs.4.codecache',
      'upkeep.cjs.5.codecache',
    ]);
    pruneCaches(join(root, 'no-such-dir'), 'upkeep.cjs', 4); // nothing to do, no error
  });

  it('a cache beside the bundle that V8 refuses does not hide a good one in the user directory (fresh processes)', async () => {
    // Each step in its own process: within one, V8 reuses its own compile of a source and never reads the cache.
    const { execFileSync } = await import('node:child_process');
    const built = join(import.meta.dirname, '../../dist/cli/code-cache.js');
    const file = bundle('fresh-processes', 'fresh');
    const userDir = join(root, 'fresh-user');
    const step = () =>
      execFileSync(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          `globalThis.codeCacheRuns = []; const m = await import(${JSON.stringify(built)}); process.stdout.write(m.runWithCodeCache(${JSON.stringify(file)}, { userDir: ${JSON.stringify(userDir)} }));`,
        ],
        { encoding: 'utf8' },
      );
    expect(step()).toBe('none'); // saves the user's cache as it exits
    expect(step()).toBe('used');
    writeFileSync(join(root, 'fresh-processes', cacheFileName(file, readFileSync(file))), Buffer.alloc(4096, 7), { mode: 0o644 });
    expect(step()).toBe('used'); // the refused shipped one, then the user's
  });

  it('where nothing can be written, the cache is not even made', () => {
    const notADirectory = join(root, 'plain-file');
    writeFileSync(notADirectory, 'x');
    let made = 0;
    writeAtomically(join(notADirectory, 'upkeep', 'x.codecache'), () => {
      made++;
      return Buffer.from('cache');
    });
    expect(made).toBe(0);
    const fine = join(root, 'writable', 'x.codecache');
    writeAtomically(fine, () => Buffer.from('cache'));
    expect(readFileSync(fine, 'utf8')).toBe('cache');
    expect(readdirSync(join(root, 'writable'))).toEqual(['x.codecache']); // no temporary left
  });
});
