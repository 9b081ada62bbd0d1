#!/usr/bin/env node
/**
 * The extract benchmark: `node dist/cli/main.js extract <dir> --json`, as a child process.
 *
 *   node bench/extract.mjs [DIR] [--runs 3]
 *
 * One untimed run first writes the JSON to a file (warms the page cache and gives the counts: files,
 * deps per manager, skips, warnings); then `runs` timed runs with stdout to /dev/null. Prints a table
 * and writes bench/out/extract.json. Builds nothing: run `npm run build` first (`npm run bench` does).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { describeMachine, machineInfo, sourceInfo } from './lib/machine.mjs';
import { max, measure, median } from './lib/measure.mjs';

const BENCH = dirname(fileURLToPath(import.meta.url));
const ROOT = dirname(BENCH);
const OUT = join(BENCH, 'out');
export const CLI = join(ROOT, 'dist', 'cli', 'main.js');

/** Issue 2's figure for 10,000 manifests on a 2-core machine. */
export const TARGETS = { wallSeconds: 10, peakRssMB: 300 };

function countFiles(dir) {
  let files = 0;
  let bytes = 0;
  const walk = (d) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      if (entry.name === '.git') continue;
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) {
        files++;
        bytes += statSync(path).size;
      }
    }
  };
  walk(dir);
  return { files, bytes };
}

function tally(items, key) {
  const counts = {};
  for (const item of items) {
    const k = key(item);
    if (k !== undefined) counts[k] = (counts[k] ?? 0) + 1;
  }
  return Object.fromEntries(Object.entries(counts).sort((a, b) => b[1] - a[1]));
}

/** What one extract run found, from its JSON output. */
function countOutput(path) {
  const text = readFileSync(path, 'utf8');
  const { deps = [], warnings = [] } = JSON.parse(text);
  return {
    deps: deps.length,
    skipped: deps.filter((d) => d.skipReason).length,
    filesWithDeps: new Set(deps.map((d) => d.file)).size,
    warnings: warnings.length,
    outputBytes: Buffer.byteLength(text),
    byManager: tally(deps, (d) => d.manager),
    byDatasource: tally(deps, (d) => d.datasource ?? '(none)'),
    bySkipReason: tally(deps, (d) => d.skipReason),
  };
}

const mb = (bytes) => bytes / 1e6;
const fmt = (n, digits = 2) => n.toFixed(digits);

function row(label, r, files) {
  return [
    label,
    fmt(r.wallSeconds),
    fmt(mb(r.peakRssKB * 1024), 1),
    r.userSeconds === undefined ? '-' : fmt(r.userSeconds),
    r.sysSeconds === undefined ? '-' : fmt(r.sysSeconds),
    String(Math.round(files / r.wallSeconds)),
  ];
}

export function formatTable(rows) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ')).join('\n');
}

