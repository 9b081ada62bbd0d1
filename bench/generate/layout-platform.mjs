/**
 * The fixed part of the repository, scaled by its size: clusters with the Flux install, shared Helm
 * sources, infrastructure controllers, vendored CRDs, charts, Compose stacks, Dockerfiles, workflows,
 * Argo CD applications. Each entry is `{ path, kind, weight, render(rng, budget) }`; `weight > 0` marks a
 * file whose size is set by the repository's byte budget.
 */
import { APP_WORDS, CLUSTERS, CONTROLLERS, HELM_REPOSITORIES, TEAMS } from './catalog.mjs';
import { argoApplication } from './argocd.mjs';
import { composeFile } from './compose.mjs';
import { dockerfile } from './dockerfile.mjs';
import { customResourceDefinition } from './filler.mjs';
import { controllerRelease, fluxKustomization, gotkComponents, gotkSync, sourceFiles } from './flux.mjs';
import { chartDeploymentTemplate, chartHelpers, chartServiceTemplate, chartYaml, valuesYaml } from './helm.mjs';
import { namespace } from './kubernetes.mjs';
import { helmChartsKustomization, listKustomization } from './kustomize.mjs';
import { Random } from './random.mjs';
import { documents } from './text.mjs';
import { workflow } from './workflows.mjs';

const fixed = (path, kind, render) => ({ path, kind, weight: 0, render });
/** '' for the first round through APP_WORDS, then '-2', '-3', … so names stay distinct in big repositories. */
const round = (i) => (i >= APP_WORDS.length ? `-${Math.floor(i / APP_WORDS.length) + 1}` : '');
const elastic = (path, kind, weight, render) => ({ path, kind, weight, render });

function clusterFiles(cluster) {
  const dir = `clusters/${cluster}`;
  return [
    elastic(`${dir}/flux-system/gotk-components.yaml`, 'flux-install', 40, (rng, budget) => gotkComponents(rng, budget)),
    fixed(`${dir}/flux-system/gotk-sync.yaml`, 'flux-kustomization', () => gotkSync(cluster)),
    fixed(`${dir}/flux-system/kustomization.yaml`, 'kustomize', () => listKustomization(['gotk-components.yaml', 'gotk-sync.yaml'])),
    fixed(`${dir}/infrastructure.yaml`, 'flux-kustomization', (rng) =>
      documents([
        fluxKustomization(rng, { name: 'infra-controllers', path: './infrastructure/controllers' }),
        fluxKustomization(rng, { name: 'infra-configs', path: './infrastructure/configs', dependsOn: 'infra-controllers' }),
      ]),
    ),
    fixed(`${dir}/apps.yaml`, 'flux-kustomization', (rng) =>
      documents(
        TEAMS.map((team) =>
          fluxKustomization(rng, {
            name: `apps-${team}`,
            path: `./apps/${team}`,
            dependsOn: 'infra-configs',
            images: rng.chance(0.2) ? [{ name: `ghcr.io/acme-corp/${team}-gateway`, tag: `${rng.int(1, 4)}.${rng.int(0, 20)}.0` }] : [],
          }),
        ),
      ),
    ),
    fixed(
      `${dir}/cluster-settings.yaml`,
      'k8s-configmap',
      () =>
        `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cluster-settings\n  namespace: flux-system\ndata:\n  CLUSTER_NAME: ${cluster}\n  CLUSTER_DOMAIN: ${cluster}.acme.example\n`,
    ),
  ];
}

