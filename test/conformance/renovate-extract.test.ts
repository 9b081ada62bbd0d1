/**
 * Runs every case of the Renovate conformance data (a copy of the project's shared
 * conformance/renovate-extract, kept in test/fixtures/conformance so a clean clone tests alone): what
 * Renovate extracts from real-looking files. Upkeep must produce the same deps on the fields it shares with Renovate, except where a case
 * lists a deliberate difference (differences/<manager>.ts) with its reason.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Dep } from '../../src/deps/dep.js';
import { createPackageFile } from '../../src/managers/package-file.js';
import { getManager } from '../../src/managers/registry.js';
import { requirePath } from '../services/require.js';
import type { FileExtract } from '../../src/managers/types.js';
import { argocdDifferences } from './differences/argocd.js';
import { dockerComposeDifferences } from './differences/docker-compose.js';
import { dockerfileDifferences } from './differences/dockerfile.js';
import { fluxDifferences } from './differences/flux.js';
import { helmValuesDifferences } from './differences/helm-values.js';
import { helmv3Differences } from './differences/helmv3.js';
import { kubernetesDifferences } from './differences/kubernetes.js';
import { kustomizeDifferences } from './differences/kustomize.js';
import type { CaseDifference, ExpectedDep } from './differences/types.js';

const CASES_DIR = resolve(import.meta.dirname, '../fixtures/conformance/renovate-extract');
/** The shared original, when this checkout sits beside it: the copy must not drift from it. */
const SHARED_DIR = resolve(import.meta.dirname, '../../../shared/conformance/renovate-extract');

const DIFFERENCES: Record<string, CaseDifference[]> = {
  ...kubernetesDifferences,
  ...fluxDifferences,
  ...helmValuesDifferences,
  ...helmv3Differences,
  ...kustomizeDifferences,
  ...dockerComposeDifferences,
  ...dockerfileDifferences,
  ...argocdDifferences,
};

/** Differences that hold for every case. */
const ALWAYS: CaseDifference[] = [
  {
    reason: 'Kubernetes API versions (datasource kubernetes-api) are not dependencies Upkeep updates: it keeps images and charts current.',
    dropExpected: (d) => d.datasource === 'kubernetes-api',
  },
  {
    reason: 'The Flux version in gotk-components.yaml is updated by `flux install --export`, not by a text edit; Upkeep leaves it to Flux.',
    dropExpected: (d) => d.datasource === 'github-releases' && d.depName === 'fluxcd/flux2',
  },
  {
    reason:
      'The packages a Dockerfile RUN installs (apt-get install, apk add) are listed by Renovate 44 (datasource deb/apk, depType ' +
      'install), as Upkeep lists them; these cases were recorded from a Renovate that did not list them yet.',
    dropActual: (d) => d.depType === 'install',
  },
];

const COMPARED = ['depName', 'packageName', 'currentValue', 'currentDigest', 'datasource', 'registryUrls', 'skipReason'] as const;

interface Case {
  name: string;
  manager: string;
  mode: 'extractPackageFile' | 'extractAllPackageFiles';
  packageFiles: string[];
  config: { registryAliases?: Record<string, string> };
  match: 'equal' | 'matchObject';
  expected: { deps: ExpectedDep[] } | null | Array<{ packageFile: string; deps: ExpectedDep[] }>;
}

function loadCases(): Case[] {
  if (!existsSync(CASES_DIR)) return [];
  return readdirSync(CASES_DIR, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => ({ name: e.name, ...JSON.parse(readFileSync(join(CASES_DIR, e.name, 'expected.json'), 'utf8')) }) as Case);
}

/** The fields compared, with Renovate's conventions: a missing packageName means "same as depName". */
function normalise(dep: ExpectedDep, withDepType: boolean): ExpectedDep {
  const out: ExpectedDep = {};
  for (const key of COMPARED) if (dep[key] !== undefined) out[key] = dep[key];
  if (out.packageName === undefined && out.depName !== undefined) out.packageName = out.depName;
  if (withDepType && dep.depType !== undefined) out.depType = dep.depType;
  return out;
}

