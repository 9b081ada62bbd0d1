/**
 * Issue 3's invariants as properties over real tag families (test/fixtures/tags): for every current
 * tag a scheme understands and every tag it calls compatible and greater, the candidate is never
 * lower and keeps the tag's shape — `v` prefix, number of numeric parts, suffix. The shape is read
 * here by a small reader of its own, not by the scheme under test.
 */
import { readdirSync, readFileSync } from 'node:fs';
import semver from 'semver';
import { describe, expect, it } from 'vitest';
import { getVersioning } from '../../src/versioning/registry.js';
import type { VersioningApi } from '../../src/versioning/types.js';

const DIR = new URL('../fixtures/tags/', import.meta.url);
const LISTS = new Map(
  readdirSync(DIR)
    .filter((f) => f.endsWith('.txt'))
    .map((f) => [f.replace(/\.txt$/, ''), readFileSync(new URL(f, DIR), 'utf8').split('\n').filter(Boolean)] as const),
);
const tagsOf = (name: string): string[] => LISTS.get(name) ?? [];

const BITNAMI = String.raw`regex:^(?<major>\d+)(?:\.(?<minor>\d+)(?:\.(?<patch>\d+))?)?(:?-(?<compatibility>.+)-(?<build>\d+)(?:-r(?<revision>\d+))?)?$`;
const LINUXSERVER = String.raw`regex:^(?<major>\d+)\.(?<minor>\d+)\.(?<patch>\d+)\.(?<build>\d+)-ls(?<revision>\d+)$`;

/** A tag read independently: prefix, numeric parts, what is attached to them, what follows a `-`. */
interface Shape {
  prefix: string;
  numbers: bigint[];
  attached: string;
  suffix: string;
}

function dockerShape(tag: string): Shape {
  const m = /^(v?)(\d+(?:\.\d+)*)([^-]*)(?:-(.*))?$/.exec(tag)!;
  return { prefix: m[1]!, numbers: m[2]!.split('.').map(BigInt), attached: m[3]!, suffix: m[4] ?? '' };
}

function looseShape(tag: string): Shape {
  const m = /^([vV]?)(\d+(?:\.\d+)*)(.*)$/s.exec(tag)!;
  return { prefix: m[1]!, numbers: m[2]!.split('.').map(BigInt), attached: '', suffix: m[3]! };
}

/** Every run of digits, in order (`16.3.0-debian-12-r14` → 16 3 0 12 14), and the text around them. */
const digitRuns = (tag: string): bigint[] => (tag.match(/\d+/g) ?? []).map(BigInt);
const skeleton = (tag: string): string => tag.replace(/\d+/g, '#');

function compareNumbers(a: bigint[], b: bigint[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i += 1) if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
  return a.length - b.length;
}

/** Each (current, candidate) pair the scheme offers: compatible and greater (from every `stride`th current tag). */
function* offers(api: VersioningApi, tags: string[], stride = 1): Generator<[string, string]> {
  const versions = tags.filter((t) => api.isVersion(t));
  for (const current of versions.filter((_, i) => i % stride === 0)) {
    for (const candidate of versions) {
      if (api.isCompatible(candidate, current) && api.isGreaterThan(candidate, current)) yield [current, candidate];
    }
  }
}

/** The newest candidate the lookup could pick: compatible, greater, and stable when the current one is. */
function newest(api: VersioningApi, tags: string[], current: string): string | null {
  const stableOnly = api.isStable(current);
  const found = tags.filter((t) => api.isVersion(t) && api.isCompatible(t, current) && api.isGreaterThan(t, current) && (!stableOnly || api.isStable(t)));
  return found.sort(api.sortVersions).at(-1) ?? null;
}

describe('tag fixtures', () => {
  it('hold the families the invariants are checked over', () => {
    expect([...LISTS.keys()].sort()).toEqual([
      'alpine',
      'bitnami-postgresql',
      'golang',
      'home-assistant',
      'linuxserver-sonarr',
      'nginx',
      'node',
      'postgres',
      'python',
    ]);
    for (const name of ['nginx', 'node', 'python', 'golang', 'postgres']) expect(tagsOf(name).length).toBeGreaterThan(200);
    for (const tags of LISTS.values()) expect(new Set(tags).size).toBe(tags.length);
  });
});

