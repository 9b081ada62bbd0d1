/**
 * The home-lab loop the fault tests break: a small Flux-style repository on a fake forge (real git over
 * HTTP), run through the whole path with runForgeRepository, and the repository's state as something two
 * worlds can be compared by — a faulted run and a control run without the fault must end the same.
 */
import type { Datasource } from '../../../../src/datasources/types.js';
import { runForgeRepository, type ForgeRunOptions, type ForgeRunResult } from '../../../../src/repo/forge-run.js';
import { createClock } from '../../../../src/util/clock.js';
import type { ForgeServer, RequestHook } from '../../../fakes/forge-server.js';
import { REPO, type ForgeWorld } from '../../../platforms/world.js';
import { FORGES, type ForgeKind } from '../../../platforms/worlds.js';

export { REPO };

/** Every run of a test happens at this instant (one injected clock; commits are dated by it). */
export const RUN_AT = new Date('2026-06-01T10:00:00Z');

/** A deployment manifest as a home-lab repository writes it. */
export function deployment(app: string, image: string): string {
  return [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    `  name: ${app}`,
    '  namespace: home',
    'spec:',
    '  template:',
    '    spec:',
    '      containers:',
    `        - name: ${app}`,
    '          # pinned by hand; the bot keeps it current',
    `          image: ${image}`,
    '',
  ].join('\n');
}

/** `k8s/apps/<app>/deployment.yaml` per app → image. */
export function homelabFiles(images: Record<string, string>, config: unknown = { prHourlyLimit: 0 }): Record<string, string> {
  const files: Record<string, string> = { 'renovate.json': `${JSON.stringify(config, null, 2)}\n`, 'README.md': '# home-ops\n' };
  for (const [app, image] of Object.entries(images)) files[`k8s/apps/${app}/deployment.yaml`] = deployment(app, image);
  return files;
}

export const forge = (id: string): ForgeKind => FORGES.find((f) => f.id === id)!;

export async function makeWorld(kind: ForgeKind, files: Record<string, string>): Promise<ForgeWorld> {
  return kind.make({ repo: { files } });
}

/** An in-memory docker registry: image → tags (digests derived from the tag). */
export function memoryRegistry(tags: Record<string, string[]>): (id: string) => Datasource | undefined {
  const docker: Datasource = {
    id: 'docker',
    defaultVersioning: 'docker',
    getReleases: async ({ packageName }) => (tags[packageName] ? { releases: tags[packageName]!.map((version) => ({ version })) } : null),
    getDigest: async (_pkg, tag) => `sha256:${Buffer.from(tag).toString('hex').padEnd(64, '0').slice(0, 64)}`,
  };
  return (id) => (id === 'docker' ? docker : undefined);
}

/** One run of the repository, as `upkeep run --platform <forge>` does it. */
export async function runLoop(w: ForgeWorld, datasourceFor: ForgeRunOptions['datasourceFor'], extra: Partial<ForgeRunOptions> = {}): Promise<ForgeRunResult> {
  return runForgeRepository({
    platform: await w.repo(),
    bot: await w.platform.currentUser(),
    global: { hostRules: [], registryAliases: {}, token: w.token },
    clock: createClock(RUN_AT),
    ...(datasourceFor ? { datasourceFor } : {}),
    ...extra,
  });
}

/** The fake's HTTP server (API and git), for request hooks. */
export const serverOf = (w: ForgeWorld): ForgeServer => (w.fake as unknown as { server: ForgeServer }).server;

/** A git push arriving (the receive-pack POST that carries the pack and the ref updates). */
export const isPush = (req: Parameters<RequestHook>[0]): boolean => req.method === 'POST' && req.path.endsWith('/git-receive-pack');

/**
 * Runs `action` once, as the first request matching `when` arrives (that request waits for it), and
 * resolves with the action's result. The hook removes itself.
 */
export function onFirst<T>(
  w: ForgeWorld,
  when: (req: Parameters<RequestHook>[0]) => boolean,
  action: () => Promise<T>,
  options: { drop?: boolean } = {},
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const remove = serverOf(w).onRequest(async (req) => {
      if (!when(req)) return;
      remove();
      try {
        resolve(await action());
      } catch (err) {
        reject(err as Error);
      }
      return options.drop ? 'drop' : undefined;
    });
  });
}

export interface RepoState {
  /** Branch → its tree, the commits it has beyond the default branch (author: subject), built on the current base. */
  branches: Record<string, { tree: string; commits: string[]; onBase: boolean }>;
  /** The default branch's history (author: subject), oldest first. */
  history: string[];
  /** PRs by head branch: what a reader of the forge sees. */
  prs: Array<{ head: string; base: string; title: string; body: string; state: string; merged: boolean; comments: string[] }>;
  issues: Array<{ title: string; state: string; body: string }>;
}

/**
 * The repository as a person sees it: branches by content and history (not sha: commit dates of hooks
 * differ between worlds), PRs and their comments, issues. Two worlds that end equal by this are the same
 * repository to its users.
 */
export async function repoState(w: ForgeWorld): Promise<RepoState> {
  const { git, pulls, issues } = w.fake.model;
  const main = (await w.repo()).info.defaultBranch;
  const log = async (range: string) => (await git.git(REPO, ['log', '--reverse', '--format=%an: %s', range])).split('\n').filter(Boolean);
  const branches: RepoState['branches'] = {};
  const heads = await git.branches(REPO);
  for (const [name, sha] of [...heads].sort(([a], [b]) => a.localeCompare(b))) {
    if (name === main) continue;
    branches[name] = { tree: await git.treeOf(REPO, sha), commits: await log(`${main}..${sha}`), onBase: await git.isAncestor(REPO, heads.get(main)!, sha) };
  }
  const prs = (await pulls.list(REPO))
    .map((p) => ({
      head: p.head,
      base: p.base,
      title: p.title,
      body: p.body,
      state: p.state,
      merged: p.merged,
      comments: issues.comments(REPO, p.number).map((c) => c.body.split('\n')[0] ?? ''),
    }))
    .sort((a, b) => a.head.localeCompare(b.head) || a.title.localeCompare(b.title));
  const listed = issues
    .list(REPO)
    .map((i) => ({ title: i.title, state: i.state, body: i.body }))
    .sort((a, b) => a.title.localeCompare(b.title));
  return { branches, history: await log(main), prs, issues: listed };
}

/** Open PRs as `head → base: title`. */
export async function openPrs(w: ForgeWorld): Promise<string[]> {
  return (await w.fake.model.pulls.list(REPO)).filter((p) => p.state === 'open').map((p) => `${p.head} → ${p.base}: ${p.title}`);
}
