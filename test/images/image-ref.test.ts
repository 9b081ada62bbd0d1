import { describe, expect, it } from 'vitest';
import { locateImageRef, parseImageRef, splitImageRef } from '../../src/images/image-ref.js';

const DIGEST = 'sha256:0ad5f3b45d0e62f5ff6ec4f7de64eb2ba2b7b9f6e0e6a7b1c5d8a6b0b3e1c9d2';

describe('parseImageRef', () => {
  it('normalises Docker Hub short names to one image', () => {
    for (const ref of ['nginx', 'docker.io/nginx', 'docker.io/library/nginx', 'index.docker.io/library/nginx', 'registry-1.docker.io/library/nginx']) {
      const parsed = parseImageRef(`${ref}:1.25.5`);
      expect(parsed, ref).toMatchObject({ registry: 'docker.io', repository: 'library/nginx', tag: '1.25.5' });
      expect(parsed.depName).toBe(ref);
      expect(parsed.skipReason).toBeUndefined();
    }
  });

  it('keeps user repositories on Docker Hub without library/', () => {
    expect(parseImageRef('bitnami/postgresql:16.2.0-debian-12-r8')).toMatchObject({
      registry: 'docker.io',
      repository: 'bitnami/postgresql',
      tag: '16.2.0-debian-12-r8',
      depName: 'bitnami/postgresql',
      packageName: 'bitnami/postgresql',
    });
  });

  it('recognises registry hosts with ports, localhost and deep paths', () => {
    expect(parseImageRef('localhost:5000/x')).toMatchObject({ registry: 'localhost:5000', repository: 'x', depName: 'localhost:5000/x' });
    expect(parseImageRef('localhost:5000/x').tag).toBeUndefined();
    expect(parseImageRef('registry.example.com:8443/a/b/c:2.0')).toMatchObject({
      registry: 'registry.example.com:8443',
      repository: 'a/b/c',
      tag: '2.0',
    });
    expect(parseImageRef('localhost/app:1')).toMatchObject({ registry: 'localhost', repository: 'app', tag: '1' });
    expect(parseImageRef('ghcr.io/home-assistant/home-assistant:2024.5.1')).toMatchObject({
      registry: 'ghcr.io',
      repository: 'home-assistant/home-assistant',
      depName: 'ghcr.io/home-assistant/home-assistant',
    });
    expect(parseImageRef('[::1]:5000/app:1')).toMatchObject({ registry: '[::1]:5000', repository: 'app', tag: '1' });
  });

  it('reads tag, digest and tag@digest', () => {
    expect(parseImageRef(`nginx@${DIGEST}`)).toMatchObject({ digest: DIGEST, depName: 'nginx' });
    expect(parseImageRef(`nginx@${DIGEST}`).tag).toBeUndefined();
    expect(parseImageRef(`ghcr.io/org/app:v1.2.3@${DIGEST}`)).toMatchObject({ tag: 'v1.2.3', digest: DIGEST, repository: 'org/app' });
    expect(parseImageRef('ghcr.io/berriai/litellm:litellm_stable_release_branch-v1.67.0-stable').tag).toBe('litellm_stable_release_branch-v1.67.0-stable');
  });

  it('rejects what docker pull rejects', () => {
    expect(parseImageRef('quay.io/myName/app:1.0')).toMatchObject({ skipReason: 'invalid-ref' });
    expect(parseImageRef('quay.io/myName/app:1.0').problem).toContain('lowercase');
    expect(parseImageRef('nginx:-bad').skipReason).toBe('invalid-ref');
    expect(parseImageRef('nginx@sha256:abcd').skipReason).toBe('invalid-ref');
    expect(parseImageRef('nginx:1.0@sha256:zz').skipReason).toBe('invalid-ref');
    expect(parseImageRef('').skipReason).toBe('invalid-ref');
    expect(parseImageRef(`nginx:${'a'.repeat(129)}`).skipReason).toBe('invalid-ref');
  });

  it('treats an uppercase first component as a registry host, like docker does', () => {
    expect(parseImageRef('Registry/app:1')).toMatchObject({ registry: 'Registry', repository: 'app', tag: '1' });
  });

  it('detects variables and templates, naming what can be named', () => {
    expect(parseImageRef('nginx:${TAG}')).toMatchObject({ skipReason: 'contains-variable', depName: 'nginx' });
    expect(parseImageRef('nginx:${TAG}').tag).toBeUndefined();
    expect(parseImageRef('$REGISTRY/alpine:3')).toMatchObject({ skipReason: 'contains-variable', depName: '$REGISTRY/alpine:3' });
    expect(parseImageRef('ghcr.io/org/app:{{ .Values.tag }}')).toMatchObject({ skipReason: 'templated', depName: 'ghcr.io/org/app' });
    expect(parseImageRef('{{ .Values.image }}').skipReason).toBe('templated');
  });

  it('reads the default of a whole-reference variable', () => {
    expect(parseImageRef('${REDIS_IMAGE:-redis:7.2.4-alpine}')).toMatchObject({ depName: 'redis', tag: '7.2.4-alpine' });
    expect(parseImageRef('${REDIS_IMAGE:-redis:7.2.4-alpine}').skipReason).toBeUndefined();
    expect(parseImageRef("${IMG-'postgres:16'}")).toMatchObject({ depName: 'postgres', tag: '16' });
  });

  it('applies registryAliases to packageName only, on a whole path component', () => {
    const aliases = { 'quay.io': 'mirror.example.com/quay', docker: 'nope' };
    expect(parseImageRef('quay.io/prometheus/node-exporter:v1.8.0', { registryAliases: aliases })).toMatchObject({
      depName: 'quay.io/prometheus/node-exporter',
      packageName: 'mirror.example.com/quay/prometheus/node-exporter',
      registry: 'mirror.example.com',
      repository: 'quay/prometheus/node-exporter',
    });
    expect(parseImageRef('quay.io.evil/x:1', { registryAliases: aliases }).packageName).toBe('quay.io.evil/x');
    expect(parseImageRef('docker/compose:1', { registryAliases: aliases }).packageName).toBe('nope/compose');
  });

  it("names images as Renovate does, so its branches match: library/, amd64/, arm64/ and quay.io's port out of depName, kept in packageName", () => {
    expect(parseImageRef('library/nginx:1.25.5')).toMatchObject({ depName: 'nginx', packageName: 'library/nginx', repository: 'library/nginx' });
    expect(parseImageRef('amd64/alpine:3.20')).toMatchObject({ depName: 'alpine', packageName: 'amd64/alpine', repository: 'amd64/alpine' });
    expect(parseImageRef('arm64/busybox:1.36')).toMatchObject({ depName: 'busybox', packageName: 'arm64/busybox' });
    expect(parseImageRef('quay.io:443/prometheus/node-exporter:v1.8.0')).toMatchObject({
      depName: 'quay.io/prometheus/node-exporter',
      packageName: 'quay.io:443/prometheus/node-exporter',
      registry: 'quay.io:443',
    });
    // Only at the start, as Renovate: a path component elsewhere is part of the name.
    expect(parseImageRef('docker.io/library/nginx:1').depName).toBe('docker.io/library/nginx');
    expect(parseImageRef('ghcr.io:443/org/app:1').depName).toBe('ghcr.io:443/org/app');
  });

  it('a registry alias whose key is a variable resolves the reference ($CI_REGISTRY and ${CI_REGISTRY}, either way round)', () => {
    const spellings: Array<Record<string, string>> = [{ $CI_REGISTRY: 'registry.gitlab.example.com' }, { '${CI_REGISTRY}': 'registry.gitlab.example.com/' }];
    for (const aliases of spellings) {
      for (const ref of ['$CI_REGISTRY/infra/runner:1.4.0', '${CI_REGISTRY}/infra/runner:1.4.0']) {
        expect(parseImageRef(ref, { registryAliases: aliases }), `${ref} ${JSON.stringify(aliases)}`).toMatchObject({
          depName: 'registry.gitlab.example.com/infra/runner',
          packageName: 'registry.gitlab.example.com/infra/runner',
          registry: 'registry.gitlab.example.com',
          repository: 'infra/runner',
          tag: '1.4.0',
        });
        expect(parseImageRef(ref, { registryAliases: aliases }).skipReason).toBeUndefined();
      }
    }
    // The rest of the reference still holding a variable is still skipped; no alias, still skipped.
    expect(parseImageRef('$CI_REGISTRY/infra/runner:$TAG', { registryAliases: { $CI_REGISTRY: 'r.example.com' } }).skipReason).toBe('contains-variable');
    expect(parseImageRef('$CI_REGISTRY/infra/runner:1.4.0').skipReason).toBe('contains-variable');
  });
});

describe('locateImageRef', () => {
  it('returns where tag and digest stand', () => {
    const ref = `ghcr.io:443/org/app:v1@${DIGEST}`;
    const parts = splitImageRef(ref);
    expect(ref.slice(parts.tagStart!, parts.tagStart! + parts.tag!.length)).toBe('v1');
    expect(ref.slice(parts.digestStart!)).toBe(DIGEST);
    expect(parts.nameEnd).toBe('ghcr.io:443/org/app'.length);
  });

  it('points into the default of a variable', () => {
    const text = '${IMAGE:-redis:5.0.0}';
    const { parts } = locateImageRef(text);
    expect(text.slice(parts.tagStart!, parts.tagStart! + 5)).toBe('5.0.0');
  });
});
