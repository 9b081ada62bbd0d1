#!/usr/bin/env node
/**
 * Where the extract time goes: runs the CLI once under `node --cpu-prof` and summarises the profile —
 * self time by area (YAML parser, Upkeep's own code by file, Node internals, GC) and the functions with
 * the most self and inclusive time.
 *
 *   node bench/profile.mjs [DIR]
 *
 * Writes bench/out/profile/*.cpuprofile (open it in Chrome DevTools for the flame chart) and
 * bench/out/profile.json.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLI, formatTable } from './extract.mjs';

const BENCH = dirname(fileURLToPath(import.meta.url));
const ROOT = dirname(BENCH);
const OUT = join(BENCH, 'out');

/** A readable name for the code a profile node belongs to. */
function area(url, functionName) {
  if (!url) return functionName.startsWith('(') ? functionName : `native: ${functionName || '(anonymous)'}`;
  const path = url.replace(/^file:\/\//, '');
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  if (pkg) return `package: ${pkg[1]}`;
  if (path.startsWith('node:')) return 'node internals';
  if (path.startsWith(ROOT)) return `upkeep: ${relative(join(ROOT, 'dist'), path)}`;
  return path;
}

function frameKey(cf) {
  const where = cf.url ? `${relative(ROOT, cf.url.replace(/^file:\/\//, '')) || cf.url}:${cf.lineNumber + 1}` : '';
  return `${cf.functionName || '(anonymous)'}${where ? ` ${where}` : ''}`;
}

function add(map, key, ms) {
  map.set(key, (map.get(key) ?? 0) + ms);
}

/** Adds one thread's profile to the running totals `acc`; returns that thread's sampled and idle ms. */
function accumulate(profile, acc) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  let total = 0;
  let idle = 0;
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000; // µs → ms
    const node = byId.get(id);
    total += ms;
    if (node.callFrame.functionName === '(idle)') {
      idle += ms;
      return;
    }
    add(acc.self, frameKey(node.callFrame), ms);
    add(acc.areas, area(node.callFrame.url, node.callFrame.functionName), ms);
    const seen = new Set();
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const key = frameKey(byId.get(cur).callFrame);
      if (seen.has(key)) continue; // recursion counts once
      seen.add(key);
      add(acc.inclusive, key, ms);
    }
  });
  return { totalMs: Math.round(total), idleMs: Math.round(idle) };
}

/**
 * `profiles`: `[{ thread, profile }]`, one per thread (`--cpu-prof` writes one file for the main thread
 * and one per worker). Idle time is left out of the tables: they show where CPU time went.
 */
export function summariseProfiles(profiles) {
  const acc = { self: new Map(), inclusive: new Map(), areas: new Map() };
  const threads = profiles.map(({ thread, profile }) => ({ thread, ...accumulate(profile, acc) }));
  const busy = threads.reduce((sum, t) => sum + t.totalMs - t.idleMs, 0);
  const top = (map, n) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, ms]) => ({ name, ms: Math.round(ms), percent: Math.round((1000 * ms) / busy) / 10 }));
  const ownCode = new Map([...acc.inclusive].filter(([k]) => k.includes(' dist/')));
  return { busyMs: busy, threads, byArea: top(acc.areas, 25), topSelf: top(acc.self, 25), topInclusiveUpkeep: top(ownCode, 30) };
}

function printSection(title, entries, log) {
  log(title);
  log(formatTable([['name', 'ms', '%'], ...entries.map((e) => [e.name, String(e.ms), e.percent.toFixed(1)])]));
  log('');
}

export async function runProfile({ dir, log = console.log }) {
  const repo = resolve(dir);
  const profDir = join(OUT, 'profile');
  rmSync(profDir, { recursive: true, force: true });
  mkdirSync(profDir, { recursive: true });
  const run = spawnSync(process.execPath, ['--cpu-prof', '--cpu-prof-dir', profDir, CLI, 'extract', repo, '--json'], { stdio: ['ignore', 'ignore', 'ignore'] });
  if (run.status !== 0) throw new Error(`profiled run exited with ${run.status}`);
  // CPU.<date>.<time>.<pid>.<thread id>.<seq>.cpuprofile; thread 0 is the main thread.
  const files = readdirSync(profDir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .sort();
  const profiles = files.map((f) => {
    const thread = Number(f.split('.')[4]);
    return { thread: thread === 0 ? 'main' : `worker ${thread}`, profile: JSON.parse(readFileSync(join(profDir, f), 'utf8')) };
  });
  const summary = summariseProfiles(profiles);
  log(`CPU profile of \`extract --json\`: ${files.length} thread(s) in ${relative(ROOT, profDir)}/ (open in Chrome DevTools)`);
  for (const t of summary.threads) log(`  ${t.thread.padEnd(9)} ${t.totalMs} ms sampled, ${t.totalMs - t.idleMs} ms busy`);
  log(`  busy CPU time, all threads: ${summary.busyMs} ms (percentages below are of this)`);
  log('');
  printSection('self time by area', summary.byArea, log);
  printSection('functions by self time', summary.topSelf, log);
  printSection("Upkeep's functions by inclusive time", summary.topInclusiveUpkeep, log);
  writeFileSync(join(OUT, 'profile.json'), `${JSON.stringify({ profiles: files.map((f) => relative(ROOT, join(profDir, f))), ...summary }, null, 2)}\n`);
  return summary;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  runProfile({ dir: process.argv[2] ?? join(OUT, 'repo') }).catch((err) => {
    console.error(`profile: ${err.message}`);
    process.exitCode = 1;
  });
}
