/**
 * kubernetes: container images in Kubernetes manifests.
 *
 * Workloads (Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob):
 * `image` of containers, initContainers and ephemeralContainers, and image volumes
 * (`volumes[].image.reference`). Any other object with `apiVersion` and `kind` (an operator's custom
 * resource such as a CloudNativePG Cluster): every string `image:` / `imageName:` in it. Objects that
 * other managers own (Flux, Argo CD, Kustomize) are left to them.
 */
import type { Node } from 'yaml';
import type { Dep } from '../deps/dep.js';
import { dedupeByLocation } from './dedupe.js';
import { blockImageLines } from './yaml/block-image-lines.js';
import { imageDep } from './image-dep.js';
import type { ExtractOptions, FileExtract, Manager, PackageFile } from './types.js';
import { getString, mapEntries, mapGet, mapPath, scalarText, seqItems } from './yaml/nodes.js';
import type { YamlWalk } from './yaml/walk.js';
import { MANAGER_META } from '../meta/managers.js';

const POD_SPEC_PATH: Record<string, readonly string[]> = {
  Pod: ['spec'],
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  ReplicationController: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
  PodTemplate: ['template', 'spec'],
};

const CONTAINER_LISTS = ['initContainers', 'containers', 'ephemeralContainers'] as const;
const IMAGE_KEYS = new Set(['image', 'imageName']);

/** API groups whose objects another manager reads (or which hold image names that are not references). */
const OWNED_ELSEWHERE = [
  'helm.toolkit.fluxcd.io/',
  'source.toolkit.fluxcd.io/',
  'kustomize.toolkit.fluxcd.io/',
  'image.toolkit.fluxcd.io/',
  'kustomize.config.k8s.io/',
];

/**
 * Argo CD's own kinds, which the argocd manager reads. The other argoproj.io objects — Argo Workflows
 * (Workflow, CronWorkflow, WorkflowTemplate, ClusterWorkflowTemplate), Rollouts, Events — hold
 * container specs (`templates[].container`, `script`, `containerSet.containers[]`, `initContainers`,
 * `sidecars`) and are read here like any custom resource.
 */
const ARGO_CD_KINDS = new Set(['Application', 'ApplicationSet', 'AppProject']);

type Walk = YamlWalk;

function addImage(w: Walk, node: Node | null): void {
  const text = scalarText(node, w.yaml);
  if (!text) return;
  const dep = imageDep('kubernetes', w.file, text, w.options);
  if (dep) w.deps.push(dep);
}

function extractPodSpec(w: Walk, podSpec: Node | null): void {
  for (const list of CONTAINER_LISTS) {
    for (const container of seqItems(mapGet(podSpec, list, w.doc), w.doc)) {
      addImage(w, mapGet(container, 'image', w.doc));
    }
  }
  for (const volume of seqItems(mapGet(podSpec, 'volumes', w.doc), w.doc)) {
    addImage(w, mapPath(volume, ['image', 'reference'], w.doc));
  }
}

/** Every string `image`/`imageName` anywhere below `node`. */
function extractAnyImages(w: Walk, node: Node | null, depth = 0): void {
  if (depth > 64 || node === null) return;
  for (const [key, value] of mapEntries(node, w.doc)) {
    if (IMAGE_KEYS.has(key) && scalarText(value, w.yaml)) addImage(w, value);
    else extractAnyImages(w, value, depth + 1);
  }
  for (const item of seqItems(node, w.doc)) extractAnyImages(w, item, depth + 1);
}

/**
 * A MutatingAdmissionPolicy writes the containers it injects as CEL object literals in its mutations'
 * expressions (`image: "ghcr.io/org/busybox:1.38.0@sha256:…",`): those lines, read in place.
 */
function extractPolicyImages(w: Walk, mutations: Node | null): void {
  for (const text of blockImageLines(mutations, w.yaml, true)) {
    const dep = imageDep('kubernetes', w.file, text, w.options);
    if (dep && dep.skipReason !== 'invalid-ref') w.deps.push(dep);
  }
}

function extractObject(w: Walk, root: Node | null, depth = 0): void {
  const apiVersion = getString(root, 'apiVersion', w.doc, w.yaml);
  const kind = getString(root, 'kind', w.doc, w.yaml);
  if (!apiVersion || !kind) return;
  if (OWNED_ELSEWHERE.some((group) => apiVersion.startsWith(group))) return;
  if (apiVersion.startsWith('argoproj.io/') && ARGO_CD_KINDS.has(kind)) return;
  if (kind === 'List' || kind.endsWith('List')) {
    if (depth < 4) for (const item of seqItems(mapGet(root, 'items', w.doc), w.doc)) extractObject(w, item, depth + 1);
    return;
  }
  if (apiVersion.startsWith('admissionregistration.k8s.io/') && kind === 'MutatingAdmissionPolicy') {
    extractPolicyImages(w, mapGet(mapGet(root, 'spec', w.doc), 'mutations', w.doc));
  }
  const podSpecPath = POD_SPEC_PATH[kind];
  // Core workloads live in groups without a dot (v1, apps/v1, batch/v1); a custom resource that happens
  // to be called Job is read like any other custom resource.
  if (podSpecPath && !apiVersion.includes('.')) {
    extractPodSpec(w, mapPath(root, podSpecPath, w.doc));
    return;
  }
  for (const [key, value] of mapEntries(root, w.doc)) {
    if (key === 'metadata' || key === 'status') continue;
    if (IMAGE_KEYS.has(key)) addImage(w, value);
    else extractAnyImages(w, value);
  }
}

export const kubernetesManager: Manager = {
  id: 'kubernetes',
  ...MANAGER_META['kubernetes'],
  mightContain: (content) => /\bimage(?:Name)?["']?\s*:/.test(content),
  extractFile(file: PackageFile, options: ExtractOptions): FileExtract {
    const yaml = file.yaml();
    const deps: Dep[] = [];
    for (const { root, doc } of yaml.docs) extractObject({ file, yaml, doc, options, deps }, root);
    return { deps: dedupeByLocation(deps), warnings: yaml.warning ? [yaml.warning] : [] };
  },
};
