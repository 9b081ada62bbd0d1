import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Dep } from '../../src/deps/dep.js';
import { applyUpdate } from '../../src/edit/apply-update.js';
import { kubernetesManager } from '../../src/managers/kubernetes.js';
import { createPackageFile } from '../../src/managers/package-file.js';
import { EditError } from '../../src/util/errors.js';

const FIXTURES = resolve(import.meta.dirname, '../fixtures/kubernetes');
const OLD = 'sha256:28d81f2e7f99e2f862924d4748a4b71c4fd94e3ec26e0c6da17ce1252992af68';
const NEW = 'sha256:4f1e4b2d8f0c6a3e9b7d5c1a0e2f4b6d8c0a2e4f6b8d0c2e4a6f8b0d2c4e6a8f';

function deps(path: string, content: string): Dep[] {
  return kubernetesManager.extractFile(createPackageFile(path, content), {}).deps;
}

function fixture(path: string): string {
  return readFileSync(resolve(FIXTURES, path), 'utf8');
}

/** Replace the first occurrence of `from` by `to`, failing when `from` is absent (the expected file). */
function expectedEdit(content: string, from: string, to: string): string {
  expect(content).toContain(from);
  return content.replace(from, to);
}

describe('applyUpdate', () => {
  const jellyfin = fixture('apps/media/jellyfin.yaml');
  const [busybox, server, exporter] = deps('apps/media/jellyfin.yaml', jellyfin);

  it('changes only the tag of a plain reference, keeping the comment beside it', () => {
    const out = applyUpdate(jellyfin, busybox!, { newValue: '1.36.2' });
    expect(out).toBe(expectedEdit(jellyfin, 'busybox:1.36.1   # keep', 'busybox:1.36.2   # keep'));
  });

  it('changes tag and digest of a quoted tag@digest reference together', () => {
    const out = applyUpdate(jellyfin, server!, { newValue: '10.10.0', newDigest: NEW });
    expect(out).toBe(expectedEdit(jellyfin, `"ghcr.io/jellyfin/jellyfin:10.9.6@${OLD}"`, `"ghcr.io/jellyfin/jellyfin:10.10.0@${NEW}"`));
  });

  it('changes only the digest when the tag stays', () => {
    const out = applyUpdate(jellyfin, server!, { newDigest: NEW });
    expect(out).toBe(expectedEdit(jellyfin, `10.9.6@${OLD}`, `10.9.6@${NEW}`));
  });

  it('adds a digest to a tag-only reference (pinning) inside single quotes', () => {
    const out = applyUpdate(jellyfin, exporter!, { newDigest: NEW });
    expect(out).toBe(expectedEdit(jellyfin, `'ghcr.io/rebelcore/jellyfin_exporter:v1.2.2'`, `'ghcr.io/rebelcore/jellyfin_exporter:v1.2.2@${NEW}'`));
  });

  it('adds tag and digest to a bare name in the right order', () => {
    const content = fixture('apps/monitoring/odd-refs.yaml');
    const bare = deps('odd.yaml', content).find((d) => d.depName === 'ghcr.io/example/latest-only')!;
    const out = applyUpdate(content, bare, { newValue: '2.0.0', newDigest: NEW });
    expect(out).toBe(expectedEdit(content, 'latest-only\n', `latest-only:2.0.0@${NEW}\n`));
  });

  it('returns the identical string when nothing changes', () => {
    expect(applyUpdate(jellyfin, server!, { newValue: '10.9.6', newDigest: OLD })).toBe(jellyfin);
    expect(applyUpdate(jellyfin, server!, {})).toBe(jellyfin);
  });

  it('keeps CRLF line ends and the other lines byte for byte', () => {
    const content = fixture('apps/monitoring/crlf.yaml');
    const [nginx] = deps('crlf.yaml', content);
    const out = applyUpdate(content, nginx!, { newValue: '1.27.0' });
    expect(out).toBe(content.replace('nginx:1.25.5 # pinned\r\n', 'nginx:1.27.0 # pinned\r\n'));
    expect(out.split('\r\n')).toHaveLength(content.split('\r\n').length);
  });

  it('keeps a byte-order mark and every other document of a multi-document file', () => {
    const bom = fixture('apps/monitoring/bom.yaml');
    const [redis] = deps('bom.yaml', bom);
    expect(applyUpdate(bom, redis!, { newValue: '7.4.0' })).toBe(`\uFEFF${bom.slice(1).replace('redis:7.2.4', 'redis:7.4.0')}`);
    const list = fixture('apps/monitoring/debug-pod.yaml');
    const exporterDep = deps('debug-pod.yaml', list).find((d) => d.depName.endsWith('node-exporter'))!;
    expect(applyUpdate(list, exporterDep, { newValue: 'v1.8.2' })).toBe(expectedEdit(list, 'node-exporter:v1.8.1', 'node-exporter:v1.8.2'));
  });

  it('writes an anchored image once, where the anchor is', () => {
    const content = fixture('apps/monitoring/anchors.yaml');
    const [twin] = deps('anchors.yaml', content);
    expect(applyUpdate(content, twin!, { newValue: '2.2.0' })).toBe(
      expectedEdit(content, '&img ghcr.io/example/twin:2.1.0', '&img ghcr.io/example/twin:2.2.0'),
    );
  });

  it('leaves block scalars, folded text and the other documents byte for byte (and never reads images out of text)', () => {
    const content = [
      '---',
      '# The app and its config, as one file',
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata: {name: app-config}',
      'data:',
      '  config.yaml: |',
      '    # not a reference: only text in a block scalar',
      '    image: nginx:1.0',
      '',
      '    trailing: spaces   ',
      '  motd: >-',
      '    Welcome to the',
      '    cluster.',
      '---',
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: app',
      'spec:',
      '  template:',
      '    spec:',
      '      containers:',
      '        - name: app',
      '          image: "ghcr.io/example/app:2.3.4"  # bumped by Upkeep',
      '...',
      '',
    ].join('\n');
    const found = deps('app.yaml', content);
    expect(found.map((d) => d.depName)).toEqual(['ghcr.io/example/app']);
    expect(applyUpdate(content, found[0]!, { newValue: '2.4.0', newDigest: NEW })).toBe(
      content.replace('"ghcr.io/example/app:2.3.4"', `"ghcr.io/example/app:2.4.0@${NEW}"`),
    );
  });

  it('refuses skipped deps, stale deps and edits that do not read back', () => {
    const odd = fixture('apps/monitoring/odd-refs.yaml');
    const [upper] = deps('odd.yaml', odd);
    expect(() => applyUpdate(odd, upper!, { newValue: '2.0' })).toThrow(EditError);
    expect(() => applyUpdate(odd, upper!, { newValue: '2.0' })).toThrow(/cannot be updated \(invalid-ref\)/);
    const changed = jellyfin.replace('busybox:1.36.1', 'busybox:1.37.0');
    expect(() => applyUpdate(changed, busybox!, { newValue: '1.38.0' })).toThrow(/the file changed since extraction/);
    // A value with a space would become a different YAML value: the read-back check refuses it.
    expect(() => applyUpdate(jellyfin, busybox!, { newValue: '1.36.2 #x' })).toThrow(/could not be verified/);
    expect(() => applyUpdate(jellyfin, busybox!, { newDigest: 'sha256:nothex' })).toThrow(/is not a digest/);
    expect(() => applyUpdate(jellyfin, busybox!, { newValue: '' })).toThrow(/empty value/);
  });

  it('names file and line in its errors', () => {
    const odd = fixture('apps/monitoring/odd-refs.yaml');
    const [upper] = deps('apps/monitoring/odd-refs.yaml', odd);
    expect(() => applyUpdate(odd, upper!, { newValue: '2.0' })).toThrow(/^apps\/monitoring\/odd-refs\.yaml:10: quay\.io\/myName\/app: /);
  });
});