describe.each([...LISTS.keys()])('invariants over %s tags', (name) => {
  const tags = tagsOf(name);

  it('docker: never lower; same v prefix, number of parts and suffix', () => {
    const docker = getVersioning('docker');
    const broken: string[] = [];
    let pairs = 0;
    for (const [current, candidate] of offers(docker, tags)) {
      pairs += 1;
      const c = dockerShape(current);
      const n = dockerShape(candidate);
      const order = compareNumbers(n.numbers, c.numbers);
      const lower = order < 0 || (order === 0 && (c.attached === '' || (n.attached !== '' && n.attached <= c.attached)));
      if (lower) broken.push(`${current} → ${candidate}: lower`);
      if (n.prefix !== c.prefix || n.numbers.length !== c.numbers.length || n.suffix !== c.suffix) broken.push(`${current} → ${candidate}: shape`);
      if (!docker.isGreaterThan(candidate, current) || docker.isGreaterThan(current, candidate)) broken.push(`${current} → ${candidate}: order`);
    }
    expect(broken).toEqual([]);
    if (!['linuxserver-sonarr'].includes(name)) expect(pairs).toBeGreaterThan(20);
  });

  it('loose: never lower; same prefix, number of parts and suffix', () => {
    const loose = getVersioning('loose');
    const broken: string[] = [];
    for (const [current, candidate] of offers(loose, tags)) {
      const c = looseShape(current);
      const n = looseShape(candidate);
      if (compareNumbers(n.numbers, c.numbers) <= 0) broken.push(`${current} → ${candidate}: lower`);
      if (n.prefix !== c.prefix || n.numbers.length !== c.numbers.length || n.suffix !== c.suffix) broken.push(`${current} → ${candidate}: shape`);
    }
    expect(broken).toEqual([]);
  });

  // semver calls every version compatible, so this walks nearly all pairs: every fourth current tag
  // keeps it quick. helm orders and accepts single versions as semver does; its ranges are unit-tested.
  it('semver: the written value is never lower and keeps the v prefix', () => {
    const api = getVersioning('semver');
    const broken: string[] = [];
    for (const [current, candidate] of offers(api, tags, 4)) {
      const written = api.getNewValue({ currentValue: current, newVersion: candidate, rangeStrategy: 'replace' });
      if (written === null || !semver.gt(written, current)) broken.push(`${current} → ${candidate}: wrote ${written}`);
      else if (written.startsWith('v') !== current.startsWith('v')) broken.push(`${current} → ${candidate}: prefix`);
    }
    expect(broken).toEqual([]);
  });

  it.each([BITNAMI, LINUXSERVER])('%s: never lower, same skeleton (prefix, parts, suffix)', (pattern) => {
    const api = getVersioning(pattern);
    const broken: string[] = [];
    for (const [current, candidate] of offers(api, tags)) {
      if (compareNumbers(digitRuns(candidate), digitRuns(current)) <= 0) broken.push(`${current} → ${candidate}: lower`);
      if (skeleton(candidate) !== skeleton(current)) broken.push(`${current} → ${candidate}: shape`);
    }
    expect(broken).toEqual([]);
  });

  it.each(['docker', 'loose', 'semver', 'helm', BITNAMI])('%s: sortVersions is a total order that agrees with isGreaterThan and equals', (scheme) => {
    const api = getVersioning(scheme);
    const sorted = [...tags].sort(api.sortVersions);
    const broken: string[] = [];
    for (let i = 1; i < sorted.length; i += 1) {
      if (api.sortVersions(sorted[i - 1]!, sorted[i]!) > 0) broken.push(`${sorted[i - 1]} after ${sorted[i]}`);
    }
    const sample = tags.filter((_, i) => i % 8 === 0);
    for (const a of sample) {
      for (const b of sample) {
        const ab = Math.sign(api.sortVersions(a, b));
        if (ab !== -Math.sign(api.sortVersions(b, a))) broken.push(`${a} vs ${b}: not antisymmetric`);
        if (api.isVersion(a) && api.isVersion(b) && api.isGreaterThan(a, b) !== ab > 0) broken.push(`${a} vs ${b}: isGreaterThan`);
        if (api.isVersion(a) && api.isVersion(b) && api.equals(a, b) !== (ab === 0)) broken.push(`${a} vs ${b}: equals`);
      }
    }
    expect(broken).toEqual([]);
  });
});

