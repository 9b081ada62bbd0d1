/**
 * The bulk of the repository: apps/<team>/<app>/, each in one of the shapes seen in real GitOps
 * repositories — plain manifests, manifests plus a HelmRelease for a datastore, a HelmRelease only,
 * one multi-document file, a CronJob — with a kustomization.yaml listing them.
 */
import { APP_KINDS, APP_WORDS, HELM_REPOSITORIES, TEAMS } from './catalog.mjs';
import { configMap } from './filler.mjs';
import { appRelease } from './flux.mjs';
import { valuesYaml } from './helm.mjs';
import { autoscaler, cronJob, ingress, networkPolicy, podDisruptionBudget, service, serviceAccount, workload } from './kubernetes.mjs';
import { appKustomization, overlayKustomization } from './kustomize.mjs';
import { Random } from './random.mjs';
import { documents } from './text.mjs';

const DATASTORES = HELM_REPOSITORIES.filter((r) => r.name === 'bitnami' || r.name === 'bitnami-oci').flatMap((r) => r.charts.map(([c, v]) => [r.name, c, v]));
const PODINFO = ['podinfo', 'podinfo', '6.7.0'];

/** A stable, distinct name for the i-th app. */
function appName(names, i) {
  const base = names[Math.floor(i / TEAMS.length) % names.length];
  const round = Math.floor(i / (TEAMS.length * names.length));
  return { team: TEAMS[i % TEAMS.length], app: round === 0 ? base : `${base}-${round + 1}` };
}

/** Once in a while a file was hand-edited into invalid YAML (a bad merge): the run must go on. */
function maybeBroken(rng, text) {
  if (!rng.chance(0.002)) return text;
  return text.replace(/\n(\s+)(\S)/, '\n$1  - broken: [unclosed\n$1$2');
}

function fileSet(rng, ctx) {
  const { dir } = ctx;
  const f = (name, kind, weight, render) => ({ path: `${dir}/${name}`, kind, weight, render, optional: false });
  const opt = (name, kind, render) => ({ path: `${dir}/${name}`, kind, weight: 0, render, optional: true });
  const cm = f('configmap.yaml', 'k8s-configmap', 1, (r, budget) => maybeBroken(r, configMap(r, ctx, budget)));
  const shape = rng.weighted([
    [45, 'web'],
    [25, 'web+deps'],
    [20, 'helm'],
    [7, 'bundle'],
    [3, 'cron'],
  ]);
  const out = [];
  if (shape === 'web' || shape === 'web+deps') {
    const kind = rng.chance(0.1) ? 'StatefulSet' : 'Deployment';
    out.push(
      f(`${kind.toLowerCase()}.yaml`, 'k8s-workload', 0, (r) => maybeBroken(r, workload(r, { ...ctx, kind }))),
      f('service.yaml', 'k8s-other', 0, (r) => service(r, ctx)),
      cm,
    );
    if (rng.chance(0.5)) out.push(opt('ingress.yaml', 'k8s-other', (r) => ingress(r, ctx)));
    if (rng.chance(0.3)) out.push(opt('hpa.yaml', 'k8s-other', (r) => autoscaler(r, ctx)));
    if (rng.chance(0.4)) out.push(opt('serviceaccount.yaml', 'k8s-other', (r) => serviceAccount(r, ctx)));
    if (rng.chance(0.2)) out.push(opt('pdb.yaml', 'k8s-other', (r) => podDisruptionBudget(r, ctx)));
    if (rng.chance(0.15)) out.push(opt('networkpolicy.yaml', 'k8s-other', (r) => networkPolicy(r, ctx)));
    if (shape === 'web+deps') {
      const chart = rng.pick(DATASTORES);
      out.push(
        f('helmrelease.yaml', 'flux-helmrelease', 0, (r) => appRelease(r, { ...ctx, chart })),
        f('values.yaml', 'helm-values', 1, (r, budget) => valuesYaml(r, ctx, budget)),
      );
    }
    if (rng.chance(0.25)) {
      for (const cluster of ['production', 'staging'])
        out.push(opt(`overlays/${cluster}/kustomization.yaml`, 'kustomize', (r) => overlayKustomization(r, ctx)));
    }
  } else if (shape === 'helm') {
    const chart = rng.weighted([
      [60, 'app-template'],
      [20, PODINFO],
      [20, 'local'],
    ]);
    out.push(
      f('helmrelease.yaml', 'flux-helmrelease', 0, (r) => appRelease(r, { ...ctx, chart })),
      f('values.yaml', 'helm-values', 1.2, (r, budget) => valuesYaml(r, ctx, budget)),
    );
    if (rng.chance(0.3)) out.push({ ...cm, optional: true });
  } else if (shape === 'bundle') {
    out.push(f('app.yaml', 'k8s-multi-doc', 1.5, (r, budget) => documents([workload(r, ctx), service(r, ctx), ingress(r, ctx), configMap(r, ctx, budget)])));
  } else {
    out.push(
      f('cronjob.yaml', 'k8s-workload', 0, (r) => cronJob(r, ctx)),
      cm,
    );
  }
  return out;
}

/** The kustomization.yaml that lists an app's own (non-overlay) files. */
function kustomizationFor(dir, files, ctx) {
  const resources = files.map((x) => x.path.slice(dir.length + 1)).filter((p) => !p.startsWith('overlays/') && p !== 'values.yaml');
  const valuesFile = files.some((x) => x.path.endsWith('/values.yaml'));
  return {
    path: `${dir}/kustomization.yaml`,
    kind: 'kustomize',
    weight: 0,
    render: (rng) => appKustomization(rng, { ...ctx, resources, valuesFile, remoteBase: rng.chance(0.05) }),
  };
}

/** Exactly `count` files of apps. */
export function appFiles(seed, count) {
  const names = APP_WORDS.flatMap((w) => APP_KINDS.map((k) => `${w}-${k}`));
  // A seeded shuffle, so neighbouring apps do not share a word.
  const order = new Random(`${seed}:order`);
  for (let i = names.length - 1; i > 0; i--) {
    const j = order.int(0, i);
    [names[i], names[j]] = [names[j], names[i]];
  }
  const files = [];
  for (let i = 0; files.length < count; i++) {
    const { team, app } = appName(names, i);
    const dir = `apps/${team}/${app}`;
    const ctx = { app, team, dir };
    let set = fileSet(Random.forFile(seed, dir), ctx);
    let left = count - files.length - 1; // one for kustomization.yaml
    if (left < 1) {
      files.push({ path: `${dir}/networkpolicy.yaml`, kind: 'k8s-other', weight: 0, render: (r) => networkPolicy(r, ctx) });
      continue;
    }
    if (set.length > left) set = set.filter((x) => !x.optional).slice(0, left);
    files.push(...set, kustomizationFor(dir, set, ctx));
  }
  return files;
}
