/**
 * A place of a file read both by a built-in manager and by one of the repository's custom managers is
 * listed once. The built-in reading is kept when the custom manager tracks the same datasource (it reads
 * tag and digest apart); the custom one replaces it when the config tracks the value elsewhere (a Talos
 * installer image through the Image Factory's version list, a chart version through GitHub releases), as
 * Renovate, which lists both, would update it through the custom manager. Fixtures are synthetic.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Dep, RegexManagerDefinition } from '../../src/deps/dep.js';
import { applyUpdate } from '../../src/edit/apply-update.js';
import { extractRepository } from '../../src/extract/extract-repository.js';

const scratch = mkdtempSync(join(tmpdir(), 'upkeep-custom-builtin-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function repoWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(scratch, 'repo-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

const digest = (c: string) => `sha256:${c.repeat(64)}`;

/** The generic annotation manager of home-lab configs (the value after `: ` on the next line, digest and all). */
const ANNOTATED: RegexManagerDefinition = {
  key: 'customManagers[0]',
  managerFilePatterns: ['/\\.ya?ml$/'],
  matchStrings: ['datasource=(?<datasource>\\S+) depName=(?<depName>\\S+)\\n.+(:\\s|=)["\']?(?<currentValue>[^"\'\\s]+)["\']?'],
};
/** A Talos Image Factory installer reference tracked through a custom datasource (the factory's version list). */
const TALOS_FACTORY: RegexManagerDefinition = {
  key: 'customManagers[1]',
  managerFilePatterns: ['/talos/.+\\.ya?ml$/'],
  matchStrings: ['factory\\.example\\.net/[^/]+/[^:]+:(?<currentValue>v\\S+)'],
  templates: { datasource: 'custom.talos-factory', depName: 'siderolabs/talos', versioning: 'semver' },
};
/** The pattern whose lazy depName runs into the next option (`depName=chart registryUrl=…`). */
const LAZY: RegexManagerDefinition = {
  key: 'customManagers[2]',
  managerFilePatterns: ['/\\.ya?ml$/'],
  matchStrings: ['# renovate: datasource=(?<datasource>.*?) depName=(?<depName>.*?)( versioning=(?<versioning>.*=?))?\\n .*: (?<currentValue>.*=?)'],
};

const HELMRELEASE = `---
apiVersion: source.toolkit.fluxcd.io/v1
kind: HelmRepository
metadata:
  name: mirror
  namespace: flux-system
spec:
  type: oci
  url: oci://ghcr.io/example/charts
---
apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: registry-mirror
spec:
  interval: 1h
  chart:
    spec:
      chart: registry-mirror
      # renovate: datasource=github-releases depName=example/registry-mirror
      version: 0.9.2
      sourceRef:
        kind: HelmRepository
        name: mirror
        namespace: flux-system
  values:
    image:
      repository: ghcr.io/example/decoder
      # renovate: datasource=docker depName=ghcr.io/example/decoder
      tag: build-41@${digest('a')}
`;

const MACHINECONFIG = `machine:
  type: controlplane
  install:
    disk: /dev/nvme0n1
    image: factory.example.net/installer-secureboot/0f3c9a1d:v1.9.4
    wipe: false
  kubelet:
    image: ghcr.io/siderolabs/kubelet:v1.32.2
`;

const GITREPOSITORY = `---
apiVersion: source.toolkit.fluxcd.io/v1
kind: GitRepository
metadata:
  name: stack-crds
  namespace: flux-system
spec:
  interval: 30m
  url: https://github.com/example/helm-charts.git
  ref:
    # renovate: datasource=helm depName=stack registryUrl=https://charts.example.com versioning=regex:^stack-(?<major>\\d+)\\.(?<minor>\\d+)\\.(?<patch>\\d+)$
    tag: stack-40.1.0
`;

const brief = (deps: Dep[]) => deps.map((d) => [d.file, d.line, d.manager, d.datasource, d.depName, d.currentValue, d.currentDigest ?? null]);

