#!/usr/bin/env node
/**
 * Upkeep beside Renovate (issue 12): both tools on the same generated home-lab repository, against the
 * same loopback registry (a real `docker-registry`, images and an OCI chart) and Helm repository, each
 * run cold in a fresh process; printed side by side: wall time, peak RSS of the process tree, registry
 * and Helm requests, and the updates each proposes (every difference listed).
 *
 *   npm run build && node bench/peer/run.mjs [--size realistic|large|both] [--runs 1] [--seed upkeep-peer] [--upkeep-node machine|peer]
 *
 *   --upkeep-node peer: Upkeep on the Node that runs Renovate (24, as in Upkeep's container image) instead of
 *   the machine's (20 here); both are supported.
 *
 *   Upkeep:   node dist/cli/main.js run --platform local --dry-run REPO --report upkeep-report.json --config global.json
 *   Renovate: node24 renovate.js --platform=local --dry-run=lookup --report-type=file (in REPO, RENOVATE_CONFIG_FILE)
 *
 * Renovate 44.121 and Node 24 are installed from the npm registry into /tmp/upkeep-realworld/peer when
 * missing (bench/peer/lib/install.mjs) — the only step that leaves the machine. Both tools' operator
 * configs turn off github.com (the charts and images name sources there) so nothing else does.
 * Results: bench/out/peer/<size>/ (reports, logs) and bench/out/peer.json.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeMachine, machineInfo, sourceInfo } from '../lib/machine.mjs';
import { median } from '../lib/measure.mjs';
import { requestKind } from '../lib/lookup-counts.mjs';
import { ensureRegistryBinary, startRegistry } from '../lib/registry-server.mjs';
import { compareUpdates, REASONS, renovateDepCount, renovateUpdates, upkeepUpdates } from './lib/compare-updates.mjs';
import { startHelmRepository } from './lib/helm-server.mjs';
import { ensurePeer } from './lib/install.mjs';
import { writeRepo } from './lib/repo.mjs';
import { measureTree } from './lib/tree-measure.mjs';
import { buildWorld } from './lib/world.mjs';

const ROOT = dirname(dirname(dirname(fileURLToPath(import.meta.url))));
const OUT = join(ROOT, 'bench/out/peer');
const DEFAULTS = { sizes: ['realistic', 'large'], runs: 1, seed: 'upkeep-peer', upkeepNode: 'machine' };
/** Issue 12's targets, on both sizes. */
export const TARGETS = { speedup: 10, memoryShare: 0.25 };

function parseArgs(argv) {
  const opts = { ...DEFAULTS };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].includes('=') ? argv[i].split(/=(.*)/s) : [argv[i], undefined];
    const value = () => inline ?? argv[++i];
    if (flag === '--size') {
      const size = value();
      opts.sizes = size === 'both' ? DEFAULTS.sizes : [size];
    } else if (flag === '--runs') opts.runs = Number.parseInt(value(), 10);
    else if (flag === '--seed') opts.seed = value();
    else if (flag === '--upkeep-node') opts.upkeepNode = value();
    else throw new Error(`unknown option ${argv[i]} (see the header of bench/peer/run.mjs)`);
  }
  if (!(opts.runs >= 1)) throw new Error('--runs must be at least 1');
  if (!['machine', 'peer'].includes(opts.upkeepNode)) throw new Error(`--upkeep-node: machine or peer, not ${opts.upkeepNode}`);
  for (const size of opts.sizes) if (!['realistic', 'large'].includes(size)) throw new Error(`--size: realistic, large or both, not ${size}`);
  return opts;
}

/** Requests seen by the registry and the Helm repository since the last clear, by method and kind. */
function tallyRequests(registry, helm) {
  const byKind = {};
  const add = (key) => (byKind[key] = (byKind[key] ?? 0) + 1);
  for (const { method, path } of registry.accessLog()) add(`registry ${method} ${requestKind(path.split('?')[0])}`);
  for (const { method } of helm.accessLog()) add(`helm ${method} index.yaml`);
  const total = Object.values(byKind).reduce((n, v) => n + v, 0);
  return { total, byKind: Object.fromEntries(Object.entries(byKind).sort(([a], [b]) => a.localeCompare(b))) };
}

