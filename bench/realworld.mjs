#!/usr/bin/env node
/**
 * Upkeep beside Renovate on the real-world corpus (../shared/realworld/): runs the shared harness's
 * extract comparison and prints, per repository and pooled, the in-scope agreement, what only Upkeep
 * finds, and wall time and peak memory of both — the table BENCHMARKS.md keeps.
 *
 * Not part of `npm run bench` or CI: it needs the fetched repositories and Renovate. Prepare as
 * ../shared/realworld/README.md says (fetch the repositories, setup-renovate.sh, collect.sh), build
 * Upkeep, then:
 *
 *   node bench/realworld.mjs [REPO…]          run the comparison (≈10 min on 2 cores), then the table
 *   node bench/realworld.mjs --table-only      the table from the last run's results
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const HARNESS = resolve(ROOT, '../shared/realworld');
const OUT = process.env.OUT ?? '/tmp/upkeep-realworld';
const RESULTS = process.env.RESULTS ?? join(OUT, 'results');

function runHarness(repos) {
  if (!existsSync(join(OUT, 'repos'))) throw new Error(`no checkouts in ${OUT}/repos: run ${HARNESS}/collect.sh first (see its README)`);
  if (!existsSync(join(ROOT, 'dist/cli/main.js'))) throw new Error('Upkeep is not built: npm run build');
  execFileSync(join(HARNESS, 'extract-compare.sh'), repos, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, UPKEEP: join(ROOT, 'dist/cli/main.js') } });
}

const pct = (n, d) => (d === 0 ? '—' : `${((100 * n) / d).toFixed(1)} %`);
const ratio = (a, b) => (b > 0 ? `${(a / b).toFixed(1)}×` : '—');

/** One row per repository, from the harness's results/extract-<repo>.json. */
function readResults() {
  return (
    readdirSync(RESULTS)
      .filter((f) => /^extract-.+\.json$/.test(f) && f !== 'extract-summary.json')
      .map((f) => readFileSync(join(RESULTS, f), 'utf8'))
      // A repository whose comparison failed leaves an empty file (the harness says so as it runs).
      .filter((text) => text.trim() !== '')
      .map((text) => JSON.parse(text))
      .filter((r) => r.renovate && r.upkeep && r.counts && r.inScope)
      .sort((a, b) => a.repo.localeCompare(b.repo))
  );
}

function table(rows) {
  const lines = [
    '| repository | Renovate deps | Upkeep deps | matched | in scope, Renovate only | Upkeep only | Renovate in-scope deps found | wall Renovate / Upkeep | peak RSS Renovate / Upkeep (MiB) |',
    '|---|---:|---:|---:|---:|---:|---:|---|---|',
  ];
  const total = { rDeps: 0, uDeps: 0, matched: 0, rOnly: 0, uOnly: 0, rWall: 0, uWall: 0, rRss: 0, uRss: 0, slower: 0, larger: 0 };
  for (const r of rows) {
    const matched = r.counts.matched + r.counts.matchedExceptManager + r.counts.different;
    total.rDeps += r.renovate.deps;
    total.uDeps += r.upkeep.deps;
    total.matched += matched;
    total.rOnly += r.inScope.renovateOnly;
    total.uOnly += r.inScope.upkeepOnly;
    total.rWall += r.renovate.wallS;
    total.uWall += r.upkeep.wallS;
    total.rRss = Math.max(total.rRss, r.renovate.peakRssMiB);
    total.uRss = Math.max(total.uRss, r.upkeep.peakRssMiB);
    if (r.upkeep.wallS >= r.renovate.wallS) total.slower++;
    if (r.upkeep.peakRssMiB >= r.renovate.peakRssMiB) total.larger++;
    lines.push(
      `| ${r.repo} | ${r.renovate.deps} | ${r.upkeep.deps} | ${matched} | ${r.inScope.renovateOnly} | ${r.inScope.upkeepOnly} | ${pct(matched, matched + r.inScope.renovateOnly)} | ${r.renovate.wallS} s / ${r.upkeep.wallS} s | ${r.renovate.peakRssMiB} / ${r.upkeep.peakRssMiB} |`,
    );
  }
  lines.push(
    `| **pooled (${rows.length})** | ${total.rDeps} | ${total.uDeps} | ${total.matched} | ${total.rOnly} | ${total.uOnly} | **${pct(total.matched, total.matched + total.rOnly)}** | ${total.rWall.toFixed(1)} s / ${total.uWall.toFixed(1)} s (${ratio(total.rWall, total.uWall)} faster) | max ${total.rRss} / ${total.uRss} |`,
  );
  lines.push('', `Upkeep slower than Renovate on ${total.slower} repositories, larger on ${total.larger}.`);
  return lines.join('\n');
}

const args = process.argv.slice(2);
if (!args.includes('--table-only')) runHarness(args.filter((a) => !a.startsWith('--')));
const rows = readResults();
if (rows.length === 0) throw new Error(`no results in ${RESULTS}`);
process.stdout.write(`${table(rows)}\n`);
