#!/usr/bin/env node
/**
 * Issue 3's registry figures: the requests a lookup of 300 images makes (first run, and a second run
 * within the cache TTL), and the whole lookup stage for 300 images × 200 tags under 10 s. Needs
 * `npm run build` first (it measures dist/, as users run it).
 *
 *   npm run build && node bench/lookup-registry.mjs [--images 300] [--tags 200] [--runs 3] [--seed upkeep-registry]
 *
 * A real `docker-registry` serves storage written directly on disk (bench/lib/registry-seed-fs.mjs, reused
 * while unchanged); a few tags are checked through the API first. Two generated GitOps repositories refer
 * to the images — one with a third of them pinned (`tag@sha256:…`), one without pins. In this process,
 * with the built library: extract, then lookup twice with one long cache (run 2: new HttpClient, new run
 * cache), requests counted by method and kind at the client and at the registry. Then the CLI end to end
 * (`upkeep lookup DIR --json --config global.json`), timed like bench/extract.mjs. Results:
 * bench/out/lookup-registry.json.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gitopsPaths, measureCli, verifyRegistry } from './lib/lookup-registry-steps.mjs';
import { countingFetch, neededHeads, sortedObject, summariseDeps, tallyAccessLog, total } from './lib/lookup-counts.mjs';
import { describeMachine, machineInfo, sourceInfo } from './lib/machine.mjs';
import { catalog, references } from './lib/registry-catalog.mjs';
import { ensureRegistryStorage } from './lib/registry-seed-fs.mjs';
import { ensureRegistryBinary, startRegistry } from './lib/registry-server.mjs';
import { writeGitopsRepo, writeGlobalConfig } from './lib/gitops-repo.mjs';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const OUT = join(ROOT, 'bench/out');
const WORK = join(OUT, 'lookup-registry');
const DEFAULTS = { images: 300, tags: 200, runs: 3, seed: 'upkeep-registry' };
/** Issue 3: the whole lookup stage for 300 images × 200 tags. */
export const TARGET_SECONDS = 10;

function parseArgs(argv) {
  const opts = { ...DEFAULTS };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => argv[++i];
    if (flag === '--images') opts.images = Number.parseInt(value(), 10);
    else if (flag === '--tags') opts.tags = Number.parseInt(value(), 10);
    else if (flag === '--runs') opts.runs = Number.parseInt(value(), 10);
    else if (flag === '--seed') opts.seed = value();
    else throw new Error(`unknown option ${flag} (see the header of bench/lookup-registry.mjs)`);
  }
  if (!(opts.runs >= 1) || !(opts.images >= 1) || !(opts.tags >= 20)) throw new Error('--runs and --images must be at least 1, --tags at least 20');
  return opts;
}

async function loadDist() {
  const dist = (p) => import(pathToFileURL(join(ROOT, 'dist', p)).href);
  const [index, lookup, context, client, cache, config, docker] = await Promise.all(
    ['index.js', 'repo/lookup-deps.js', 'lookup/context.js', 'http/client.js', 'http/cache.js', 'config/global-config.js', 'datasources/docker/index.js'].map(
      dist,
    ),
  );
  return { ...index, ...lookup, ...context, ...client, ...cache, ...config, newestTag: docker.newestTag };
}

/**
 * One lookup run over `deps` with the run context the CLI builds (`createRunContext`), sharing `store`
 * (the long cache) with other runs; the HttpClient is rebuilt with a counting `fetch`.
 */
async function lookupRun(lib, global, store, deps, registry) {
  const base = lib.createRunContext(global, { store });
  const counts = new Map();
  const ctx = { ...base, http: new lib.HttpClient({ hostRules: global.hostRules, redactor: base.http.redactor, fetch: countingFetch(counts) }) };
  registry.clearAccessLog();
  const cpu = { upkeep: process.cpuUsage(), registry: registry.cpuSeconds() };
  const started = performance.now();
  const looked = await lib.lookupDeps(deps, {}, ctx, { baseBranch: 'main' });
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu.upkeep);
  const cpuSeconds = { upkeep: (used.user + used.system) / 1e6, registry: registry.cpuSeconds() - cpu.registry };
  const clientTotal = ctx.http.countRequests();
  // The access log line is written after the answer; give the pipe a moment to deliver the last ones.
  for (let i = 0; i < 100 && registry.accessLog().length < clientTotal; i++) await new Promise((r) => setTimeout(r, 20));
  const atRegistry = tallyAccessLog(registry.accessLog());
  return { seconds, cpuSeconds, deps: looked, byKind: counts, byHost: sortedObject(ctx.http.requestCounts), clientTotal, atRegistry };
}