function infrastructureFiles(seed, scale) {
  const files = [];
  const sources = sourceFiles(Random.forFile(seed, 'infrastructure/sources'));
  for (const [name, text] of sources) files.push(fixed(`infrastructure/sources/${name}`, 'flux-source', () => text));
  files.push(fixed('infrastructure/sources/kustomization.yaml', 'kustomize', () => listKustomization(sources.map(([n]) => n))));
  for (const [name, repoName, chart, imageName, imageTag] of CONTROLLERS) {
    const repo = HELM_REPOSITORIES.find((r) => r.name === repoName);
    const version = repo.charts.find(([c]) => c === chart)[1];
    const dir = `infrastructure/controllers/${name}`;
    files.push(
      fixed(`${dir}/namespace.yaml`, 'k8s-other', () => namespace(name)),
      fixed(`${dir}/helmrelease.yaml`, 'flux-helmrelease', (rng) =>
        controllerRelease(rng, { name, repoName, chart, version, image: { name: imageName, tag: imageTag } }),
      ),
      fixed(`${dir}/kustomization.yaml`, 'kustomize', () => listKustomization(['namespace.yaml', 'helmrelease.yaml'])),
    );
  }
  const crdKinds = ['Certificate', 'Issuer', 'ServiceMonitor', 'PrometheusRule', 'ExternalSecret', 'SealedSecret', 'Backup', 'Volume', 'Cluster', 'Gateway'];
  const crdCount = Math.max(1, Math.round(20 * scale));
  for (let i = 0; i < crdCount; i++) {
    const kind = crdKinds[i % crdKinds.length];
    const group = `${['cert-manager', 'monitoring.coreos', 'external-secrets', 'bitnami', 'velero', 'longhorn', 'postgresql.cnpg', 'gateway.networking.k8s'][i % 8]}.io`;
    files.push(
      elastic(`infrastructure/crds/${kind.toLowerCase()}-${i}.yaml`, 'crd', 25, (rng, budget) => customResourceDefinition(rng, { group, kind }, budget)),
    );
  }
  const inflated = Math.max(1, Math.round(5 * scale));
  for (let i = 0; i < inflated; i++) {
    const dir = `infrastructure/inflated/${APP_WORDS[i % APP_WORDS.length]}${round(i)}`;
    files.push(
      fixed(`${dir}/kustomization.yaml`, 'kustomize', (rng) => {
        const repo = rng.pick(HELM_REPOSITORIES.filter((r) => !r.type));
        return helmChartsKustomization(
          rng,
          rng.sample(repo.charts, rng.int(1, 2)).map(([c, v]) => [repo, c, v]),
        );
      }),
      elastic(`${dir}/values.yaml`, 'helm-values', 2, (rng, budget) => valuesYaml(rng, { app: dir.split('/').pop() }, budget)),
    );
  }
  return files;
}

function chartFiles(index) {
  const name = `${APP_WORDS[index % APP_WORDS.length]}${index >= APP_WORDS.length ? `-${Math.floor(index / APP_WORDS.length) + 1}` : ''}-chart`;
  const dir = `charts/${name}`;
  return [
    fixed(`${dir}/Chart.yaml`, 'helmv3', (rng) => chartYaml(rng, { name })),
    elastic(`${dir}/values.yaml`, 'helm-values', 5, (rng, budget) => valuesYaml(rng, { app: name }, budget)),
    fixed(`${dir}/templates/_helpers.tpl`, 'other', () => chartHelpers(name)),
    fixed(`${dir}/templates/deployment.yaml`, 'helm-template', () => chartDeploymentTemplate(name)),
    fixed(`${dir}/templates/service.yaml`, 'helm-template', () => chartServiceTemplate(name)),
  ];
}

/** Everything except the apps. */
export function platformFiles(seed, fileCount) {
  const scale = fileCount / 10000;
  const count = (n) => Math.max(1, Math.round(n * scale));
  const files = [fixed('README.md', 'other', () => '# fleet\n\nThe GitOps repository of ACME: clusters, infrastructure and apps, reconciled by Flux.\n')];
  for (const cluster of fileCount < 300 ? CLUSTERS.slice(0, 1) : CLUSTERS) files.push(...clusterFiles(cluster));
  files.push(...infrastructureFiles(seed, scale));
  for (let i = 0; i < count(60); i++) files.push(...chartFiles(i));
  for (let i = 0; i < count(100); i++) {
    const project = `${APP_WORDS[i % APP_WORDS.length]}${i >= APP_WORDS.length ? i : ''}`;
    const name = ['docker-compose.yml', 'compose.yaml', 'docker-compose.yaml', 'docker-compose.dev.yml'][i % 4];
    files.push(fixed(`compose/${project}/${name}`, 'docker-compose', (rng) => composeFile(rng, { project })));
  }
  for (let i = 0; i < count(150); i++) {
    const app = `${APP_WORDS[i % APP_WORDS.length]}-${['api', 'worker', 'web'][Math.floor(i / APP_WORDS.length) % 3]}${i >= 150 ? i : ''}`;
    files.push(fixed(`services/${app}/Dockerfile`, 'dockerfile', (rng) => dockerfile(rng, { app })));
    if (i % 5 === 0) files.push(fixed(`services/${app}/Dockerfile.debug`, 'dockerfile', (rng) => dockerfile(rng, { app })));
  }
  for (let i = 0; i < count(40); i++) {
    const name = `${['build', 'release', 'validate', 'e2e', 'nightly'][i % 5]}-${APP_WORDS[i % APP_WORDS.length]}${round(i)}`;
    files.push(fixed(`.github/workflows/${name}.yml`, 'github-actions', (rng) => workflow(rng, { name })));
  }
  for (let i = 0; i < count(5); i++) files.push(fixed(`.gitea/workflows/mirror-${i}.yaml`, 'gitea-actions', (rng) => workflow(rng, { name: `mirror-${i}` })));
  for (let i = 0; i < count(50); i++) {
    const name = `${APP_WORDS[(i * 7) % APP_WORDS.length]}-${i}`;
    files.push(fixed(`argocd/applications/${name}.yaml`, 'argocd', (rng) => argoApplication(rng, { name })));
  }
  return files;
}
