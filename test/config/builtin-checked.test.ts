/**
 * Built-in presets checked at build time (src/config/builtin-checked.ts): a run that takes them from the
 * table resolves a config exactly as one that checks every preset itself, and a table made from another
 * version of a preset file is not used for that file.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkedBuiltinsAt, type CheckedTable } from '../../src/config/builtin-checked.js';
import { checkedBuiltinTable, resolvePresets, type ResolvePresetsOptions } from '../../src/config/presets.js';
import type { RepoConfig } from '../../src/config/schema.js';
import { isProven } from '../../src/util/proven.js';

let dir: string;
let table: CheckedTable;
/** A table file in the temporary directory, and a reader for it. */
const tableFile = (name: string, content: CheckedTable) => {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(content));
  return checkedBuiltinsAt(file);
};
/** No table at all: every preset is checked by the run. */
const NONE = checkedBuiltinsAt('/nonexistent/builtin-presets.checked.json');

const CONFIGS: Array<[string, Record<string, unknown>]> = [
  // Issue 12's home-lab config, verbatim.
  ['config:recommended and a helper', { extends: ['config:recommended', 'helpers:pinGitHubActionDigests'] }],
  ['presets with and without arguments', { extends: [':timezone(Europe/Berlin)', 'schedule:weekends', ':automergeDigest', ':label(deps)'] }],
  ['a preset Renovate renamed, and one with notes', { extends: ['config:base', ':gitSignOff', 'group:allNonMajor'] }],
  ['a preset meant for a package rule', { packageRules: [{ extends: ['monorepo:angular'], groupName: 'angular' }] }],
];

const resolve = (config: Record<string, unknown>, checkedBuiltins: ResolvePresetsOptions['checkedBuiltins']) =>
  resolvePresets(config as RepoConfig, { file: 'renovate.json', checkedBuiltins });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'upkeep-builtin-checked-'));
  table = await checkedBuiltinTable();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('built-in presets checked ahead', () => {
  it('holds every namespace file by its digest, and leaves presets that take arguments to the run', () => {
    expect(Object.keys(table.namespaces)).toEqual(expect.arrayContaining(['config', 'default', 'group', 'monorepo', 'replacements', 'workarounds']));
    for (const digest of Object.values(table.namespaces)) expect(digest).toMatch(/^[0-9a-f]{64}$/);
    expect(table.presets['config:recommended']).toBeDefined();
    expect(table.presets['default:timezone']).toBeUndefined(); // `{{arg0}}`
    expect(Object.keys(table.presets).length).toBeGreaterThan(1000);
  });

  it.each(CONFIGS)('resolves %s exactly as checking each preset in the run does', async (_what, config) => {
    const ahead = await resolve(config, tableFile('table.json', table));
    const inRun = await resolve(config, NONE);
    expect(ahead).toEqual(inRun);
  });

  it('takes a preset from the table when the file is the one it was made from', async () => {
    const marked = structuredClone(table);
    marked.presets['default:automergeDigest']!.content = { labels: ['from-the-table'] };
    const { config } = await resolve({ extends: [':automergeDigest'] }, tableFile('marked.json', marked));
    expect(config.labels).toEqual(['from-the-table']);
  });

  it('checks a preset itself when its file changed after the table was made', async () => {
    const stale = structuredClone(table);
    stale.namespaces.default = '0'.repeat(64);
    stale.presets['default:automergeDigest']!.content = { labels: ['stale'] };
    const { config } = await resolve({ extends: [':automergeDigest'] }, tableFile('stale.json', stale));
    expect(config.labels).toBeUndefined();
    expect(config.digest).toMatchObject({ automerge: true });
  });

  it('reads a table that is missing or not JSON as an empty one', async () => {
    writeFileSync(join(dir, 'broken.json'), '{ not json');
    const broken = checkedBuiltinsAt(join(dir, 'broken.json'));
    expect(await broken.get('default', table.namespaces.default!, 'default:automergeDigest')).toBeUndefined();
    expect(await NONE.get('default', table.namespaces.default!, 'default:automergeDigest')).toBeUndefined();
  });

  it('gives each caller its own copy (a run merges into what it is given)', async () => {
    const reader = tableFile('copies.json', table);
    const digest = table.namespaces.config!;
    const first = await reader.get('config', digest, 'config:recommended');
    (first!.content as { extends: string[] }).extends.push('changed');
    const second = await reader.get('config', digest, 'config:recommended');
    expect((second!.content as { extends: string[] }).extends).not.toContain('changed');
  });

  it('lists the value checks the presets passed: their patterns and versionings', () => {
    const proven = table.proven ?? [];
    expect(proven).toEqual([...new Set(proven)].sort());
    // workarounds:javaLTSVersions (in config:recommended): a regex versioning and a matchCurrentVersion pattern.
    expect(proven.some((k) => k.startsWith('versioning:regex:^(?<major>'))).toBe(true);
    expect(proven).toContain('re:/^\\d+(-|$)');
    expect(proven.every((k) => /^(re|versioning):/.test(k))).toBe(true);
  });

  it('a run reading the table takes those checks as made, and judges the config exactly as one that makes them', async () => {
    const { checkRepositoryConfig } = await import('../../src/repo/check-config.js');
    const repo = mkdtempSync(join(dir, 'repo-'));
    writeFileSync(
      join(repo, 'renovate.json'),
      JSON.stringify({ extends: ['config:recommended'], packageRules: [{ matchPackageNames: ['/(broken/'], enabled: false }] }),
    );
    const before = await checkRepositoryConfig(repo, { readLocal: async () => null });
    await tableFile('proven.json', table).get('config', table.namespaces.config!, 'config:recommended');
    expect(isProven('re:/^\\d+(-|$)')).toBe(true);
    const after = await checkRepositoryConfig(repo, { readLocal: async () => null });
    expect(after.errors).toEqual(before.errors);
    expect(after.errors.map((e) => e.message)).toEqual([expect.stringMatching(/^invalid pattern "\/\(broken\/": /)]);
  });

  it('is what the build writes beside the code', () => {
    const built = JSON.parse(readFileSync(new URL('../../dist/builtin-presets.checked.json', import.meta.url), 'utf8')) as CheckedTable;
    expect(built.namespaces).toEqual(table.namespaces);
  });
});
