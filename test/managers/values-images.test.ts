/**
 * Helm values images under an alias used as a key: the app-template style `controllers: { *app : … }`
 * with `name: &app paperless` above, also written `*app:` and in flow style. The images are found where
 * they are written, and an update rewrites exactly their bytes.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Dep } from '../../src/deps/dep.js';
import { applyUpdate } from '../../src/edit/apply-update.js';
import { extractRepository } from '../../src/extract/extract-repository.js';
import { fluxManager } from '../../src/managers/flux/index.js';
import { helmValuesManager } from '../../src/managers/helm-values.js';
import { createPackageFile } from '../../src/managers/package-file.js';
import type { Manager } from '../../src/managers/types.js';

const FIXTURES = resolve(import.meta.dirname, '../fixtures/app-template');
const PAPERLESS = 'kubernetes/apps/default/paperless/app/helmrelease.yaml';
const BAZARR = 'kubernetes/apps/media/bazarr/app/helmrelease.yaml';
const ZIGBEE = 'kubernetes/apps/home/zigbee/values.yaml';
const RUNNER = 'kubernetes/apps/dev/forgejo-runner/helmrelease.yaml';
const RUNNER_DIGEST = 'sha256:527aa9f431539da8e151d5434d1d5e611d973f601d8e970790882624554146b0';
const DIND_DIGEST = 'sha256:2a8c227a0a7b0a51085cc500f33f757f2914b554a13497f86c55a9519e2012e6';
const NEW_DIGEST = 'sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08';

const fixture = (path: string) => readFileSync(resolve(FIXTURES, path), 'utf8');

function extract(manager: Manager, path: string, content = fixture(path)) {
  return manager.extractFile(createPackageFile(path, content), {});
}

const brief = (d: Dep) => [d.line, d.depName, d.currentValue, d.currentDigest?.slice(0, 15), d.skipReason];

/** `content` with `from` replaced by `to`, checking that `from` occurs exactly once. */
function replaceOnce(content: string, from: string, to: string): string {
  expect(content.split(from)).toHaveLength(2);
  return content.replace(from, () => to);
}

describe('values images under an alias key', () => {
  it('finds every image below `*app :` in a HelmRelease, at its own line', () => {
    const { deps, warnings } = extract(fluxManager, PAPERLESS);
    expect(warnings).toEqual([]);
    expect(deps.map(brief)).toEqual([
      [24, 'ghcr.io/home-operations/postgres-init', '17.5.0', 'sha256:0c017c7a', undefined],
      [32, 'ghcr.io/paperless-ngx/paperless-ngx', '2.16.3', 'sha256:3aabed2f', undefined],
      [38, 'docker.io/gotenberg/gotenberg', '8.20.1', undefined, undefined],
    ]);
  });

  it('finds the image below `*app:` (no space before the colon)', () => {
    const { deps, warnings } = extract(fluxManager, BAZARR);
    expect(warnings).toEqual([]);
    expect(deps.map(brief)).toEqual([[20, 'ghcr.io/home-operations/bazarr', '1.5.2', 'sha256:194448e2', undefined]]);
  });

  it('finds the image below an alias key in a flow map of a values file', () => {
    const { deps, warnings } = extract(helmValuesManager, ZIGBEE);
    expect(warnings).toEqual([]);
    expect(deps.map(brief)).toEqual([[3, 'ghcr.io/koenkk/zigbee2mqtt', '2.4.0', undefined, undefined]]);
  });

  it('reads the same deps through the whole repository extraction', async () => {
    const { deps } = await extractRepository(FIXTURES);
    const found = deps.map((d) => [d.manager, d.file, d.depName].join(' '));
    expect(found.sort()).toEqual(
      [
        ['helm-values', ZIGBEE, 'ghcr.io/koenkk/zigbee2mqtt'],
        ['flux', BAZARR, 'ghcr.io/home-operations/bazarr'],
        ['flux', PAPERLESS, 'ghcr.io/home-operations/postgres-init'],
        ['flux', PAPERLESS, 'ghcr.io/paperless-ngx/paperless-ngx'],
        ['flux', PAPERLESS, 'docker.io/gotenberg/gotenberg'],
        ['flux', RUNNER, 'data.forgejo.org/forgejo/runner'],
        ['flux', RUNNER, 'ghcr.io/example/forgejo-runner'],
        ['flux', RUNNER, 'docker'],
        ['flux', RUNNER, 'gcr.io/kaniko-project/executor'],
      ]
        .map((d) => d.join(' '))
        .sort(),
    );
  });
});

