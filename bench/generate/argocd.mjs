/** Argo CD Applications: Helm charts from HTTP and OCI repositories, git sources with kustomize images. */
import { HELM_REPOSITORIES } from './catalog.mjs';
import { ownImage, refString, semver } from './images.mjs';
import { lines } from './text.mjs';

export function argoApplication(rng, { name }) {
  const head = lines(
    'apiVersion: argoproj.io/v1alpha1',
    'kind: Application',
    'metadata:',
    `  name: ${name}`,
    '  namespace: argocd',
    'spec:',
    '  project: default',
    '  destination:',
    '    server: https://kubernetes.default.svc',
    `    namespace: ${name}`,
  );
  const sync = lines('  syncPolicy:', '    automated:', '      prune: true', '      selfHeal: true');
  if (rng.chance(0.6)) {
    const repo = rng.pick(HELM_REPOSITORIES);
    const [chart, version] = rng.pick(repo.charts);
    const repoURL = repo.type === 'oci' ? repo.url.replace(/^oci:\/\//, '') : repo.url;
    return `${lines(head, '  source:', `    repoURL: ${repoURL}`, `    chart: ${chart}`, `    targetRevision: ${version}`, '    helm:', `      releaseName: ${name}`, sync)}\n`;
  }
  const image = ownImage(rng, name);
  const tag = image.tag && !image.tag.startsWith('$') ? image.tag : semver(rng);
  return `${lines(head, '  source:', '    repoURL: https://github.com/acme-corp/deployments.git', `    targetRevision: v${semver(rng)}`, `    path: apps/${name}`, '    kustomize:', '      images:', `        - ${name}=${refString({ name: image.name, tag })}`, sync)}\n`;
}
