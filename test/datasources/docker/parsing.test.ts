import { describe, expect, it } from 'vitest';
import { parseChallenges, pickChallenge } from '../../../src/datasources/docker/challenge.js';
import { normaliseSourceUrl, realDate } from '../../../src/datasources/docker/image-meta.js';
import { parseConfig, parseManifest, representativeChild } from '../../../src/datasources/docker/manifests.js';
import { nextLink } from '../../../src/datasources/docker/tags.js';

describe('parseChallenges', () => {
  it("reads Docker Hub's Bearer challenge", () => {
    expect(parseChallenges('Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/nginx:pull"')).toEqual([
      { scheme: 'bearer', params: { realm: 'https://auth.docker.io/token', service: 'registry.docker.io', scope: 'repository:library/nginx:pull' } },
    ]);
  });

  it('reads several challenges, unquoted values, escapes and spaces around =', () => {
    const header = 'Basic realm="Registry \\"main\\"", Bearer realm = "https://h/token" , service=h , Negotiate abc==';
    expect(parseChallenges(header)).toEqual([
      { scheme: 'basic', params: { realm: 'Registry "main"' } },
      { scheme: 'bearer', params: { realm: 'https://h/token', service: 'h' } },
      { scheme: 'negotiate', params: {} },
    ]);
    expect(pickChallenge(parseChallenges(header))?.scheme).toBe('bearer');
    expect(pickChallenge(parseChallenges('Basic realm="x"'))).toEqual({ scheme: 'basic', params: { realm: 'x' } });
    expect(parseChallenges(undefined)).toEqual([]);
    expect(parseChallenges('')).toEqual([]);
  });
});

describe('nextLink', () => {
  it('finds rel="next" among links, relative or absolute', () => {
    expect(nextLink('</v2/a/tags/list?n=2&last=b>; rel="next"')).toBe('/v2/a/tags/list?n=2&last=b');
    expect(nextLink('<https://h/v2/a/tags/list?last=x>; rel=next')).toBe('https://h/v2/a/tags/list?last=x');
    expect(nextLink('</first>; rel="prev", </second>; rel="next"')).toBe('/second');
    expect(nextLink('</first>; rel="prev"')).toBeUndefined();
    expect(nextLink(undefined)).toBeUndefined();
  });
});

describe('manifest and config parsing', () => {
  it('tells an index from a manifest, with platforms, config and annotations', () => {
    const index = parseManifest(
      Buffer.from(
        JSON.stringify({
          schemaVersion: 2,
          mediaType: 'application/vnd.oci.image.index.v1+json',
          manifests: [
            { digest: 'sha256:att', platform: { os: 'unknown', architecture: 'unknown' } },
            { digest: 'sha256:arm', mediaType: 'm', platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } },
            { digest: 'sha256:amd', platform: { os: 'linux', architecture: 'amd64' } },
          ],
          annotations: { 'org.opencontainers.image.source': 'https://github.com/o/r', n: 1 },
        }),
      ),
      undefined,
    );
    expect(index.kind).toBe('index');
    expect(index.annotations).toEqual({ 'org.opencontainers.image.source': 'https://github.com/o/r' });
    expect(representativeChild(index)?.digest).toBe('sha256:amd');
    expect(representativeChild({ ...index, manifests: index.manifests!.slice(0, 2) })?.digest).toBe('sha256:arm');

    const manifest = parseManifest(
      Buffer.from(JSON.stringify({ schemaVersion: 2, config: { mediaType: 'c', digest: 'sha256:cfg' }, layers: [] })),
      'application/vnd.docker.distribution.manifest.v2+json; charset=utf-8',
    );
    expect(manifest).toEqual({
      kind: 'manifest',
      mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
      config: { mediaType: 'c', digest: 'sha256:cfg' },
    });
  });

  it('reads created, labels and platform from an image config, home and sources from a chart config', () => {
    expect(
      parseConfig(
        Buffer.from(JSON.stringify({ architecture: 'arm', os: 'linux', variant: 'v7', created: '2024-01-02T03:04:05Z', config: { Labels: { a: 'b' } } })),
      ),
    ).toEqual({
      created: '2024-01-02T03:04:05Z',
      labels: { a: 'b' },
      platform: { os: 'linux', architecture: 'arm', variant: 'v7' },
    });
    expect(parseConfig(Buffer.from(JSON.stringify({ name: 'podinfo', home: 'https://x', sources: ['https://github.com/o/r', 3] })))).toEqual({
      home: 'https://x',
      sources: ['https://github.com/o/r'],
    });
  });
});

describe('image metadata helpers', () => {
  it('normalises source URLs and drops what is not http(s)', () => {
    expect(normaliseSourceUrl(' https://github.com/o/r.git ')).toBe('https://github.com/o/r');
    expect(normaliseSourceUrl('git@github.com:o/r.git')).toBe('https://github.com/o/r');
    expect(normaliseSourceUrl('https://user:secret@gitlab.com/o/r/')).toBe('https://gitlab.com/o/r');
    expect(normaliseSourceUrl('file:///etc/passwd')).toBeUndefined();
    expect(normaliseSourceUrl('not a url')).toBeUndefined();
  });

  it('treats the epoch and Go zero time as no date', () => {
    expect(realDate('2024-05-01T10:00:00.123456789Z')).toBe('2024-05-01T10:00:00.123Z');
    expect(realDate('1970-01-01T00:00:00Z')).toBeUndefined();
    expect(realDate('0001-01-01T00:00:00Z')).toBeUndefined();
    expect(realDate('yesterday')).toBeUndefined();
  });
});
