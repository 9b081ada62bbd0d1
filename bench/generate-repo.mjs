#!/usr/bin/env node
/**
 * Writes a deterministic, realistic GitOps repository for the benchmarks.
 *
 *   node bench/generate-repo.mjs [--out DIR] [--files 10000] [--size 40MB] [--seed upkeep]
 *
 * Same parameters, same bytes: every file's content comes from a random stream seeded by the seed and
 * the file's path. The sizes of ConfigMaps, values files, CRDs and the Flux install are scaled so the
 * repository comes to the target size; everything else has its natural size. A summary is written next
 * to the directory (`<DIR>.json`), which also marks the directory as generated (safe to replace).
 * Size suffixes are binary (40MB = 40 MiB = 41.9 million bytes); figures are printed in 10^6 bytes.
 * The fixed layout (clusters, sources, controllers, charts, …) needs about 100 files at the least.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { appFiles } from './generate/layout-apps.mjs';
import { platformFiles } from './generate/layout-platform.mjs';
import { Random } from './generate/random.mjs';

/** Bump when the generator's output changes, so `npm run bench` regenerates an old repository. */
export const GENERATOR_VERSION = 5;

export const DEFAULTS = {
  out: join(dirname(fileURLToPath(import.meta.url)), 'out', 'repo'),
  files: 10000,
  size: 40 * 1024 * 1024,
  seed: 'upkeep',
};

export function parseSize(text) {
  const m = /^(\d+(?:\.\d+)?)\s*(k|kb|m|mb|g|gb)?$/i.exec(String(text).trim());
  if (!m) throw new Error(`invalid size "${text}" (examples: 40MB, 512kB, 1000000)`);
  const unit = { k: 1024, kb: 1024, m: 1024 ** 2, mb: 1024 ** 2, g: 1024 ** 3, gb: 1024 ** 3 }[(m[2] ?? '').toLowerCase()] ?? 1;
  return Math.round(Number(m[1]) * unit);
}

/** Windows line ends in about one file in a hundred, as in repositories edited on Windows. */
function lineEnds(path, seed, text) {
  return Random.forFile(seed, `crlf:${path}`).chance(0.01) && /\.ya?ml$/.test(path) ? text.replace(/\n/g, '\r\n') : text;
}

function render(file, seed, budget) {
  return lineEnds(file.path, seed, file.render(Random.forFile(seed, file.path), budget));
}

/** Plan and render every file in memory: `[{ path, kind, text }]`. */
export function generateFiles({ files: fileCount, size: targetBytes, seed }) {
  const platform = platformFiles(seed, fileCount);
  if (platform.length >= fileCount) throw new Error(`--files ${fileCount} is too small: the fixed layout alone has ${platform.length} files`);
  const plan = [...platform, ...appFiles(seed, fileCount - platform.length)];
  const seen = new Set();
  for (const { path } of plan) {
    if (seen.has(path)) throw new Error(`generator bug: ${path} planned twice`);
    seen.add(path);
  }
  const texts = new Array(plan.length);
  let fixedBytes = 0;
  plan.forEach((file, i) => {
    if (file.weight > 0) return;
    texts[i] = render(file, seed, 0);
    fixedBytes += Buffer.byteLength(texts[i]);
  });
  // Elastic files share what is left of the budget by weight, each with its own long-tailed spread.
  const elastic = plan
    .map((file, i) => ({ i, share: file.weight * Random.forFile(seed, `size:${file.path}`).spread() }))
    .filter((e) => e.share > 0 && plan[e.i].weight > 0);
  const totalShare = elastic.reduce((sum, e) => sum + e.share, 0);
  const wanted = Math.max(0, targetBytes - fixedBytes);
  let unit = wanted / Math.max(totalShare, 1e-9);
  for (let round = 0; round < 3; round++) {
    let elasticBytes = 0;
    for (const e of elastic) {
      texts[e.i] = render(plan[e.i], seed, e.share * unit);
      elasticBytes += Buffer.byteLength(texts[e.i]);
    }
    // Files overshoot their budget by up to one chunk and have a minimum size: correct and re-render.
    if (wanted === 0 || Math.abs(elasticBytes - wanted) / targetBytes < 0.01) break;
    unit *= wanted / elasticBytes;
  }
  return plan.map((file, i) => ({ path: file.path, kind: file.kind, text: texts[i] }));
}

function assertReplaceable(out) {
  if (!existsSync(out)) return;
  if (!existsSync(`${out}.json`)) {
    throw new Error(`${out} exists and was not written by this generator (no ${out}.json); choose another --out`);
  }
  rmSync(out, { recursive: true, force: true });
}

export function generateRepo(options = {}) {
  const opts = { ...DEFAULTS, ...options };
  const out = resolve(opts.out);
  const started = performance.now();
  const files = generateFiles(opts);
  assertReplaceable(out);
  const byKind = {};
  let bytes = 0;
  for (const { path, kind, text } of files) {
    const target = join(out, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, text);
    const size = Buffer.byteLength(text);
    bytes += size;
    byKind[kind] ??= { files: 0, bytes: 0 };
    byKind[kind].files++;
    byKind[kind].bytes += size;
  }
  const summary = { generatorVersion: GENERATOR_VERSION, seed: opts.seed, files: files.length, targetBytes: opts.size, bytes, byKind };
  writeFileSync(`${out}.json`, `${JSON.stringify(summary, null, 2)}\n`);
  return { out, summary, seconds: (performance.now() - started) / 1000 };
}

/** The summary of an existing generated repository, or undefined. */
export function readSummary(out) {
  try {
    return JSON.parse(readFileSync(`${resolve(out)}.json`, 'utf8'));
  } catch {
    return undefined;
  }
}

export function parseArgs(argv, defaults = DEFAULTS) {
  const opts = { ...defaults };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.includes('=') ? arg.split(/=(.*)/s) : [arg, undefined];
    const value = () => inline ?? argv[++i];
    if (flag === '--out') opts.out = value();
    else if (flag === '--files') opts.files = Number.parseInt(value(), 10);
    else if (flag === '--size') opts.size = parseSize(value());
    else if (flag === '--seed') opts.seed = value();
    else throw new Error(`unknown option ${arg}`);
  }
  if (!Number.isInteger(opts.files) || opts.files < 1) throw new Error('--files must be a positive integer');
  return opts;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const { out, summary, seconds } = generateRepo(parseArgs(process.argv.slice(2)));
    console.log(`wrote ${summary.files} files, ${(summary.bytes / 1e6).toFixed(1)} MB to ${out} in ${seconds.toFixed(1)} s`);
    for (const [kind, { files, bytes }] of Object.entries(summary.byKind).sort((a, b) => b[1].bytes - a[1].bytes)) {
      console.log(`  ${kind.padEnd(16)} ${String(files).padStart(6)} files ${(bytes / 1e6).toFixed(2).padStart(8)} MB`);
    }
  } catch (err) {
    console.error(`generate-repo: ${err.message}`);
    process.exitCode = 1;
  }
}
