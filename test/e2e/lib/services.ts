/**
 * The outside world of the home-lab loop, all real and on loopback: an OCI registry (docker-registry)
 * holding the images and the OCI Helm chart, an HTTP Helm repository (`index.yaml`), and a GitHub API for
 * the action and remote-base tags (the tags half of the GitHub fake, served like GitHub Enterprise at
 * `/api/v3`, so a run's github-tags lookups can be pointed at it: never the internet).
 *
 *   const services = await startHomelabServices();   // seeded with HOMELAB_RELEASES
 *   … services.registry.host, services.chartsUrl, services.digest('library/redis', '7.2.4') …
 *   await services.pushImage('paperless-ngx/paperless-ngx', '2.8.1');   // a new tag between runs
 *   await services.stop();
 *
 * Gate the tests with `requireCommands(HOMELAB_COMMANDS)` (./harness.ts re-exports it).
 */
import type { HostRule } from '../../../src/http/host-rules.js';
import { FakeGitHub, loadGitHubValidator } from '../../fakes/github.js';
import { startHttpServer, type TestHttpServer } from '../../services/http-server.js';
import { pushHelmChart, pushImage, type PushedManifest } from '../../services/registry-seed.js';
import { registryCommands, startRegistry, type TestRegistry } from '../../services/registry.js';

export const HOMELAB_COMMANDS = [...registryCommands('none'), 'git'];

/** An image or chart in the registry: its tags (oldest first) and where its source lives. */
interface Published {
  tags: string[];
  source?: string;
}

/**
 * What exists before the first run. Each image's first tag is what the repository pins; the later ones
 * are the updates a run finds: a patch and a minor for paperless (source label → release notes), a
 * patch and a major for redis, a patch for whoami and gotenberg, a moved `latest` for it-tools (a digest
 * update), nothing newer for mosquitto, python and external-dns. Charts: app-template 3.1.0 → 3.2.1 and
 * 4.0.0 (OCI, with sources), cert-manager v1.14.4 → v1.14.5 (HTTP repository).
 */
export const HOMELAB_IMAGES: Record<string, Published> = {
  'paperless-ngx/paperless-ngx': { tags: ['2.7.1', '2.7.2', '2.8.0'], source: 'https://github.com/paperless-ngx/paperless-ngx' },
  'library/redis': { tags: ['7.2.4', '7.2.5', '8.0.0'] },
  'gotenberg/gotenberg': { tags: ['8.5.0', '8.5.1'], source: 'https://github.com/gotenberg/gotenberg' },
  'traefik/whoami': { tags: ['v1.10.1', 'v1.10.2'], source: 'https://github.com/traefik/whoami' },
  'corentinth/it-tools': { tags: ['latest'] },
  'library/eclipse-mosquitto': { tags: ['2.0.18'] },
  'library/python': { tags: ['3.12.3-slim'] },
  'external-dns/external-dns': { tags: ['v0.14.1'] },
};
export const APP_TEMPLATE = { repository: 'bjw-s/charts/app-template', versions: ['3.1.0', '3.2.1', '4.0.0'], source: 'https://github.com/bjw-s/helm-charts' };
export const CERT_MANAGER = { versions: ['v1.14.4', 'v1.14.5'], source: 'https://github.com/cert-manager/cert-manager' };
/** GitHub repositories whose tags the run asks for: the workflow's action and the kustomization's remote base. */
export const GITHUB_TAGS: Record<string, string[]> = {
  'actions/checkout': ['v4.0.0', 'v4.1.1'],
  'kubernetes-sigs/external-dns': ['v0.14.1'],
};

export interface HomelabServices {
  registry: TestRegistry;
  charts: TestHttpServer;
  /** `http://127.0.0.1:<port>/jetstack`: the HTTP Helm repository. */
  chartsUrl: string;
  /** The GitHub tags API, served like GitHub Enterprise: its REST base (`http://127.0.0.1:<port>/api/v3`). */
  github: FakeGitHub;
  githubApi: string;
  /** Host rules for the registry (plain HTTP). */
  hostRules: HostRule[];
  /** The digest a tag points at now. */
  digest(repository: string, tag: string): string;
  /** The digest a tag pointed at first (before it was moved). */
  firstDigest(repository: string, tag: string): string;
  /** Pushes (or moves) a tag of an image; returns its digest. */
  pushImage(repository: string, tag: string): Promise<string>;
  /** Adds a chart version to the HTTP Helm repository's index. */
  addCertManager(version: string): void;
  stop(): Promise<void>;
}

