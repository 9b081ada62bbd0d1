/**
 * Argo Workflows objects (Workflow, CronWorkflow, WorkflowTemplate, ClusterWorkflowTemplate) are read by
 * the kubernetes manager like any custom resource: every container image of their templates, as
 * Renovate's kubernetes manager finds them. Argo CD's own objects stay with the argocd manager.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Dep } from '../../src/deps/dep.js';
import { applyUpdate } from '../../src/edit/apply-update.js';
import { argocdManager } from '../../src/managers/argocd.js';
import { kubernetesManager } from '../../src/managers/kubernetes.js';
import { createPackageFile } from '../../src/managers/package-file.js';

const FIXTURES = resolve(import.meta.dirname, '../fixtures/kubernetes/argo-workflows');
const fixture = (name: string) => readFileSync(resolve(FIXTURES, name), 'utf8');
const extract = (name: string, content = fixture(name)) => kubernetesManager.extractFile(createPackageFile(name, content), {});
const brief = (d: Dep) => [d.line, d.depName, d.currentValue ?? null, d.currentDigest ? 'digest' : null, d.skipReason ?? null];

describe('kubernetes manager on Argo Workflows', () => {
  it('finds the images of every template form: container, script, containerSet, initContainers, sidecars', () => {
    const { deps, warnings } = extract('backup-templates.yaml');
    expect(warnings).toEqual([]);
    expect(deps.map(brief)).toEqual([
      [17, 'docker.io/library/busybox', '1.37.0', null, null],
      [20, 'ghcr.io/restic/restic', '0.17.3', null, null],
      [24, 'prom/pushgateway', 'v1.11.0', 'digest', null],
      [27, 'python', '3.13-slim', null, null],
      [35, 'ghcr.io/restic/restic', '0.17.3', null, null],
      [37, 'alpine', '3.21', null, null],
      // `{{inputs.parameters.notifier}}` is an Argo parameter, not an image: no dep.
      [50, 'registry.k8s.io/kubectl', 'v1.32.1', null, null],
    ]);
    expect(deps.every((d) => d.manager === 'kubernetes' && d.datasource === 'docker')).toBe(true);
  });

  it("reads a CronWorkflow's workflowSpec and a Workflow, and leaves an Argo CD Application to argocd", () => {
    const { deps } = extract('nightly.yaml');
    expect(deps.map(brief)).toEqual([
      [22, 'docker.io/bitnami/kubectl', '1.32.1', null, null],
      [36, 'ghcr.io/example/hello', '2.1.0', null, null],
    ]);
    const argocd = argocdManager.extractFile(createPackageFile('nightly.yaml', fixture('nightly.yaml')), {});
    expect(argocd.deps.map((d) => d.depName)).toContain('ghcr.io/restic/restic');
    expect(argocd.deps.some((d) => d.line < 38)).toBe(false);
  });

  it('updates an image of a CronWorkflow in place and reads it back', () => {
    const content = fixture('nightly.yaml');
    const kubectl = extract('nightly.yaml', content).deps[0]!;
    const out = applyUpdate(content, kubectl, { newValue: '1.32.2' });
    expect(out).toBe(content.replace('bitnami/kubectl:1.32.1 #', 'bitnami/kubectl:1.32.2 #'));
    expect(extract('nightly.yaml', out).deps.map(brief)[0]).toEqual([22, 'docker.io/bitnami/kubectl', '1.32.2', null, null]);
  });
});