export async function runExtractBenchmark({ dir, runs = 3, log = console.log }) {
  if (!existsSync(CLI)) throw new Error(`${relative(ROOT, CLI)} is missing: run \`npm run build\` first`);
  const repo = resolve(dir);
  if (!existsSync(repo) || !statSync(repo).isDirectory()) throw new Error(`${dir}: not a directory (generate one with bench/generate-repo.mjs)`);
  mkdirSync(OUT, { recursive: true });
  const args = [CLI, 'extract', repo, '--json'];
  const command = `node ${relative(ROOT, CLI)} extract ${relative(ROOT, repo) || '.'} --json`;
  const io = { stderr: join(OUT, 'extract-stderr.txt'), timeFile: join(OUT, 'extract-time.txt') };
  const { files, bytes } = countFiles(repo);

  // Other work on the machine skews wall time on 2 cores; the load average says how busy it was.
  const loadBefore = loadavg()[0];
  log(`extract: ${command}`);
  const outputFile = join(OUT, 'extract-output.json');
  const warm = await measure(process.execPath, args, { ...io, stdout: outputFile });
  if (warm.exitCode !== 0) throw new Error(`${command} exited with ${warm.exitCode}; see ${relative(ROOT, io.stderr)}`);
  const counts = countOutput(outputFile);

  const results = [];
  for (let i = 0; i < runs; i++) {
    const r = await measure(process.execPath, args, { ...io, stdout: '/dev/null' });
    if (r.exitCode !== 0) throw new Error(`${command} exited with ${r.exitCode} (run ${i + 1})`);
    results.push({ ...r, filesPerSecond: files / r.wallSeconds });
  }
  const pick = (fn, key) => (results[0][key] === undefined ? undefined : fn(results.map((r) => r[key])));
  const summary = (fn) => ({
    wallSeconds: fn(results.map((r) => r.wallSeconds)),
    peakRssKB: fn(results.map((r) => r.peakRssKB)),
    userSeconds: pick(fn, 'userSeconds'),
    sysSeconds: pick(fn, 'sysSeconds'),
  });
  const med = summary(median);
  const worst = summary(max);
  const targets = {
    wallSeconds: { target: TARGETS.wallSeconds, measured: worst.wallSeconds, pass: worst.wallSeconds < TARGETS.wallSeconds },
    peakRssMB: { target: TARGETS.peakRssMB, measured: mb(worst.peakRssKB * 1024), pass: mb(worst.peakRssKB * 1024) < TARGETS.peakRssMB },
  };

  log(
    `repository: ${files} files, ${fmt(mb(bytes), 1)} MB; found ${counts.deps} deps (${counts.skipped} skipped) in ${counts.filesWithDeps} files, ${counts.warnings} warnings; JSON output ${fmt(mb(counts.outputBytes), 1)} MB`,
  );
  log(
    `deps by manager: ${Object.entries(counts.byManager)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  );
  log('');
  const header = ['run', 'wall s', 'peak RSS MB', 'user s', 'sys s', 'files/s'];
  const rows = [
    header,
    row('warm-up (not counted)', warm, files),
    ...results.map((r, i) => row(`${i + 1}`, r, files)),
    row('median', med, files),
    row('max', worst, files),
  ];
  log(formatTable(rows));
  log('');
  const verdict = (t, unit) => `${t.pass ? 'PASS' : 'MISS'} (${fmt(t.measured, unit === 's' ? 2 : 1)} ${unit} vs < ${t.target} ${unit})`;
  log(`targets (worst of ${runs} runs): wall time ${verdict(targets.wallSeconds, 's')}; peak RSS ${verdict(targets.peakRssMB, 'MB')}`);

  const result = {
    benchmark: 'extract',
    measuredAt: new Date().toISOString(),
    command,
    method: results[0].method === 'time' ? 'GNU time (%e %M %U %S), wall time from spawn to exit' : 'VmHWM polled from /proc every 5 ms',
    machine: machineInfo(),
    source: sourceInfo(ROOT),
    loadAverage1m: { before: loadBefore, after: loadavg()[0] },
    repository: { dir: relative(ROOT, repo) || '.', files, bytes },
    counts,
    warmUp: warm,
    runs: results,
    median: { ...med, filesPerSecond: files / med.wallSeconds },
    max: { ...worst, filesPerSecond: files / worst.wallSeconds },
    targets,
  };
  writeFileSync(join(OUT, 'extract.json'), `${JSON.stringify(result, null, 2)}\n`);
  log(`machine: ${describeMachine(result.machine)}; 1-min load average ${fmt(loadBefore)} before, ${fmt(loadavg()[0])} after`);
  log(
    `code: commit ${result.source.commit}${result.source.uncommittedSrcFiles ? ` plus ${result.source.uncommittedSrcFiles} uncommitted file(s) under src/` : ''}`,
  );
  log(`written: ${relative(ROOT, join(OUT, 'extract.json'))}`);
  return result;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const argv = process.argv.slice(2);
  let dir = join(OUT, 'repo');
  let runs = 3;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--runs') runs = Number.parseInt(argv[++i], 10);
    else if (argv[i].startsWith('--runs=')) runs = Number.parseInt(argv[i].slice(7), 10);
    else dir = argv[i];
  }
  runExtractBenchmark({ dir, runs }).catch((err) => {
    console.error(`extract benchmark: ${err.message}`);
    process.exitCode = 1;
  });
}