/** For `matchObject` cases: only the listed fields that Upkeep shares with Renovate. */
function pickCompared(dep: ExpectedDep, withDepType: boolean): ExpectedDep {
  const out: ExpectedDep = {};
  for (const key of COMPARED) if (dep[key] !== undefined) out[key] = dep[key];
  if (withDepType && dep.depType !== undefined) out.depType = dep.depType;
  return out;
}

function applyDifferences(name: string, deps: ExpectedDep[]): ExpectedDep[] {
  let out = deps;
  for (const diff of [...ALWAYS, ...(DIFFERENCES[name] ?? [])]) {
    if (diff.dropExpected) out = out.filter((d) => !diff.dropExpected!(d));
    if (diff.adjustExpected) out = out.map((d) => diff.adjustExpected!(d));
  }
  return out;
}

function runCase(c: Case): Map<string, Dep[]> {
  const manager = getManager(c.manager);
  const options = { registryAliases: c.config.registryAliases };
  const extracts: Array<{ file: string; result: FileExtract }> = c.packageFiles.map((file) => {
    const content = readFileSync(join(CASES_DIR, c.name, file), 'utf8');
    return { file, result: manager.extractFile(createPackageFile(file, content), options) };
  });
  manager.linkFiles?.(
    extracts.map((e) => e.result),
    options,
  );
  return new Map(extracts.map((e) => [e.file, e.result.deps]));
}

/** Each expected dep must match a different actual dep (all fields for `equal`, listed ones for `matchObject`). */
function compare(actual: ExpectedDep[], expected: ExpectedDep[], match: Case['match']): void {
  expect(actual.length, `dep count; actual: ${JSON.stringify(actual)}`).toBe(expected.length);
  const remaining = [...actual];
  for (const want of expected) {
    const index = remaining.findIndex((got) =>
      match === 'equal'
        ? JSON.stringify(sortKeys(got)) === JSON.stringify(sortKeys(want))
        : Object.entries(want).every(([k, v]) => JSON.stringify(got[k]) === JSON.stringify(v)),
    );
    expect(index, `expected ${JSON.stringify(want)} among ${JSON.stringify(remaining)}`).toBeGreaterThanOrEqual(0);
    remaining.splice(index, 1);
  }
}

function sortKeys(o: ExpectedDep): ExpectedDep {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
}

const cases = loadCases();

describe('Renovate extract conformance', () => {
  it('finds the 48 cases', () => {
    expect(cases.length).toBe(48);
  });

  requirePath(SHARED_DIR, '../shared/conformance/renovate-extract', 'check out shared/ beside this repository').it(
    'keeps its copy of the cases identical to the shared original',
    () => {
      const list = (dir: string, rel = ''): string[] =>
        readdirSync(join(dir, rel), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? list(dir, join(rel, e.name)) : [join(rel, e.name)]));
      const ours = list(CASES_DIR).sort();
      expect(ours).toEqual(list(SHARED_DIR).sort());
      for (const file of ours) expect(readFileSync(join(CASES_DIR, file), 'utf8'), file).toBe(readFileSync(join(SHARED_DIR, file), 'utf8'));
    },
  );

  for (const c of cases) {
    it(`${c.name}`, () => {
      const byFile = runCase(c);
      const expectedByFile =
        c.expected === null
          ? c.packageFiles.map((f) => ({ packageFile: f, deps: [] as ExpectedDep[] }))
          : Array.isArray(c.expected)
            ? c.expected
            : [{ packageFile: c.packageFiles[0]!, deps: c.expected.deps }];
      const withDepType = expectedByFile.some((f) => f.deps.some((d) => d.depType !== undefined));
      for (const file of c.packageFiles) {
        const want = applyDifferences(c.name, expectedByFile.find((f) => f.packageFile === file)?.deps ?? []);
        const dropped = [...ALWAYS, ...(DIFFERENCES[c.name] ?? [])].flatMap((d) => (d.dropActual ? [d.dropActual] : []));
        const got = (byFile.get(file) ?? [])
          .filter((d) => !dropped.some((drop) => drop(d as unknown as ExpectedDep)))
          .map((d) => normalise(d as unknown as ExpectedDep, withDepType));
        const wantNormalised = want.map((d) => (c.match === 'equal' ? normalise(d, withDepType) : pickCompared(d, withDepType)));
        compare(got, wantNormalised, c.match);
      }
    });
  }
});
