#!/usr/bin/env node
/**
 * Issue 7's figure: one manifest with 50,000 image references (5,000 Deployments × 10 containers, 2,000
 * distinct images, 21 tags each). Measured as separate processes on the built code, peak RSS from the
 * kernel: extraction alone, and the whole dry run (`runLocal`: config, extract, lookup, plan, report).
 * The registry is an in-memory datasource here, so the figure is Upkeep's own time and memory (the
 * network cost of lookups is measured by lookup-registry.mjs).
 *
 *   node bench/large-manifest.mjs [--images 50000] [--runs 3]
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { machineInfo } from './lib/machine.mjs';
import { measure } from './lib/measure.mjs';

const SELF = fileURLToPath(import.meta.url);
const dist = new URL('../dist/', import.meta.url);
const PER_DEPLOYMENT = 10;
const DISTINCT = 2000;
const TAGS = [...Array.from({ length: 20 }, (_, i) => `1.${i}.0`), '2.0.0'];

function imageOf(i) {
  return `registry.example.com/team-${i % 50}/app-${i % DISTINCT}:1.${i % 20}.0`;
}

function writeRepo(dir, images) {
  const docs = [];
  for (let d = 0; d * PER_DEPLOYMENT < images; d++) {
    const containers = [];
    for (let c = 0; c < PER_DEPLOYMENT && d * PER_DEPLOYMENT + c < images; c++) {
      containers.push(`        - name: c${c}\n          image: ${imageOf(d * PER_DEPLOYMENT + c)}\n`);
    }
    docs.push(`apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app-${d}\nspec:\n  template:\n    spec:\n      containers:\n${containers.join('')}`);
  }
  mkdirSync(join(dir, 'apps'), { recursive: true });
  writeFileSync(join(dir, 'apps/huge.yaml'), docs.join('---\n'));
  writeFileSync(join(dir, 'upkeep.json'), JSON.stringify({ prHourlyLimit: 0, prConcurrentLimit: 0 }));
}

/** The in-memory registry: every image has the same 21 tags; digests derived from name and tag. */
function datasourceFor(id) {
  if (id !== 'docker') return undefined;
  const digest = (name, tag) => `sha256:${Buffer.from(`${name}:${tag}`).toString('hex').padEnd(64, '0').slice(0, 64)}`;
  return {
    id: 'docker',
    defaultVersioning: 'docker',
    getReleases: async () => ({ releases: TAGS.map((version) => ({ version })) }),
    getDigest: async ({ packageName }, tag) => digest(packageName, tag),
  };
}

async function child(mode, dir) {
  const started = performance.now();
  if (mode === 'extract') {
    const { extractRepository } = await import(new URL('extract/extract-repository.js', dist).href);
    const { deps } = await extractRepository(dir, {});
    return { deps: deps.length, seconds: (performance.now() - started) / 1000 };
  }
  const { runLocal } = await import(new URL('repo/local-run.js', dist).href);
  const { report } = await runLocal(dir, { hostRules: [], registryAliases: {} }, { baseBranch: 'main', datasourceFor });
  return { deps: report.deps.length, branches: report.branches.length, seconds: (performance.now() - started) / 1000 };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function runLargeManifestBenchmark({ images = 50_000, runs = 3 } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'upkeep-large-manifest-'));
  const scratch = join(dir, '..', `${dir.split('/').pop()}.out`);
  try {
    writeRepo(dir, images);
    const results = {};
    for (const mode of ['extract', 'run']) {
      const samples = [];
      for (let i = 0; i < runs; i++) {
        const m = await measure(process.execPath, [SELF, '--child', mode, dir], { stdout: scratch, stderr: '/dev/stderr', timeFile: `${scratch}.time` });
        if (m.exitCode !== 0) throw new Error(`${mode} run exited with ${m.exitCode}`);
        samples.push(m);
      }
      results[mode] = { wallSeconds: median(samples.map((s) => s.wallSeconds)), peakRssMB: Math.round(median(samples.map((s) => s.peakRssKB)) / 1024) };
    }
    return { images, machine: machineInfo(), ...results };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(scratch, { force: true });
  }
}

const args = process.argv.slice(2);
if (args[0] === '--child') {
  const result = await child(args[1], args[2]);
  process.stdout.write(`${JSON.stringify(result)}\n`);
} else if (process.argv[1] === SELF) {
  const opts = { images: 50_000, runs: 3 };
  for (let i = 0; i < args.length; i += 2) {
    if (args[i] === '--images') opts.images = Number(args[i + 1]);
    else if (args[i] === '--runs') opts.runs = Number(args[i + 1]);
    else throw new Error(`unknown option ${args[i]} (see the header of bench/large-manifest.mjs)`);
  }
  console.log(JSON.stringify(await runLargeManifestBenchmark(opts), null, 2));
}
