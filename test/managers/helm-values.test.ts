import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Dep } from '../../src/deps/dep.js';
import { applyUpdate } from '../../src/edit/apply-update.js';
import { compileBuiltinPattern as compilePattern } from '../../src/config/file-patterns.js';
import { HELM_VALUES_PATTERN, helmValuesManager } from '../../src/managers/helm-values.js';
import type { ExtractOptions } from '../../src/managers/types.js';
import { createPackageFile } from '../../src/managers/package-file.js';

const FIXTURES = resolve(import.meta.dirname, '../fixtures/helm-values');
const CONFORMANCE = resolve(import.meta.dirname, '../fixtures/conformance/renovate-extract');

const FRONTEND_DIGEST = 'sha256:0b1d7a6e4c2f39a8d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8';
const API_DIGEST = 'sha256:5e2c1b0a9f8e7d6c5b4a39281706f5e4d3c2b1a0f9e8d7c6b5a4938271605f4e';
const OAUTH_DIGEST = 'sha256:dac097a1c68fb7dafa58d6c90382830c8bdef344abcfbcbe533c095b08b15f98';
const REDIS_DIGEST = 'sha256:9d8c7b6a5f4e3d2c1b0a99887766554433221100ffeeddccbbaa998877665544';
const EXPORTER_DIGEST = 'sha256:1f8b2a6e8a1a3c2b3e4d5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4';
const NEW_DIGEST = 'sha256:f76d4069cd2306f38d69cbdcbb6006a01f99134d2c1218cec28af28fce72580b';
const NEW_DIGEST_2 = 'sha256:35a0aa72d56a397944842fd6bc66baf2ba585378d6a9cc15927286455ec5faf4';

const fixture = (path: string) => readFileSync(resolve(FIXTURES, path), 'utf8');

function extract(path: string, content = fixture(path), options: ExtractOptions = {}) {
  return helmValuesManager.extractFile(createPackageFile(path, content), options);
}

const brief = (d: Dep) => ({
  line: d.line,
  depName: d.depName,
  currentValue: d.currentValue,
  currentDigest: d.currentDigest,
  skipReason: d.skipReason,
});

/** The one dep named `depName` (fails the test when there are none or several). */
function depOf(content: string, depName: string, path = 'values.yaml'): Dep {
  const deps = extract(path, content).deps.filter((d) => d.depName === depName);
  expect(deps).toHaveLength(1);
  return deps[0]!;
}

/** `content` with `from` replaced by `to`, checking that `from` occurs exactly once. */
function replaceOnce(content: string, from: string, to: string): string {
  expect(content.split(from)).toHaveLength(2);
  return content.replace(from, () => to);
}

describe('helm-values file patterns', () => {
  const matches = compilePattern(HELM_VALUES_PATTERN);

  it('matches values files by name anywhere in the repository', () => {
    for (const path of ['values.yaml', 'values-prod.yaml', 'values.production.yml', 'apps/shop/values-eu-west-1.yaml', 'charts/shop/values.yml']) {
      expect(matches(path), path).toBe(true);
    }
  });

  it('does not match other files, nor anything inside a chart templates/ directory', () => {
    for (const path of [
      'Chart.yaml',
      'my-values.yaml',
      'values.json',
      'values.yaml.bak',
      'values/app.yaml',
      'templates/values.yaml',
      'charts/shop/templates/values-configmap.yaml',
    ]) {
      expect(matches(path), path).toBe(false);
    }
  });

  it('never reads a Helm template, even when a user pattern hands one over', () => {
    const path = 'chart-with-templates/templates/values-configmap.yaml';
    expect(extract(path)).toEqual({ deps: [], warnings: [] });
    expect(extract('chart-with-templates/values.yaml').deps.map(brief)).toEqual([
      { line: 3, depName: 'ghcr.io/example/internal-app', currentValue: '1.4.2', currentDigest: undefined, skipReason: undefined },
    ]);
  });
});

