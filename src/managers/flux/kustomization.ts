/**
 * Flux Kustomization (kustomize.toolkit.fluxcd.io) `spec.images[]`: the same entries as a
 * kustomization.yaml `images:` list, read by the shared kustomize helper.
 */
import { extractKustomizeImages } from '../kustomize-images.js';
import { mapGet } from '../yaml/nodes.js';
import type { FluxWalk, Resource } from './common.js';

export function extractKustomization(w: FluxWalk, res: Resource): void {
  extractKustomizeImages(w, mapGet(mapGet(res.root, 'spec', w.doc), 'images', w.doc));
}
