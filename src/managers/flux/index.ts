/**
 * flux: Helm charts, OCI artifacts, git tags and images in Flux resources.
 *
 *   HelmRelease (helm.toolkit)          chart + version from its HelmRepository; images in spec.values
 *   HelmChart (source.toolkit)          chart + version, like a HelmRelease
 *   HelmRepository (source.toolkit)     no dep: the source charts are linked to, in any file
 *   OCIRepository (source.toolkit)      the artifact's tag / semver range / digest
 *   GitRepository (source.toolkit)      tag, semver range or commit
 *   Kustomization (kustomize.toolkit)   spec.images[]
 *
 * `extractFile` links charts to the HelmRepositories of the same file; `linkFiles` links them across
 * every file of the run (see link.ts).
 */
import type { Dep } from '../../deps/dep.js';
import { dedupeByLocation } from '../dedupe.js';
import type { ExtractOptions, FileExtract, Manager, PackageFile } from '../types.js';
import { getString } from '../yaml/nodes.js';
import { newWalk, readResource, type ChartSourceRef, type FluxLink, type FluxWalk } from './common.js';
import { extractGitRepository } from './git-repository.js';
import { extractHelmChart, extractHelmRelease } from './helm-release.js';
import { collectHelmRepository } from './helm-repository.js';
import { extractKustomization } from './kustomization.js';
import { linkFluxFiles, resolveChart } from './link.js';
import { extractOciRepository } from './oci-repository.js';
import { MANAGER_META } from '../../meta/managers.js';

type Reader = (w: FluxWalk, res: ReturnType<typeof readResource>) => void;

/** Resource kinds by API group prefix. */
const READERS: Record<string, Record<string, Reader>> = {
  'helm.toolkit.fluxcd.io/': { HelmRelease: extractHelmRelease },
  'source.toolkit.fluxcd.io/': {
    HelmRepository: collectHelmRepository,
    HelmChart: extractHelmChart,
    OCIRepository: extractOciRepository,
    GitRepository: extractGitRepository,
  },
  'kustomize.toolkit.fluxcd.io/': { Kustomization: extractKustomization },
};

function readerFor(apiVersion: string | undefined, kind: string | undefined): Reader | undefined {
  if (!apiVersion || !kind) return undefined;
  for (const [group, readers] of Object.entries(READERS)) {
    if (apiVersion.startsWith(group)) return readers[kind];
  }
  return undefined;
}

export function extractFluxFile(file: PackageFile, options: ExtractOptions): FileExtract<FluxLink> {
  const yaml = file.yaml();
  let walk: FluxWalk | null = null;
  for (const { root, doc } of yaml.docs) {
    walk = newWalk(file, yaml, doc, options, walk);
    const kind = getString(root, 'kind', doc, yaml);
    const read = readerFor(getString(root, 'apiVersion', doc, yaml), kind);
    if (read && root && kind) read(walk, readResource(walk, root, kind));
  }
  const warnings = yaml.warning ? [yaml.warning, ...(walk?.warnings ?? [])] : (walk?.warnings ?? []);
  if (!walk) return { deps: [], warnings, link: { helmRepositories: [], charts: [] } };

  // An anchored value reached twice is one dep; link data refers to deps by their final index.
  const deps: Dep[] = dedupeByLocation(walk.deps);
  const charts: ChartSourceRef[] = [];
  for (const [dep, ref] of walk.charts) {
    const index = deps.indexOf(dep);
    if (index >= 0) charts.push({ dep: index, ...ref });
  }
  for (const ref of charts) resolveChart(deps[ref.dep]!, ref, walk.helmRepositories, options, false);
  return { deps, warnings, link: { helmRepositories: walk.helmRepositories, charts } };
}

export const fluxManager: Manager<FluxLink> = {
  id: 'flux',
  ...MANAGER_META['flux'],
  mightContain: (content) => content.includes('toolkit.fluxcd.io'),
  extractFile: extractFluxFile,
  linkFiles: linkFluxFiles,
};
