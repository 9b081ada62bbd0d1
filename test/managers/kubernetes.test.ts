import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Dep } from '../../src/deps/dep.js';
import { kubernetesManager } from '../../src/managers/kubernetes.js';
import { createPackageFile } from '../../src/managers/package-file.js';

const FIXTURES = resolve(import.meta.dirname, '../fixtures/kubernetes');
const JELLYFIN_DIGEST = 'sha256:28d81f2e7f99e2f862924d4748a4b71c4fd94e3ec26e0c6da17ce1252992af68';

function extract(path: string, content = readFileSync(resolve(FIXTURES, path), 'utf8')) {
  return kubernetesManager.extractFile(createPackageFile(path, content), {});
}

const brief = (d: Dep) => ({
  line: d.line,
  depName: d.depName,
  currentValue: d.currentValue,
  currentDigest: d.currentDigest,
  skipReason: d.skipReason,
});

describe('kubernetes manager', () => {
  it('finds init and regular containers, with tag@digest and quoting', () => {
    const { deps, warnings } = extract('apps/media/jellyfin.yaml');
    expect(warnings).toEqual([]);
    expect(deps.map(brief)).toEqual([
      { line: 24, depName: 'docker.io/library/busybox', currentValue: '1.36.1', currentDigest: undefined, skipReason: undefined },
      { line: 28, depName: 'ghcr.io/jellyfin/jellyfin', currentValue: '10.9.6', currentDigest: JELLYFIN_DIGEST, skipReason: undefined },
      { line: 38, depName: 'ghcr.io/rebelcore/jellyfin_exporter', currentValue: 'v1.2.2', currentDigest: undefined, skipReason: undefined },
    ]);
    expect(deps.every((d) => d.manager === 'kubernetes' && d.datasource === 'docker' && d.file === 'apps/media/jellyfin.yaml')).toBe(true);
  });

  it('records exact spans of tag and digest', () => {
    const content = readFileSync(resolve(FIXTURES, 'apps/media/jellyfin.yaml'), 'utf8');
    const jellyfin = extract('apps/media/jellyfin.yaml').deps[1]!;
    const { value, digest } = jellyfin.location;
    expect(content.slice(value!.start, value!.end)).toBe('10.9.6');
    expect(content.slice(digest!.start, digest!.end)).toBe(JELLYFIN_DIGEST);
  });

  it('reads imageName of custom resources such as a CloudNativePG Cluster', () => {
    expect(extract('apps/database/cluster.yaml').deps.map(brief)).toEqual([
      { line: 8, depName: 'ghcr.io/cloudnative-pg/postgresql', currentValue: '16.3-7', currentDigest: undefined, skipReason: undefined },
    ]);
  });

  it('finds CronJob containers and image volumes', () => {
    expect(extract('apps/database/backup-cronjob.yaml').deps.map((d) => `${d.depName}:${d.currentValue}`)).toEqual([
      'postgres:16.3-alpine',
      'quay.io/example/backup-tools:v2.0.0',
    ]);
  });

  it('finds ephemeral containers and objects inside a List, never annotation text', () => {
    expect(extract('apps/monitoring/debug-pod.yaml').deps.map((d) => `${d.depName}:${d.currentValue}`)).toEqual([
      'nicolaka/netshoot:v0.13',
      'busybox:1.36',
      'quay.io/prometheus/node-exporter:v1.8.1',
    ]);
  });

  it('lists an anchored image once, where it is written', () => {
    const { deps } = extract('apps/monitoring/anchors.yaml');
    expect(deps.map(brief)).toEqual([{ line: 10, depName: 'ghcr.io/example/twin', currentValue: '2.1.0', currentDigest: undefined, skipReason: undefined }]);
  });

  it('handles CRLF line ends and a byte-order mark', () => {
    const crlf = extract('apps/monitoring/crlf.yaml').deps;
    expect(crlf.map(brief)).toEqual([{ line: 10, depName: 'nginx', currentValue: '1.25.5', currentDigest: undefined, skipReason: undefined }]);
    const bom = extract('apps/monitoring/bom.yaml').deps;
    expect(bom.map(brief)).toEqual([{ line: 8, depName: 'redis', currentValue: '7.2.4', currentDigest: undefined, skipReason: undefined }]);
  });

  it('skips a broken document with one warning naming file and line, and keeps the others', () => {
    const { deps, warnings } = extract('apps/monitoring/broken.yaml');
    expect(deps.map((d) => d.depName)).toEqual(['grafana/grafana']);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ file: 'apps/monitoring/broken.yaml' });
    expect(warnings[0]!.line).toBeGreaterThanOrEqual(17);
    expect(warnings[0]!.message).toMatch(/^1 of 2 YAML documents are not valid and were skipped: /);
  });

  it('lists references it cannot update with a reason, and reads versions as written', () => {
    const { deps } = extract('apps/monitoring/odd-refs.yaml');
    expect(deps.map(brief)).toEqual([
      { line: 10, depName: 'quay.io/myName/app', currentValue: '1.0', currentDigest: undefined, skipReason: 'invalid-ref' },
      { line: 12, depName: 'ghcr.io/example/app', currentValue: undefined, currentDigest: undefined, skipReason: 'contains-variable' },
      { line: 14, depName: 'ghcr.io/example/latest-only', currentValue: undefined, currentDigest: undefined, skipReason: undefined },
      { line: 18, depName: 'ghcr.io/example/numeric', currentValue: '1.10', currentDigest: undefined, skipReason: undefined },
    ]);
    expect(deps[0]!.skipDetail).toContain('lowercase');
  });

  it('leaves Flux, Argo CD and Kustomize objects to their managers', () => {
    const content = [
      'apiVersion: helm.toolkit.fluxcd.io/v2',
      'kind: HelmRelease',
      'metadata: {name: x}',
      'spec:',
      '  values:',
      '    image: nginx:1.0',
      '---',
      'apiVersion: image.toolkit.fluxcd.io/v1beta2',
      'kind: ImageRepository',
      'metadata: {name: app}',
      'spec:',
      '  image: ghcr.io/example/app',
      '---',
      'apiVersion: kustomize.config.k8s.io/v1beta1',
      'kind: Kustomization',
      'images:',
      '  - name: nginx',
      '    newTag: 1.2.3',
      '',
    ].join('\n');
    expect(extract('flux.yaml', content).deps).toEqual([]);
  });

  it('reads nothing from a Helm template action and names a partly templated image', () => {
    const content = [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: {{ .Release.Name }}',
      'spec:',
      '  template:',
      '    spec:',
      '      containers:',
      '        - name: a',
      '          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"',
      '        - name: b',
      '          image: ghcr.io/example/sidecar:{{ .Values.sidecarTag }}',
      '        - name: c',
      '          image: ghcr.io/example/plain:1.0.0',
      '',
    ].join('\n');
    expect(extract('tpl.yaml', content).deps.map(brief)).toEqual([
      { line: 12, depName: 'ghcr.io/example/sidecar', currentValue: undefined, currentDigest: undefined, skipReason: 'templated' },
      { line: 14, depName: 'ghcr.io/example/plain', currentValue: '1.0.0', currentDigest: undefined, skipReason: undefined },
    ]);
  });

  it('ignores YAML without apiVersion and kind', () => {
    expect(extract('x.yaml', 'image: nginx:1.0\n').deps).toEqual([]);
  });
});