function chartIndex(versions: string[]): string {
  const entries = [...versions]
    .reverse()
    .flatMap((v, i) => [
      `    - apiVersion: v2`,
      `      name: cert-manager`,
      `      version: ${v}`,
      `      appVersion: ${v}`,
      `      created: "2024-0${Math.min(9, 3 + i)}-11T09:00:00Z"`,
      `      description: A Helm chart for cert-manager`,
      `      home: https://cert-manager.io`,
      `      sources:`,
      `        - ${CERT_MANAGER.source}`,
      `      urls:`,
      `        - charts/cert-manager-${v}.tgz`,
    ]);
  return ['apiVersion: v1', 'entries:', '  cert-manager:', ...entries, 'generated: "2024-04-11T09:00:00Z"', ''].join('\n');
}

export async function startHomelabServices(): Promise<HomelabServices> {
  const [registry, charts] = await Promise.all([startRegistry(), startHttpServer()]);
  const github = new FakeGitHub({ validator: loadGitHubValidator(), basePath: '/api/v3' });
  const githubUrl = await github.start();
  for (const [repo, tags] of Object.entries(GITHUB_TAGS)) {
    github.state.addRepo(repo);
    for (const [i, tag] of tags.entries()) {
      const commit = github.state.addCommit(repo, { date: `2024-0${i + 1}-15T12:00:00Z`, message: `release ${tag}` });
      github.state.addTag(repo, tag, { commit: commit.sha });
    }
  }
  const digests = new Map<string, string[]>();
  const layerCount = new Map<string, number>();
  const push = async (repository: string, tag: string): Promise<string> => {
    const key = `${repository}:${tag}`;
    const n = (layerCount.get(key) ?? 0) + 1;
    layerCount.set(key, n);
    const source = HOMELAB_IMAGES[repository]?.source;
    const pushed: PushedManifest = await pushImage(registry, repository, tag, {
      created: '2024-04-01T00:00:00Z',
      layer: `${key} #${n}`,
      ...(source ? { labels: { 'org.opencontainers.image.source': source } } : {}),
    });
    digests.set(key, [...(digests.get(key) ?? []), pushed.digest]);
    return pushed.digest;
  };
  for (const [repository, { tags }] of Object.entries(HOMELAB_IMAGES)) for (const tag of tags) await push(repository, tag);
  // it-tools' `latest` moved after the repository pinned it: a digest update.
  await push('corentinth/it-tools', 'latest');
  for (const version of APP_TEMPLATE.versions)
    await pushHelmChart(registry, APP_TEMPLATE.repository, version, { home: 'https://bjw-s.github.io/helm-charts', sources: [APP_TEMPLATE.source] });
  let chartVersions = [...CERT_MANAGER.versions];
  charts.file('/jetstack/index.yaml', chartIndex(chartVersions));

  const at = (repository: string, tag: string) => {
    const list = digests.get(`${repository}:${tag}`);
    if (!list) throw new Error(`${repository}:${tag} was not pushed`);
    return list;
  };
  return {
    registry,
    charts,
    chartsUrl: `${charts.url}/jetstack`,
    github,
    githubApi: githubUrl,
    hostRules: registry.hostRules(),
    digest: (repository, tag) => at(repository, tag).at(-1)!,
    firstDigest: (repository, tag) => at(repository, tag)[0]!,
    pushImage: push,
    addCertManager(version) {
      chartVersions = [...chartVersions, version];
      charts.file('/jetstack/index.yaml', chartIndex(chartVersions));
    },
    async stop() {
      await github.close();
      await charts.stop();
      await registry.stop();
    },
  };
}
