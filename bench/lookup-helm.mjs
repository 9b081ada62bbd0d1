#!/usr/bin/env node
/**
 * Issue 3's Helm figure: a 20 MB `index.yaml` fetched and read in under 2 s, with under 250 MB of peak RSS
 * added. Needs `npm run build` first (it measures dist/, as users run it).
 *
 *   npm run build && node bench/lookup-helm.mjs [--size 20MB] [--runs 5] [--charts nginx,redis,…] [--no-yaml]
 *
 * It generates a Bitnami-like index deterministically (test/fixtures/helm/generate-index.mjs) into
 * bench/out/helm/, serves it over loopback with ETag / Last-Modified, and for each run starts a fresh Node
 * process that looks up several charts of that repository through the helm datasource (one fetch, one read:
 * the whole lookup path, HTTP client and cache included). Each child reports its wall time, its peak RSS
 * (`process.resourceUsage().maxRSS`) minus its RSS before the lookup, and, after that peak is taken, how the
 * time splits between download and reading. With `--yaml` left on, one more child reads the same document
 * with the yaml library (the whole document model), for comparison. Results: bench/out/lookup-helm.json.
 */
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeMachine, machineInfo, sourceInfo } from './lib/machine.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'bench/out');
const DEFAULT_CHARTS = ['nginx', 'redis', 'postgresql', 'grafana', 'argo-cd', 'kube-prometheus', 'wordpress', 'keycloak'];

function parseSize(text) {
  const m = /^(\d+(?:\.\d+)?)\s*(MB|KB|B)?$/i.exec(text);
  if (!m) throw new Error(`--size: "${text}" is not a size like 20MB`);
  const unit = { B: 1, KB: 1024, MB: 1024 * 1024 }[(m[2] ?? 'B').toUpperCase()];
  return Math.round(Number(m[1]) * unit);
}

const DEFAULTS = { size: 20 * 1024 * 1024, runs: 5, charts: DEFAULT_CHARTS, yaml: true, seed: 'upkeep-helm' };

function parseArgs(argv) {
  const opts = { ...DEFAULTS };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--size') opts.size = parseSize(argv[++i]);
    else if (a === '--runs') opts.runs = Number.parseInt(argv[++i], 10);
    else if (a === '--charts') opts.charts = argv[++i].split(',');
    else if (a === '--seed') opts.seed = argv[++i];
    else if (a === '--no-yaml') opts.yaml = false;
    else throw new Error(`unknown option ${a} (see the header of bench/lookup-helm.mjs)`);
  }
  if (!(opts.runs >= 1)) throw new Error('--runs must be at least 1');
  return opts;
}

/** The generated index, reused while size and seed are the same. */
async function ensureIndex(opts) {
  const dir = join(OUT, 'helm');
  const file = join(dir, `index-${opts.size}-${opts.seed}.yaml`);
  if (!existsSync(file)) {
    const { generateHelmIndex } = await import('../test/fixtures/helm/generate-index.mjs');
    mkdirSync(dir, { recursive: true });
    const generated = generateHelmIndex({ targetBytes: opts.size, seed: opts.seed });
    writeFileSync(file, generated.text);
    writeFileSync(`${file}.json`, JSON.stringify({ charts: generated.charts.length, entries: generated.entries }));
  }
  return { file, ...JSON.parse(readFileSync(`${file}.json`, 'utf8')), bytes: statSync(file).size };
}