/** Run 1 (empty long cache) and run 2 (same long cache) over one repository. */
async function lookupTwice(lib, repoDir, globalPath, registry, plan) {
  const global = await lib.loadGlobalConfig(globalPath);
  const t0 = performance.now();
  const extracted = await lib.extractRepository(repoDir, { registryAliases: global.registryAliases });
  const extractSeconds = (performance.now() - t0) / 1000;
  const store = new lib.MemoryCacheStore();
  const first = await lookupRun(lib, global, store, extracted.deps, registry);
  const second = await lookupRun(lib, global, store, extracted.deps, registry);
  const tagsOf = (pkg) => Object.keys(plan.repositories[pkg.slice(registry.host.length + 1)]?.digests ?? {});
  const describe = (run, withNewest) => ({
    lookupSeconds: run.seconds,
    cpuSeconds: run.cpuSeconds,
    requests: sortedObject(run.byKind),
    total: run.clientTotal,
    byHost: run.byHost,
    atRegistry: sortedObject(run.atRegistry),
    atRegistryTotal: total(run.atRegistry),
    neededHeads: neededHeads(run.deps, withNewest ? (pkg) => lib.newestTag(tagsOf(pkg)) : () => undefined),
    decided: summariseDeps(run.deps),
  });
  return { extractSeconds, extractedDeps: extracted.deps.length, run1: describe(first, true), run2: describe(second, false) };
}

/** Cold lookups (fresh long cache each), for the time figure: `runs` of them after the counted pair. */
async function coldLookups(lib, repoDir, globalPath, registry, runs) {
  const global = await lib.loadGlobalConfig(globalPath);
  const extracted = await lib.extractRepository(repoDir, { registryAliases: global.registryAliases });
  const seconds = [];
  const cpu = [];
  for (let i = 0; i < runs; i++) {
    const run = await lookupRun(lib, global, new lib.MemoryCacheStore(), extracted.deps, registry);
    seconds.push(run.seconds);
    cpu.push(run.cpuSeconds);
  }
  return { seconds, cpu };
}

const fmt = (n, d = 2) => n.toFixed(d);
const median = (xs) => [...xs].sort((a, b) => a - b)[(xs.length - 1) >> 1];

const heads = (h) => `${h.total} = ${h.newestTag} newest tags + ${h.pinnedCurrentTag} pinned tags + ${h.pinnedCandidateTag} candidate tags of pins`;

function printCounts(log, label, r) {
  const get = (run, key) => run.requests[key] ?? 0;
  log(`${label}: extract ${fmt(r.extractSeconds)} s, ${r.extractedDeps} deps, ${r.run1.decided.images} images, ${r.run1.decided.pinned} pinned`);
  for (const [name, run] of [
    ['run 1', r.run1],
    ['run 2', r.run2],
  ]) {
    log(
      `  ${name}: ${run.total} requests (registry saw ${run.atRegistryTotal}) — tag lists ${get(run, 'GET tag list')}, HEAD manifests ${get(run, 'HEAD manifest by tag')} ` +
        `(needed ${heads(run.neededHeads)}), GET manifests ${get(run, 'GET manifest by digest') + get(run, 'GET manifest by tag')}, GET blobs ${get(run, 'GET blob')}, ` +
        `GET /v2/ ${get(run, 'GET challenge')}; ${fmt(run.lookupSeconds)} s (CPU: Upkeep ${fmt(run.cpuSeconds.upkeep)} s, registry ${fmt(run.cpuSeconds.registry)} s); updates ${JSON.stringify(run.decided.updates)}, ${run.decided.warnings} warnings`,
    );
  }
}