describe('one dep per place when a custom manager and a built-in manager read it', () => {
  const files = {
    'kubernetes/apps/registry-mirror/helmrelease.yaml': HELMRELEASE,
    'talos/controlplane/machineconfig.yaml': MACHINECONFIG,
    'kubernetes/flux/git/stack-crds.yaml': GITREPOSITORY,
  };
  const config = {
    managers: { 'helm-values': { managerFilePatterns: ['/talos/.+\\.ya?ml$/'] } },
    customManagers: [ANNOTATED, TALOS_FACTORY, LAZY],
    customDatasources: ['talos-factory'],
  };

  it('keeps the custom reading where it names another datasource, the built-in one where it names the same', async () => {
    const dir = repoWith(files);
    const { deps } = await extractRepository(dir, config);
    expect(brief(deps)).toEqual(
      [
        // The GitRepository's tag: the custom match's name ran into `registryUrl=…`, nothing to look up; Flux's reading stays.
        ['kubernetes/flux/git/stack-crds.yaml', 12, 'flux', 'github-tags', 'stack-crds', 'stack-40.1.0', null],
        // The chart version: the config tracks it through GitHub releases.
        ['kubernetes/apps/registry-mirror/helmrelease.yaml', 21, 'regex', 'github-releases', 'example/registry-mirror', '0.9.2', null],
        // The image tag: the same datasource; the Helm values reading has tag and digest apart.
        ['kubernetes/apps/registry-mirror/helmrelease.yaml', 30, 'flux', 'docker', 'ghcr.io/example/decoder', 'build-41', digest('a')],
        // The installer image: the factory's version list, as the config says.
        ['talos/controlplane/machineconfig.yaml', 5, 'regex', 'custom.talos-factory', 'siderolabs/talos', 'v1.9.4', null],
        ['talos/controlplane/machineconfig.yaml', 8, 'helm-values', 'docker', 'ghcr.io/siderolabs/kubelet', 'v1.32.2', null],
      ].sort((a, b) => String(a[0]).localeCompare(String(b[0])) || Number(a[1]) - Number(b[1])),
    );
  });

  it('the kept custom deps update in place and read back', async () => {
    const dir = repoWith(files);
    const { deps } = await extractRepository(dir, config);
    const talos = deps.find((d) => d.depName === 'siderolabs/talos')!;
    const machine = readFileSync(join(dir, talos.file), 'utf8');
    const nextMachine = applyUpdate(machine, talos, { newValue: 'v1.10.0' });
    expect(nextMachine).toBe(machine.replace(':v1.9.4', ':v1.10.0'));

    const chart = deps.find((d) => d.depName === 'example/registry-mirror')!;
    const release = readFileSync(join(dir, chart.file), 'utf8');
    const nextRelease = applyUpdate(release, chart, { newValue: '0.10.0' });
    expect(nextRelease).toBe(release.replace('version: 0.9.2', 'version: 0.10.0'));

    writeFileSync(join(dir, talos.file), nextMachine);
    writeFileSync(join(dir, chart.file), nextRelease);
    const after = (await extractRepository(dir, config)).deps;
    expect(after.find((d) => d.depName === 'siderolabs/talos')).toMatchObject({ manager: 'regex', currentValue: 'v1.10.0' });
    expect(after.find((d) => d.depName === 'example/registry-mirror')).toMatchObject({ manager: 'regex', currentValue: '0.10.0' });
  });

  it('without the custom managers the built-in readings are the deps at those places', async () => {
    const dir = repoWith(files);
    const { deps } = await extractRepository(dir, { managers: config.managers });
    expect(deps.filter((d) => d.manager === 'regex')).toEqual([]);
    expect(deps.find((d) => d.line === 21)).toMatchObject({ manager: 'flux', depName: 'registry-mirror', currentValue: '0.9.2' });
    expect(deps.find((d) => d.file.startsWith('talos/') && d.line === 5)).toMatchObject({ manager: 'helm-values', datasource: 'docker' });
  });
});