/** A loopback server for the index: ETag and Last-Modified, 304 on a match. */
async function serve(body) {
  const etag = `"${createHash('sha1').update(body).digest('hex')}"`;
  const lastModified = new Date(Date.UTC(2026, 0, 15)).toUTCString();
  const server = createServer((req, res) => {
    res.setHeader('etag', etag);
    res.setHeader('last-modified', lastModified);
    if (req.headers['if-none-match'] === etag) return void res.writeHead(304).end();
    res.writeHead(200, { 'content-type': 'application/x-yaml', 'content-length': body.length }).end(body);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${server.address().port}/bitnami` };
}

function runChild(args) {
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('exit', (code) => (code === 0 ? resolveRun(JSON.parse(out)) : reject(new Error(`child exited with ${code}`))));
  });
}

const mb = (bytes) => bytes / (1024 * 1024);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

/** In the child: the measured lookup, then (after the peak is read) the breakdown. */
async function child(url, charts) {
  const dist = (p) => import(join(ROOT, 'dist', p));
  const [{ helmDatasource, helmIndexUrl }, { HttpClient }, { Cache, MemoryCacheStore }, { readIndex }, { compactIndex }] = await Promise.all([
    dist('datasources/helm.js'),
    dist('http/client.js'),
    dist('http/cache.js'),
    dist('datasources/helm/index-reader.js'),
    dist('datasources/helm/compact.js'),
  ]);
  global.gc();
  const rssBefore = process.memoryUsage().rss;
  const clock = { offset: 0 };
  const now = () => Date.now() + clock.offset;
  const ctx = { http: new HttpClient(), cache: new Cache(new MemoryCacheStore(1000, now), now) };
  const t0 = performance.now();
  const results = await Promise.all(charts.map((packageName) => helmDatasource.getReleases({ packageName, registryUrl: url }, ctx)));
  const lookupMs = performance.now() - t0;
  const peakRss = process.resourceUsage().maxRSS * 1024;
  const requests = Object.fromEntries(ctx.http.requestCounts);
  const t1 = performance.now();
  await helmDatasource.getReleases({ packageName: 'mariadb', registryUrl: url }, ctx);
  const cachedMs = performance.now() - t1;
  clock.offset = 3600_000;
  const t2 = performance.now();
  await helmDatasource.getReleases({ packageName: 'nginx', registryUrl: url }, ctx);
  const revalidateMs = performance.now() - t2;
  // Breakdown, after the peak was taken.
  const t3 = performance.now();
  const res = await ctx.http.request(helmIndexUrl(url));
  const downloadMs = performance.now() - t3;
  const t4 = performance.now();
  const compact = compactIndex(readIndex(res.body).index);
  const readAllMs = performance.now() - t4;
  const t5 = performance.now();
  readIndex(res.body, new Set(charts));
  const readWantedMs = performance.now() - t5;
  return {
    lookupMs,
    rssAddedMB: mb(peakRss - rssBefore),
    rssBeforeMB: mb(rssBefore),
    cachedMs,
    revalidateMs,
    downloadMs,
    readAllMs,
    readWantedMs,
    compactJsonMB: mb(JSON.stringify(compact).length),
    releases: results.reduce((n, r) => n + r.releases.length, 0),
    requests,
  };
}

/** In a child: the same document through the yaml library's full parse, for comparison. */
async function yamlChild(file) {
  const { parse } = await import('yaml');
  const text = readFileSync(file, 'utf8');
  global.gc();
  const rssBefore = process.memoryUsage().rss;
  const t0 = performance.now();
  const doc = parse(text, { schema: 'failsafe' });
  const ms = performance.now() - t0;
  return { ms, rssAddedMB: mb(process.resourceUsage().maxRSS * 1024 - rssBefore), charts: Object.keys(doc.entries).length };
}

/** For `bench/run.mjs`: `{ runs }` and any option above (`yaml: false` skips the ~20 s yaml comparison). */
export async function runHelmLookupBenchmark(options = {}) {
  const opts = { ...DEFAULTS, ...options };
  if (!existsSync(join(ROOT, 'dist/datasources/helm/index-reader.js'))) throw new Error('dist/ has no helm datasource: run `npm run build` first');
  const index = await ensureIndex(opts);
  const body = readFileSync(index.file);
  const { server, url } = await serve(body);
  const runs = [];
  try {
    for (let i = 0; i < opts.runs; i++) runs.push(await runChild(['--child', url, opts.charts.join(',')]));
  } finally {
    server.close();
  }
  const yaml = opts.yaml ? await runChild(['--yaml-child', index.file]) : undefined;
  const machine = machineInfo();
  const load = execFileSync('cat', ['/proc/loadavg'], { encoding: 'utf8' }).split(' ')[0];
  const result = {
    index: { bytes: index.bytes, charts: index.charts, entries: index.entries },
    charts: opts.charts,
    runs,
    yaml,
    machine,
    source: sourceInfo(ROOT),
    loadAverage1m: Number(load),
  };
  mkdirSync(OUT, { recursive: true });
  writeFileSync(join(OUT, 'lookup-helm.json'), `${JSON.stringify(result, null, 2)}\n`);

  console.log(`index: ${mb(index.bytes).toFixed(1)} MiB, ${index.charts} charts, ${index.entries} entries; looking up ${opts.charts.length} charts at once`);
  console.log(`machine: ${describeMachine(machine)}; load ${load}; commit ${result.source.commit}\n`);
  const cols = ['lookupMs', 'rssAddedMB', 'downloadMs', 'readAllMs', 'readWantedMs', 'cachedMs', 'revalidateMs'];
  console.log(`| run | ${cols.join(' | ')} |`);
  runs.forEach((r, i) => console.log(`| ${i + 1} | ${cols.map((c) => r[c].toFixed(c.endsWith('MB') ? 1 : 1)).join(' | ')} |`));
  console.log(`| median | ${cols.map((c) => median(runs.map((r) => r[c])).toFixed(1)).join(' | ')} |`);
  console.log(`| max | ${cols.map((c) => Math.max(...runs.map((r) => r[c])).toFixed(1)).join(' | ')} |`);
  console.log(`\nrequests per run: ${JSON.stringify(runs[0].requests)}; compact cached form ${runs[0].compactJsonMB.toFixed(2)} MiB as JSON`);
  if (yaml) console.log(`yaml library, whole document: ${(yaml.ms / 1000).toFixed(2)} s, ${yaml.rssAddedMB.toFixed(0)} MiB peak RSS added`);
  return result;
}

const [mode, ...rest] = process.argv.slice(2);
if (mode === '--child') {
  child(rest[0], rest[1].split(',')).then((r) => process.stdout.write(JSON.stringify(r)));
} else if (mode === '--yaml-child') {
  yamlChild(rest[0]).then((r) => process.stdout.write(JSON.stringify(r)));
} else if (process.argv[1] === fileURLToPath(import.meta.url)) {
  runHelmLookupBenchmark(parseArgs(process.argv.slice(2))).catch((err) => {
    console.error(`bench: ${err.message}`);
    process.exitCode = 1;
  });
}