describe('what the schemes offer from real tags', () => {
  const docker = getVersioning('docker');

  it.each([
    ['nginx', '1.25.3-alpine', '1.29.1-alpine'],
    ['nginx', '1.25', '1.29'],
    ['nginx', '1.25.5-alpine3.19-slim', '1.27.0-alpine3.19-slim'],
    ['nginx', '1.27.0-bookworm-perl', '1.29.1-bookworm-perl'],
    ['nginx', '1.29.1', null],
    ['node', '20.11.1-alpine3.19', '22.6.0-alpine3.19'],
    ['node', '22.4.0-bookworm-slim', '22.6.0-bookworm-slim'],
    ['node', '18.17.0-buster', '18.17.1-buster'],
    ['node', '20.15', '22.6'],
    ['python', '3.12.3-slim-bookworm', '3.12.4-slim-bookworm'],
    ['python', '3.9', '3.12'],
    ['python', '3.13.0b1', '3.13.0b3'],
    ['python', '3.12.3-windowsservercore-ltsc2022', '3.12.4-windowsservercore-ltsc2022'],
    ['postgres', '15.6-alpine3.19', '16.3-alpine3.19'],
    ['postgres', '16.3-alpine3.20', null],
    ['postgres', '14', '16'],
    ['home-assistant', '2024.5.1', '2024.7.1'],
    ['home-assistant', '2024.6.0b0', '2024.8.0b1'],
    ['alpine', '3.19.1', '3.20.1'],
    ['alpine', '3', null],
    ['alpine', '20240329', '20240606'],
    ['golang', '1.22.4-alpine3.20', '1.22.5-alpine3.20'],
    ['golang', '1.21', '1.22'],
    ['golang', '1.20.3-nanoserver-1809', '1.22.5-nanoserver-1809'],
    ['linuxserver-sonarr', '4.0.4.1491-ls239', null],
    ['bitnami-postgresql', '16.3.0-debian-12-r13', null],
  ])('docker, %s: %s → %s', (name, current, expected) => {
    expect(newest(docker, tagsOf(name), current)).toBe(expected);
  });

  it.each([
    [BITNAMI, 'bitnami-postgresql', '16.3.0-debian-12-r13', '16.3.0-debian-12-r14'],
    [BITNAMI, 'bitnami-postgresql', '15.4.0-debian-11-r30', '16.3.0-debian-12-r14'],
    [BITNAMI, 'bitnami-postgresql', '16.2', '16.3'],
    [LINUXSERVER, 'linuxserver-sonarr', '4.0.4.1491-ls239', '4.0.5.1710-ls243'],
    [LINUXSERVER, 'linuxserver-sonarr', '3.0.10.1567-ls175', '4.0.5.1710-ls243'],
  ])('%s, %s: %s → %s', (pattern, name, current, expected) => {
    expect(newest(getVersioning(pattern), tagsOf(name), current)).toBe(expected);
  });

  it.each([
    ['nginx', ['latest', 'mainline', 'stable-perl', 'alpine-slim', 'bookworm', 'mainline-alpine3.22-slim']],
    ['node', ['lts', 'iron-alpine', 'current-bookworm', 'jod']],
    ['python', ['windowsservercore-ltsc2022', 'slim-bookworm', 'rc-alpine']],
    ['linuxserver-sonarr', ['version-4.0.5.1710', 'develop-4.0.6.1847-ls128', 'amd64-4.0.5.1710-ls240', 'latest']],
    ['home-assistant', ['stable', 'beta', 'dev', 'rc', '2024.7.0.dev20240605']],
    ['alpine', ['edge', 'latest']],
  ])('docker, %s: words are not versions', (name, words) => {
    for (const word of words) {
      expect(tagsOf(name)).toContain(word);
      expect(docker.isVersion(word)).toBe(false);
    }
  });
});