/** The access log line is written after the answer: give the pipe a moment to deliver the last ones. */
async function settleLog(registry) {
  let last = -1;
  for (let i = 0; i < 50 && registry.accessLog().length !== last; i++) {
    last = registry.accessLog().length;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** One cold run of a tool: measured process tree, then its report and the requests it made. */
async function runTool(tool, { registry, helm, dir, run }) {
  registry.clearAccessLog();
  helm.clearAccessLog();
  rmSync(tool.reportPath, { force: true });
  rmSync(tool.cacheDir ?? join(dir, 'no-cache'), { recursive: true, force: true });
  const io = {
    cwd: tool.cwd,
    env: tool.env,
    stdout: join(dir, `${tool.name}-${run}.out`),
    stderr: join(dir, `${tool.name}-${run}.err`),
    timeFile: join(dir, `${tool.name}.time`),
  };
  const measured = await measureTree(tool.command, tool.args, io);
  await settleLog(registry);
  if (measured.exitCode !== 0) {
    const tail =
      readFileSync(io.stderr, 'utf8').trim().split('\n').slice(-3).join(' | ') || readFileSync(io.stdout, 'utf8').trim().split('\n').slice(-3).join(' | ');
    throw new Error(`${tool.name} exited with ${measured.exitCode}: ${tail} (see ${relative(ROOT, io.stderr)})`);
  }
  const report = JSON.parse(readFileSync(tool.reportPath, 'utf8'));
  return { measured, report, requests: tallyRequests(registry, helm) };
}

function upkeepTool(dir, repo, registry, node) {
  const config = join(dir, 'upkeep-global.json');
  writeFileSync(
    config,
    `${JSON.stringify(
      {
        hostRules: [
          { matchHost: registry.host, insecureRegistry: true },
          // Sources on github.com (image labels, chart `sources`): nothing here may ask it.
          { matchHost: 'github.com', enabled: false },
          { matchHost: 'api.github.com', enabled: false },
        ],
      },
      null,
      2,
    )}\n`,
  );
  const reportPath = join(dir, 'upkeep-report.json');
  return {
    name: 'upkeep',
    command: node,
    args: [join(ROOT, 'dist/cli/main.js'), 'run', '--platform', 'local', '--dry-run', repo, '--report', reportPath, '--config', config, '--log-format', 'json'],
    cwd: repo,
    env: { ...process.env },
    reportPath,
    display: `node dist/cli/main.js run --platform local --dry-run REPO --report upkeep-report.json --config upkeep-global.json`,
  };
}

function renovateTool(dir, repo, peer) {
  const config = join(dir, 'renovate-global.json');
  writeFileSync(
    config,
    `${JSON.stringify(
      {
        // Renovate matches a bare matchHost against the URL's host name (no port): the loopback address.
        hostRules: [
          { matchHost: '127.0.0.1', insecureRegistry: true },
          { matchHost: 'github.com', enabled: false },
          { matchHost: 'api.github.com', enabled: false },
        ],
        githubTokenWarn: false,
      },
      null,
      2,
    )}\n`,
  );
  const reportPath = join(dir, 'renovate-report.json');
  const cacheDir = join(dir, 'renovate-cache');
  return {
    name: 'renovate',
    command: peer.node,
    args: [peer.renovate, '--platform=local', '--dry-run=lookup', '--report-type=file', `--report-path=${reportPath}`],
    cwd: repo,
    env: { ...process.env, RENOVATE_CONFIG_FILE: config, RENOVATE_CACHE_DIR: cacheDir, LOG_LEVEL: 'info', RENOVATE_X_IGNORE_RE2: 'true' },
    reportPath,
    cacheDir,
    display: `node24 renovate.js --platform=local --dry-run=lookup --report-type=file (RENOVATE_CONFIG_FILE=renovate-global.json)`,
  };
}

const summarise = (runs) => ({
  wallSeconds: median(runs.map((r) => r.measured.wallSeconds)),
  peakRssMiB: Math.max(...runs.map((r) => r.measured.peakRssKB)) / 1024,
  cpuSeconds: median(runs.map((r) => r.measured.cpuSeconds ?? Number.NaN)),
  requests: runs[0].requests,
});

async function benchSize(size, opts, peer, log) {
  const dir = join(OUT, size);
  mkdirSync(dir, { recursive: true });
  const t0 = performance.now();
  const world = buildWorld(size, { seed: opts.seed, dir });
  const registry = await startRegistry(world.storage, join(dir, 'registry-logs'));
  const helm = await startHelmRepository(world.helmIndex);
  try {
    const repo = join(dir, 'repo');
    const { files } = writeRepo(repo, size, { world, host: registry.host, helmUrl: helm.url, seed: opts.seed });
    log(
      `${size}: ${files} files, ${world.images.length} images, registry ${registry.host} (${world.seeded.reused ? 'storage reused' : 'storage written'}), set up in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
    const tools = [upkeepTool(dir, repo, registry, opts.upkeepNode === 'peer' ? peer.node : process.execPath), renovateTool(dir, repo, peer)];
    // Runs alternate between the tools (Upkeep, Renovate, Upkeep, …): a machine that gets busier or
    // quieter during the benchmark weighs on both alike, not on whichever ran last.
    const runsOf = new Map(tools.map((tool) => [tool, []]));
    for (let run = 1; run <= opts.runs; run++) for (const tool of tools) runsOf.get(tool).push(await runTool(tool, { registry, helm, dir, run }));
    const results = {};
    for (const [tool, runs] of runsOf) results[tool.name] = { command: tool.display, ...summarise(runs), report: runs[0].report };
    const upkeepSet = upkeepUpdates(results.upkeep.report);
    const renovateSet = renovateUpdates(results.renovate.report);
    const diff = compareUpdates(upkeepSet, renovateSet, { plan: world.plan, renovateReport: results.renovate.report });
    const figures = (r) => ({ wallSeconds: r.wallSeconds, peakRssMiB: r.peakRssMiB, cpuSeconds: r.cpuSeconds, requests: r.requests });
    const result = {
      size,
      files,
      deps: { upkeep: results.upkeep.report.deps?.length, renovate: renovateDepCount(results.renovate.report) },
      upkeep: { command: results.upkeep.command, ...figures(results.upkeep) },
      renovate: { command: results.renovate.command, ...figures(results.renovate) },
      ratios: {
        speedup: results.renovate.wallSeconds / results.upkeep.wallSeconds,
        memoryShare: results.upkeep.peakRssMiB / results.renovate.peakRssMiB,
        requestShare: results.upkeep.requests.total / results.renovate.requests.total,
      },
      updates: { upkeep: upkeepSet.size, renovate: renovateSet.size, both: diff.both, onlyUpkeep: diff.onlyUpkeep, onlyRenovate: diff.onlyRenovate },
    };
    printSize(result, log);
    return result;
  } finally {
    await helm.stop();
    await registry.stop();
  }
}

function printSize(r, log) {
  const row = (label, u, p, unit = '') => log(`  ${label.padEnd(22)} ${`${u}${unit}`.padStart(12)} ${`${p}${unit}`.padStart(12)}`);
  log(`  ${''.padEnd(22)} ${'Upkeep'.padStart(12)} ${'Renovate'.padStart(12)}`);
  row('wall', r.upkeep.wallSeconds.toFixed(2), r.renovate.wallSeconds.toFixed(2), ' s');
  row('peak RSS (tree)', r.upkeep.peakRssMiB.toFixed(0), r.renovate.peakRssMiB.toFixed(0), ' MiB');
  row('CPU (user+sys)', r.upkeep.cpuSeconds.toFixed(2), r.renovate.cpuSeconds.toFixed(2), ' s');
  row('requests', r.upkeep.requests.total, r.renovate.requests.total);
  for (const kind of new Set([...Object.keys(r.upkeep.requests.byKind), ...Object.keys(r.renovate.requests.byKind)])) {
    row(`  ${kind}`, r.upkeep.requests.byKind[kind] ?? 0, r.renovate.requests.byKind[kind] ?? 0);
  }
  row('deps', r.deps.upkeep, r.deps.renovate);
  row('updates proposed', r.updates.upkeep, r.updates.renovate);
  const verdict = (ok) => (ok ? 'met' : 'NOT met');
  log(
    `  Upkeep ${r.ratios.speedup.toFixed(1)}× faster (target ${TARGETS.speedup}×: ${verdict(r.ratios.speedup >= TARGETS.speedup)}), ` +
      `${(r.ratios.memoryShare * 100).toFixed(0)} % of the memory (target < ${TARGETS.memoryShare * 100} %: ${verdict(r.ratios.memoryShare < TARGETS.memoryShare)}), ` +
      `${(r.ratios.requestShare * 100).toFixed(0)} % of the requests (target < 100 %: ${verdict(r.ratios.requestShare < 1)})`,
  );
  log(`  updates: ${r.updates.both} the same, ${r.updates.onlyUpkeep.length} only Upkeep's, ${r.updates.onlyRenovate.length} only Renovate's`);
  const reasons = new Map();
  for (const [side, list] of [
    ['only Upkeep:  ', r.updates.onlyUpkeep],
    ['only Renovate:', r.updates.onlyRenovate],
  ]) {
    for (const { line, reason } of list) {
      log(`    ${side} ${line}  [${reason}]`);
      reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
    }
  }
  for (const [reason, count] of reasons) log(`  ${count} × ${reason}: ${REASONS[reason]}`);
}

/** Both sizes (or `opts.sizes`), printed as it goes; returns the figures written to bench/out/peer.json. */
export async function runPeerBenchmark(overrides = {}) {
  const opts = { ...DEFAULTS, ...overrides };
  const log = (line) => console.log(line);
  const missing = ensureRegistryBinary();
  if (missing) throw new Error(missing);
  const peer = ensurePeer({ log });
  const machine = machineInfo();
  log(
    `machine: ${describeMachine(machine)}; load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  log(
    `Upkeep ${sourceInfo(ROOT).commit ?? ''} on Node ${opts.upkeepNode === 'peer' ? peer.nodeVersion : process.version}; Renovate ${peer.renovateVersion} on Node ${peer.nodeVersion}${peer.installed.length ? ` (installed now: ${peer.installed.join(', ')})` : ''}`,
  );
  const results = [];
  for (const size of opts.sizes) {
    log(`\n== ${size}`);
    results.push(await benchSize(size, opts, peer, log));
  }
  const out = join(ROOT, 'bench/out/peer.json');
  const upkeepNode = opts.upkeepNode === 'peer' ? peer.nodeVersion : process.version;
  writeFileSync(
    out,
    `${JSON.stringify({ machine, source: sourceInfo(ROOT), renovate: peer.renovateVersion, upkeepNode, runs: opts.runs, results }, null, 2)}\n`,
  );
  log(`\nresults: ${relative(process.cwd(), out)}`);
  return results.map(({ size, ratios, updates }) => ({
    size,
    ratios,
    sameUpdates: updates.both,
    onlyUpkeep: updates.onlyUpkeep.length,
    onlyRenovate: updates.onlyRenovate.length,
  }));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  runPeerBenchmark(parseArgs(process.argv.slice(2))).catch((err) => {
    console.error(`bench/peer: ${err.message}`);
    process.exitCode = 1;
  });
}