describe('updates of images under an alias key rewrite exactly their bytes', () => {
  const depOf = (manager: Manager, path: string, depName: string) => extract(manager, path).deps.find((d) => d.depName === depName)!;

  it('tag and digest of the main container below `*app :`', () => {
    const content = fixture(PAPERLESS);
    const dep = depOf(fluxManager, PAPERLESS, 'ghcr.io/paperless-ngx/paperless-ngx');
    const edited = applyUpdate(content, dep, { newValue: '2.17.0', newDigest: NEW_DIGEST });
    expect(edited).toBe(
      replaceOnce(content, 'tag: 2.16.3@sha256:3aabed2fdda7ceef39fbc0a23b8a586d536973e32c27f462646a1daab496832c', `tag: 2.17.0@${NEW_DIGEST}`),
    );
    // Read back: the same dep at the same line, with the new value; the others unchanged.
    expect(extract(fluxManager, PAPERLESS, edited).deps.map(brief)).toEqual([
      [24, 'ghcr.io/home-operations/postgres-init', '17.5.0', 'sha256:0c017c7a', undefined],
      [32, 'ghcr.io/paperless-ngx/paperless-ngx', '2.17.0', NEW_DIGEST.slice(0, 15), undefined],
      [38, 'docker.io/gotenberg/gotenberg', '8.20.1', undefined, undefined],
    ]);
  });

  it('a tag in a flow map below `*app :` and an init container', () => {
    const content = fixture(PAPERLESS);
    const gotenberg = depOf(fluxManager, PAPERLESS, 'docker.io/gotenberg/gotenberg');
    expect(applyUpdate(content, gotenberg, { newValue: '8.21.0' })).toBe(replaceOnce(content, 'tag: 8.20.1 }', 'tag: 8.21.0 }'));
    const init = depOf(fluxManager, PAPERLESS, 'ghcr.io/home-operations/postgres-init');
    expect(applyUpdate(content, init, { newValue: '17.6.0' })).toBe(replaceOnce(content, 'tag: 17.5.0@', 'tag: 17.6.0@'));
  });

  it('the tag below `*app:`, digest kept', () => {
    const content = fixture(BAZARR);
    const edited = applyUpdate(content, depOf(fluxManager, BAZARR, 'ghcr.io/home-operations/bazarr'), { newValue: '1.5.3' });
    expect(edited).toBe(replaceOnce(content, 'tag: 1.5.2@', 'tag: 1.5.3@'));
  });

  it('the tag inside a one-line flow map whose key is an alias', () => {
    const content = fixture(ZIGBEE);
    const edited = applyUpdate(content, depOf(helmValuesManager, ZIGBEE, 'ghcr.io/koenkk/zigbee2mqtt'), { newValue: '2.5.1' });
    expect(edited).toBe(replaceOnce(content, 'tag: 2.4.0 }', 'tag: 2.5.1 }'));
  });
});

describe('values images written inside strings of the values (a runner’s job pod specs)', () => {
  it('finds the `image:` lines of block scalars after the images under keys', () => {
    const { deps, warnings } = extract(fluxManager, RUNNER);
    expect(warnings).toEqual([]);
    expect(deps.map(brief)).toEqual([
      [52, 'data.forgejo.org/forgejo/runner', '9.1.0', undefined, undefined],
      [30, 'ghcr.io/example/forgejo-runner', 'ubuntu-24.04', RUNNER_DIGEST.slice(0, 15), undefined],
      [36, 'docker', '28.3-dind', DIND_DIGEST.slice(0, 15), undefined],
      [41, 'gcr.io/kaniko-project/executor', 'v1.23.2', undefined, undefined],
    ]);
    // Not references: `image: {}` in the runner's own config (line 26), a templated line (line 44).
    expect(deps.map((d) => d.line)).not.toContain(26);
    expect(deps.map((d) => d.line)).not.toContain(44);
  });

  it('in a values file too, but not in strings outside Helm values', () => {
    const values = ['extraInitContainers: |', '  - name: wait', '    image: docker.io/library/busybox:1.37.0', ''].join('\n');
    expect(extract(helmValuesManager, 'values.yaml', values).deps.map(brief)).toEqual([[3, 'docker.io/library/busybox', '1.37.0', undefined, undefined]]);
    const release = [
      'apiVersion: helm.toolkit.fluxcd.io/v2',
      'kind: HelmRelease',
      'metadata:',
      '  name: x',
      '  annotations:',
      '    note: |',
      '      image: nginx:1.27',
      'spec:',
      '  values: {}',
      '',
    ];
    expect(extract(fluxManager, 'x.yaml', release.join('\n')).deps).toEqual([]);
  });

  it('an update rewrites exactly the tag and digest on the line inside the string, quotes and comment kept', () => {
    const content = fixture(RUNNER);
    const [, runner, dind, kaniko] = extract(fluxManager, RUNNER).deps;
    expect(applyUpdate(content, runner!, { newValue: 'ubuntu-26.04', newDigest: NEW_DIGEST })).toBe(
      replaceOnce(content, `forgejo-runner:ubuntu-24.04@${RUNNER_DIGEST}`, `forgejo-runner:ubuntu-26.04@${NEW_DIGEST}`),
    );
    const edited = applyUpdate(content, dind!, { newValue: '28.4-dind', newDigest: NEW_DIGEST });
    expect(edited).toBe(replaceOnce(content, `"docker:28.3-dind@${DIND_DIGEST}" # rootful`, `"docker:28.4-dind@${NEW_DIGEST}" # rootful`));
    expect(extract(fluxManager, RUNNER, edited).deps.map((d) => [d.line, d.currentValue])).toEqual([
      [52, '9.1.0'],
      [30, 'ubuntu-24.04'],
      [36, '28.4-dind'],
      [41, 'v1.23.2'],
    ]);
    expect(applyUpdate(content, kaniko!, { newValue: 'v1.24.0' })).toBe(replaceOnce(content, 'executor:v1.23.2', 'executor:v1.24.0'));
  });
});