describe('helm-values extraction', () => {
  it('reads a helm create values.yaml: quoted tag, unquoted 3.20 stays "3.20", other keys ignored', () => {
    const { deps, warnings } = extract('helm-create/values.yaml');
    expect(warnings).toEqual([]);
    expect(deps.map(brief)).toEqual([
      { line: 14, depName: 'ghcr.io/stefanprodan/podinfo', currentValue: '6.7.1', currentDigest: undefined, skipReason: undefined },
      { line: 59, depName: 'alpine', currentValue: '3.20', currentDigest: undefined, skipReason: undefined },
    ]);
    for (const dep of deps) {
      expect(dep).toMatchObject({ manager: 'helm-values', file: 'helm-create/values.yaml', datasource: 'docker', versioning: 'docker' });
      expect(dep.packageName).toBe(dep.depName);
    }
  });

  it('reads Bitnami image maps: registry + repository + tag, empty and set digests, sidecar images', () => {
    const { deps, warnings } = extract('bitnami-postgresql/values.yaml');
    expect(warnings).toEqual([]);
    expect(deps.map(brief)).toEqual([
      { line: 39, depName: 'docker.io/bitnami/postgresql', currentValue: '16.4.0-debian-12-r0', currentDigest: undefined, skipReason: undefined },
      { line: 73, depName: 'docker.io/bitnami/os-shell', currentValue: '12-debian-12-r27', currentDigest: undefined, skipReason: undefined },
      { line: 92, depName: 'docker.io/bitnami/postgres-exporter', currentValue: '0.15.0-debian-12-r36', currentDigest: EXPORTER_DIGEST, skipReason: undefined },
    ]);
  });

  it('reads every shape, every document, and anchors once where they are written', () => {
    const { deps, warnings } = extract('gitops-apps/values.production.yml');
    expect(warnings).toEqual([]);
    expect(deps.map(brief)).toEqual([
      { line: 11, depName: 'registry.example.com/shop/frontend', currentValue: '2.14.0', currentDigest: FRONTEND_DIGEST, skipReason: undefined },
      { line: 18, depName: 'ghcr.io/acme/shop-api', currentValue: 'v3.2.1', currentDigest: API_DIGEST, skipReason: undefined },
      { line: 25, depName: 'envoyproxy/envoy', currentValue: 'v1.31.2', currentDigest: undefined, skipReason: undefined },
      { line: 27, depName: 'quay.io/oauth2-proxy/oauth2-proxy', currentValue: 'v7.6.0', currentDigest: OAUTH_DIGEST, skipReason: undefined },
      { line: 32, depName: 'registry.example.com/shop/worker', currentValue: '1.10', currentDigest: undefined, skipReason: undefined },
      { line: 48, depName: 'prom/statsd-exporter', currentValue: 'v0.27.1', currentDigest: undefined, skipReason: undefined },
      { line: 54, depName: 'bitnami/redis', currentValue: undefined, currentDigest: REDIS_DIGEST, skipReason: undefined },
      { line: 61, depName: 'registry.example.com/shop/frontend', currentValue: '2.15.0-rc.1', currentDigest: undefined, skipReason: undefined },
    ]);
    // Map shapes are docker-versioned; inline references keep the datasource default.
    expect(deps.map((d) => d.versioning)).toEqual(['docker', 'docker', undefined, undefined, 'docker', 'docker', 'docker', 'docker']);
  });

  it('records the spans of sibling tag and digest keys, and of a digest-only map', () => {
    const content = fixture('gitops-apps/values.production.yml');
    const deps = extract('gitops-apps/values.production.yml').deps;
    const api = deps[1]!.location;
    expect(content.slice(api.value!.start, api.value!.end)).toBe('v3.2.1');
    expect(content.slice(api.digest!.start, api.digest!.end)).toBe(API_DIGEST);
    const redis = deps[6]!.location;
    expect(redis.value).toBeUndefined();
    expect(redis.valueInsert).toBeUndefined();
    expect(content.slice(redis.digest!.start, redis.digest!.end)).toBe(REDIS_DIGEST);
  });

  it('reads ingress-nginx image maps, where the repository key is called image, as one dep', () => {
    const content = [
      'controller:',
      '  image:',
      '    registry: registry.k8s.io',
      '    image: ingress-nginx/controller',
      '    tag: v1.10.1',
      `    digest: ${API_DIGEST}`,
      '    pullPolicy: IfNotPresent',
      '',
    ].join('\n');
    expect(extract('values.yaml', content).deps.map(brief)).toEqual([
      { line: 5, depName: 'registry.k8s.io/ingress-nginx/controller', currentValue: 'v1.10.1', currentDigest: API_DIGEST, skipReason: undefined },
    ]);
    const dep = depOf(content, 'registry.k8s.io/ingress-nginx/controller');
    expect(applyUpdate(content, dep, { newValue: 'v1.11.0', newDigest: NEW_DIGEST })).toBe(
      content.replace('v1.10.1', 'v1.11.0').replace(API_DIGEST, NEW_DIGEST),
    );
  });

  it('lists references it cannot update, each with its reason, and ignores values that are no references', () => {
    const { deps, warnings } = extract('gitops-apps/values-edge.yaml');
    expect(warnings).toEqual([]);
    expect(deps.map(brief)).toEqual([
      { line: 5, depName: 'registry.example.com/team/app', currentValue: undefined, currentDigest: undefined, skipReason: 'templated' },
      { line: 8, depName: 'nginx', currentValue: undefined, currentDigest: undefined, skipReason: 'contains-variable' },
      { line: 10, depName: 'Registry.Example.com/Team/Legacy', currentValue: '1.0', currentDigest: undefined, skipReason: 'invalid-ref' },
      { line: 14, depName: 'busybox', currentValue: '1.36', currentDigest: 'not-a-digest', skipReason: 'invalid-ref' },
      { line: 18, depName: 'docker.io/library/httpd', currentValue: '2.4.62', currentDigest: undefined, skipReason: 'not-editable' },
    ]);
    expect(deps.map((d) => d.skipDetail)).toEqual([
      'templated image value "{{ .Chart.AppVersion }}" at line 5',
      'image reference contains a variable: "nginx:${NGINX_TAG}"',
      'repository name must be lowercase: "Team/Legacy"',
      'invalid digest "not-a-digest"',
      'the reference is written with escapes or folding and cannot be edited in place',
    ]);
    expect(deps.every((d) => Object.keys(d.location).length === 0)).toBe(true);
  });

  it('lists a skipped reference reached again through an alias once', () => {
    const content = 'defaults: &defaults\n  image: nginx:${NGINX_TAG}\nweb:\n  <<: *defaults\nadmin:\n  image: *defaults\n';
    expect(extract('values.yaml', content).deps.map(brief)).toEqual([
      { line: 2, depName: 'nginx', currentValue: undefined, currentDigest: undefined, skipReason: 'contains-variable' },
    ]);
  });

  it('applies registryAliases to packageName only (Flux HelmRelease values in a values file)', () => {
    const path = resolve(CONFORMANCE, 'helm-values-multidoc-alias/values.yaml');
    const { deps } = extract('values.yaml', readFileSync(path, 'utf8'), { registryAliases: { 'quay.io': 'registry.internal/mirror/quay.io' } });
    expect(deps.map((d) => [d.depName, d.packageName, d.currentValue, d.versioning])).toEqual([
      ['quay.io/metallb/controller', 'registry.internal/mirror/quay.io/metallb/controller', 'v0.13.10', 'docker'],
      ['quay.io/metallb/speaker', 'registry.internal/mirror/quay.io/metallb/speaker', 'v0.13.10', 'docker'],
    ]);
  });

  it('skips SOPS-encrypted values but reads the ones left in clear', () => {
    const { deps, warnings } = extract('gitops-apps/values-secrets.yaml');
    expect(warnings).toEqual([]);
    expect(deps.map(brief)).toEqual([{ line: 7, depName: 'ghcr.io/acme/backup', currentValue: '2.3.0', currentDigest: undefined, skipReason: undefined }]);
  });

  it('reads the valid documents of a file whose other document is not YAML, with one warning', () => {
    const content = 'image:\n  repository: nginx\n  tag: 1.27.0\n---\nsidecar:\n  image: [busybox:1.36\n---\nimage: redis:7.4.0\n';
    const { deps, warnings } = extract('apps/web/values.yaml', content);
    expect(deps.map((d) => `${d.depName}:${d.currentValue}`)).toEqual(['nginx:1.27.0', 'redis:7.4.0']);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.file).toBe('apps/web/values.yaml');
    expect(warnings[0]!.line).toBe(7);
    expect(warnings[0]!.message).toMatch(/^1 of 3 YAML documents are not valid and were skipped: /);
  });

  it('yields nothing, without throwing, for empty files, scalars and wrong types', () => {
    for (const content of [
      '',
      '# only a comment\n',
      'just a string\n',
      '- image\n- 3\n',
      'image: [1, 2]\n',
      'image:\n  repository: [nginx]\n  tag: 1.0\n',
      'image:\n  repository: nginx\n  tag: {major: 1}\n',
      'image:\n  repository: nginx\n  tag: true\n',
    ]) {
      expect(extract('values.yaml', content), JSON.stringify(content)).toEqual({ deps: [], warnings: [] });
    }
  });

  it('reads the conformance helm create file like Renovate', () => {
    const content = readFileSync(resolve(CONFORMANCE, 'helm-values-helm-create/values.yaml'), 'utf8');
    expect(extract('values.yaml', content).deps.map(brief)).toEqual([
      { line: 9, depName: 'nginx', currentValue: '1.16.1', currentDigest: undefined, skipReason: undefined },
    ]);
  });

  it('is deterministic', () => {
    const content = fixture('gitops-apps/values.production.yml');
    expect(extract('v.yaml', content)).toEqual(extract('v.yaml', content));
  });
});