export async function runRegistryLookupBenchmark(options = {}, log = console.log) {
  const opts = { ...DEFAULTS, ...options };
  if (!existsSync(join(ROOT, 'dist/repo/lookup-deps.js'))) throw new Error('dist/ has no lookup stage: run `npm run build` first');
  const missing = ensureRegistryBinary();
  if (missing) throw new Error(missing);
  const params = { seed: opts.seed, images: opts.images, tagsPerImage: opts.tags };
  const images = catalog(params);
  const stalePins = (image) =>
    references(image, images.indexOf(image), opts.seed)
      .filter((r) => r.stalePin)
      .map((r) => r.tag);
  mkdirSync(WORK, { recursive: true });
  // One storage per size and seed, so a small trial run does not replace the full-size one.
  const seeded = ensureRegistryStorage(join(WORK, `registry-${opts.images}x${opts.tags}-${opts.seed}`), params, images, stalePins);
  log(
    `registry storage: ${relative(ROOT, seeded.storage)}, ${opts.images} images × ${opts.tags} tags, ${seeded.plan.files} files, ${seeded.reused ? 'reused' : `written in ${fmt(seeded.seconds, 1)} s`}`,
  );

  const registry = await startRegistry(seeded.storage, WORK);
  try {
    const checked = await verifyRegistry(registry, images, seeded.plan);
    log(`registry: ${registry.url} (docker-registry pid ${registry.pid}); API check of ${checked} images: tag lists complete, HEAD digests as written`);
    const paths = gitopsPaths(WORK);
    writeGlobalConfig(paths.global, registry.host);
    const lib = await loadDist();
    const results = {};
    for (const [name, pins] of [
      ['pinned', true],
      ['unpinned', false],
    ]) {
      const repo = writeGitopsRepo(paths[name], { host: registry.host, images, plan: seeded.plan, seed: opts.seed, pins });
      const kinds = {};
      for (const r of repo.references) kinds[r.kind] = (kinds[r.kind] ?? 0) + 1;
      results[name] = { files: repo.files, references: kinds, ...(await lookupTwice(lib, paths[name], paths.global, registry, seeded.plan)) };
      printCounts(log, `${name} repository (${relative(ROOT, paths[name])}, references ${JSON.stringify(kinds)})`, results[name]);
    }
    const { seconds: cold, cpu: coldCpu } = await coldLookups(lib, paths.pinned, paths.global, registry, opts.runs);
    log(
      `in-process lookup stage, cold cache, pinned repository: ${cold.map((s) => fmt(s)).join(', ')} s (median ${fmt(median(cold))}, max ${fmt(Math.max(...cold))})`,
    );
    const cli = await measureCli(ROOT, paths.pinned, paths.global, opts.runs, log);
    const machine = machineInfo();
    const worst = Math.max(cli.max.wallSeconds, ...cold, results.pinned.run1.lookupSeconds);
    const result = {
      benchmark: 'lookup-registry',
      measuredAt: new Date().toISOString(),
      params,
      machine,
      source: sourceInfo(ROOT),
      loadAverage1m: loadavg()[0],
      registry: { storageFiles: seeded.plan.files, blobs: seeded.plan.blobs, reused: seeded.reused, seedSeconds: seeded.seconds },
      results,
      coldLookupSeconds: cold,
      coldLookupCpuSeconds: coldCpu,
      cli,
      target: { seconds: TARGET_SECONDS, worstSeconds: worst, pass: worst < TARGET_SECONDS },
    };
    writeFileSync(join(OUT, 'lookup-registry.json'), `${JSON.stringify(result, null, 2)}\n`);
    log(`target: whole lookup stage under ${TARGET_SECONDS} s: ${result.target.pass ? 'PASS' : 'MISS'} (worst ${fmt(worst)} s, CLI end to end included)`);
    log(
      `machine: ${describeMachine(machine)}; load ${fmt(result.loadAverage1m)}; commit ${result.source.commit}${result.source.uncommittedSrcFiles ? ` + ${result.source.uncommittedSrcFiles} uncommitted src file(s)` : ''}`,
    );
    log(`written: ${relative(ROOT, join(OUT, 'lookup-registry.json'))}`);
    return result;
  } finally {
    await registry.stop();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  runRegistryLookupBenchmark(parseArgs(process.argv.slice(2))).catch((err) => {
    console.error(`bench: ${err.message}`);
    process.exitCode = 1;
  });
}
