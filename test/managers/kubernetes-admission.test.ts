/**
 * A MutatingAdmissionPolicy injects containers written as CEL object literals in its mutations'
 * expressions; Renovate's kubernetes manager finds their `image:` lines, and so does Upkeep, in place.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyUpdate } from '../../src/edit/apply-update.js';
import { kubernetesManager } from '../../src/managers/kubernetes.js';
import { createPackageFile } from '../../src/managers/package-file.js';

const PATH = 'kubernetes/apps/storage/backup/mutatingadmissionpolicy.yaml';
const CONTENT = readFileSync(resolve(import.meta.dirname, '../fixtures/kubernetes/admission/mutatingadmissionpolicy.yaml'), 'utf8');
const NEW_DIGEST = 'sha256:4f1e4b2d8f0c6a3e9b7d5c1a0e2f4b6d8c0a2e4f6b8d0c2e4a6f8b0d2c4e6a8f';
const extract = (content: string) => kubernetesManager.extractFile(createPackageFile(PATH, content), {}).deps;

describe('kubernetes: MutatingAdmissionPolicy CEL images', () => {
  it('finds the image of each injected container, with tag and digest', () => {
    expect(extract(CONTENT).map((d) => [d.line, d.depName, d.currentValue, d.currentDigest ?? null])).toEqual([
      [30, 'ghcr.io/home-operations/busybox', '1.38.0', 'sha256:7e2c04dd50ede647bf4a7a4c8dbd629dd4971cd139b9b88fb22bfc3c7a6c13df'],
      [39, 'docker.io/library/alpine', '3.20', null],
    ]);
  });

  it('an update splices the reference inside the expression; re-extracting finds it; nothing else moves', () => {
    const [busybox] = extract(CONTENT);
    const out = applyUpdate(CONTENT, busybox!, { newValue: '1.38.1', newDigest: NEW_DIGEST });
    expect(out).toContain(`                image: "ghcr.io/home-operations/busybox:1.38.1@${NEW_DIGEST}",\n`);
    expect(out.split('\n').filter((l, i) => l !== CONTENT.split('\n')[i])).toHaveLength(1);
    expect(extract(out)[0]).toMatchObject({ currentValue: '1.38.1', currentDigest: NEW_DIGEST });
  });

  it('only CEL image fields of the mutations: a matchCondition mentioning image: is not a reference', () => {
    const other = CONTENT.replace('object.metadata.name.startsWith("mover-")', '\n        image: "not-read:1.0",');
    expect(extract(other).map((d) => d.depName)).toEqual(['ghcr.io/home-operations/busybox', 'docker.io/library/alpine']);
  });
});