describe('helm-values applyUpdate', () => {
  it('updates a quoted tag only, keeping the quotes and every other byte', () => {
    const content = fixture('helm-create/values.yaml');
    const dep = depOf(content, 'ghcr.io/stefanprodan/podinfo');
    expect(applyUpdate(content, dep, { newValue: '6.7.2' })).toBe(replaceOnce(content, '  tag: "6.7.1"\n', '  tag: "6.7.2"\n'));
  });

  it('keeps an unquoted tag unquoted', () => {
    const content = fixture('helm-create/values.yaml');
    const dep = depOf(content, 'alpine');
    expect(applyUpdate(content, dep, { newValue: '3.21' })).toBe(replaceOnce(content, '  tag: 3.20\n', '  tag: 3.21\n'));
  });

  it('writes tag and digest together into sibling keys', () => {
    const content = fixture('bitnami-postgresql/values.yaml');
    const dep = depOf(content, 'docker.io/bitnami/postgres-exporter');
    const expected = replaceOnce(
      content,
      `    tag: "0.15.0-debian-12-r36" # pinned by the platform team\n    digest: "${EXPORTER_DIGEST}"\n`,
      `    tag: "0.15.0-debian-12-r37" # pinned by the platform team\n    digest: "${NEW_DIGEST}"\n`,
    );
    expect(applyUpdate(content, dep, { newValue: '0.15.0-debian-12-r37', newDigest: NEW_DIGEST })).toBe(expected);
  });

  it('updates only the digest key when only the digest changes', () => {
    const content = fixture('bitnami-postgresql/values.yaml');
    const dep = depOf(content, 'docker.io/bitnami/postgres-exporter');
    expect(applyUpdate(content, dep, { newDigest: NEW_DIGEST })).toBe(replaceOnce(content, EXPORTER_DIGEST, NEW_DIGEST));
  });

  it('fills an empty digest: "" (and the tag beside it)', () => {
    const content = fixture('bitnami-postgresql/values.yaml');
    const dep = depOf(content, 'docker.io/bitnami/postgresql');
    const expected = replaceOnce(content, '  tag: 16.4.0-debian-12-r0\n  digest: ""\n', `  tag: 16.4.0-debian-12-r1\n  digest: "${NEW_DIGEST}"\n`);
    expect(applyUpdate(content, dep, { newValue: '16.4.0-debian-12-r1', newDigest: NEW_DIGEST })).toBe(expected);
  });

  it('fills a bare digest: key', () => {
    const content = fixture('bitnami-postgresql/values.yaml');
    const dep = depOf(content, 'docker.io/bitnami/os-shell');
    const expected = replaceOnce(content, '    tag: 12-debian-12-r27\n    digest:\n', `    tag: 12-debian-12-r27\n    digest: ${NEW_DIGEST}\n`);
    const edited = applyUpdate(content, dep, { newDigest: NEW_DIGEST });
    expect(edited).toBe(expected);
    expect(depOf(edited, 'docker.io/bitnami/os-shell').currentDigest).toBe(NEW_DIGEST);
  });

  it('adds @digest to a {repository, tag} map that has no digest key', () => {
    const content = fixture('gitops-apps/values.production.yml');
    const dep = depOf(content, 'prom/statsd-exporter');
    const expected = replaceOnce(content, '    tag: v0.27.1\n', `    tag: v0.27.1@${NEW_DIGEST}\n`);
    expect(applyUpdate(content, dep, { newDigest: NEW_DIGEST })).toBe(expected);
  });

  it('rewrites a tag@digest written in one value', () => {
    const content = fixture('gitops-apps/values.production.yml');
    const dep = extract('values.production.yml', content).deps[0]!;
    const expected = replaceOnce(content, `tag: 2.14.0@${FRONTEND_DIGEST} # tag and digest in one`, `tag: 2.14.1@${NEW_DIGEST} # tag and digest in one`);
    expect(applyUpdate(content, dep, { newValue: '2.14.1', newDigest: NEW_DIGEST })).toBe(expected);
  });

  it('edits an anchored map once, where it is written; the alias follows', () => {
    const content = fixture('gitops-apps/values.production.yml');
    const dep = depOf(content, 'ghcr.io/acme/shop-api');
    const expected = replaceOnce(content, `    tag: 'v3.2.1'\n    digest: sha256:${API_DIGEST.slice(7)}\n`, `    tag: 'v3.3.0'\n    digest: ${NEW_DIGEST}\n`);
    const edited = applyUpdate(content, dep, { newValue: 'v3.3.0', newDigest: NEW_DIGEST });
    expect(edited).toBe(expected);
    expect(edited).toContain('    image: *apiImage\n');
  });

  it('edits a map reached through merge keys in its anchor', () => {
    const content = fixture('gitops-apps/values.production.yml');
    const dep = depOf(content, 'registry.example.com/shop/worker');
    expect(applyUpdate(content, dep, { newValue: '1.11' })).toBe(replaceOnce(content, '    tag: 1.10\n', '    tag: 1.11\n'));
  });

  it('edits the second document and leaves the first document and comments alone', () => {
    const content = fixture('gitops-apps/values.production.yml');
    const canary = extract('values.production.yml', content).deps[7]!;
    expect(canary.currentValue).toBe('2.15.0-rc.1');
    expect(applyUpdate(content, canary, { newValue: '2.15.0' })).toBe(replaceOnce(content, '    tag: 2.15.0-rc.1\n', '    tag: 2.15.0\n'));
  });

  it('updates a digest-only map', () => {
    const content = fixture('gitops-apps/values.production.yml');
    const dep = depOf(content, 'bitnami/redis');
    expect(applyUpdate(content, dep, { newDigest: NEW_DIGEST })).toBe(replaceOnce(content, REDIS_DIGEST, NEW_DIGEST));
  });

  it('updates and pins inline image references, keeping their quotes', () => {
    const content = fixture('gitops-apps/values.production.yml');
    const envoy = depOf(content, 'envoyproxy/envoy');
    expect(applyUpdate(content, envoy, { newValue: 'v1.31.3', newDigest: NEW_DIGEST })).toBe(
      replaceOnce(content, 'image: envoyproxy/envoy:v1.31.2\n', `image: envoyproxy/envoy:v1.31.3@${NEW_DIGEST}\n`),
    );
    const oauth = depOf(content, 'quay.io/oauth2-proxy/oauth2-proxy');
    expect(applyUpdate(content, oauth, { newValue: 'v7.7.0', newDigest: NEW_DIGEST_2 })).toBe(
      replaceOnce(content, `"quay.io/oauth2-proxy/oauth2-proxy:v7.6.0@${OAUTH_DIGEST}"`, `"quay.io/oauth2-proxy/oauth2-proxy:v7.7.0@${NEW_DIGEST_2}"`),
    );
  });

  it('keeps CRLF line ends and comments', () => {
    const content = [
      '# Values for the staging cluster',
      'image:',
      '  registry: docker.io',
      '  repository: bitnami/redis',
      "  tag: '7.4.0-debian-12-r2' # keep in step with prod",
      '  digest: ""',
      'metrics:',
      '  image:',
      '    repository: bitnami/redis-exporter',
      '    tag: 1.62.0',
      '',
    ].join('\r\n');
    const redis = depOf(content, 'docker.io/bitnami/redis');
    expect(applyUpdate(content, redis, { newValue: '7.4.1-debian-12-r0', newDigest: NEW_DIGEST })).toBe(
      [
        '# Values for the staging cluster',
        'image:',
        '  registry: docker.io',
        '  repository: bitnami/redis',
        "  tag: '7.4.1-debian-12-r0' # keep in step with prod",
        `  digest: "${NEW_DIGEST}"`,
        'metrics:',
        '  image:',
        '    repository: bitnami/redis-exporter',
        '    tag: 1.62.0',
        '',
      ].join('\r\n'),
    );
    const exporter = depOf(content, 'bitnami/redis-exporter');
    expect(applyUpdate(content, exporter, { newValue: '1.63.0' })).toBe(content.replace('tag: 1.62.0\r\n', 'tag: 1.63.0\r\n'));
  });

  it('returns the identical string for a no-op update', () => {
    const content = fixture('bitnami-postgresql/values.yaml');
    const dep = depOf(content, 'docker.io/bitnami/postgres-exporter');
    expect(applyUpdate(content, dep, { newValue: dep.currentValue!, newDigest: dep.currentDigest! })).toBe(content);
    expect(applyUpdate(content, dep, {})).toBe(content);
  });

  it('refuses to edit a skipped reference, and a digest-only map has no tag to write', () => {
    const content = fixture('gitops-apps/values-edge.yaml');
    const templated = depOf(content, 'registry.example.com/team/app');
    expect(() => applyUpdate(content, templated, { newValue: '1.0.0' })).toThrow(/cannot be updated \(templated\)/);
    const production = fixture('gitops-apps/values.production.yml');
    const redis = depOf(production, 'bitnami/redis');
    expect(() => applyUpdate(production, redis, { newValue: '7.4.0' })).toThrow(/cannot be edited in place/);
  });
});
