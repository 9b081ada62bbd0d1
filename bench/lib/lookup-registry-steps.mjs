/**
 * Steps of the registry lookup benchmark that talk to the outside: checking the seeded registry through
 * its API before anything is measured, and timing the CLI end to end (`bench/lib/measure.mjs`).
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { max, measure, median } from './measure.mjs';

const MANIFEST_ACCEPT = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

export function gitopsPaths(work) {
  return { pinned: join(work, 'repo-pinned'), unpinned: join(work, 'repo-unpinned'), global: join(work, 'global.json') };
}

/**
 * Storage written on disk is only worth measuring if the registry serves it as pushed: for every 25th
 * image (and the last), the tag list is exactly the catalog's, and HEAD on a full version, a floating tag
 * and `latest` gives the digest written. Throws on the first difference. Returns how many were checked.
 */
export async function verifyRegistry(registry, images, plan) {
  const picked = images.filter((_, i) => i % 25 === 0 || i === images.length - 1);
  for (const image of picked) {
    const res = await fetch(`${registry.url}/v2/${image.repository}/tags/list`);
    const listed = (await res.json()).tags ?? [];
    const expected = image.tags.map((t) => t.tag);
    if (res.status !== 200 || listed.length !== expected.length || !expected.every((t) => listed.includes(t))) {
      throw new Error(`${image.repository}: tag list has ${listed.length} tags (status ${res.status}), expected ${expected.length}`);
    }
    const full = image.tags.filter((t) => t.of === undefined);
    const floating = image.tags.find((t) => t.of !== undefined && t.tag !== 'latest');
    for (const tag of [full[0].tag, full[full.length - 1].tag, floating?.tag, 'latest'].filter(Boolean)) {
      const head = await fetch(`${registry.url}/v2/${image.repository}/manifests/${tag}`, { method: 'HEAD', headers: { accept: MANIFEST_ACCEPT } });
      const digest = head.headers.get('docker-content-digest');
      if (head.status !== 200 || digest !== plan.repositories[image.repository].digests[tag]) {
        throw new Error(`${image.repository}:${tag}: HEAD gave ${head.status} ${digest}, expected ${plan.repositories[image.repository].digests[tag]}`);
      }
    }
  }
  return picked.length;
}

/**
 * `node dist/cli/main.js lookup <repo> --json --config <global.json>` as a child: one untimed warm-up
 * (its output kept and checked), then `runs` timed runs with stdout to /dev/null. Each run is a fresh
 * process with an in-memory cache, so each is a cold lookup — the case the target is about.
 */
export async function measureCli(root, repo, globalPath, runs, log) {
  const out = join(root, 'bench/out');
  const cli = join(root, 'dist/cli/main.js');
  const args = [cli, 'lookup', repo, '--json', '--config', globalPath];
  const command = `node ${relative(root, cli)} lookup ${relative(root, repo)} --json --config ${relative(root, globalPath)}`;
  const io = { stderr: join(out, 'lookup-registry-stderr.txt'), timeFile: join(out, 'lookup-registry-time.txt') };
  const outputFile = join(out, 'lookup-registry-output.json');
  const warm = await measure(process.execPath, args, { ...io, stdout: outputFile });
  if (warm.exitCode !== 0) throw new Error(`${command} exited with ${warm.exitCode}; see ${relative(root, io.stderr)}`);
  const output = JSON.parse(readFileSync(outputFile, 'utf8'));
  const timed = [];
  for (let i = 0; i < runs; i++) {
    const r = await measure(process.execPath, args, { ...io, stdout: '/dev/null' });
    if (r.exitCode !== 0) throw new Error(`${command} exited with ${r.exitCode} (run ${i + 1})`);
    timed.push(r);
  }
  const pick = (fn) => ({
    wallSeconds: fn(timed.map((r) => r.wallSeconds)),
    peakRssMB: fn(timed.map((r) => r.peakRssKB)) / 1024,
    userSeconds: timed[0].userSeconds === undefined ? undefined : fn(timed.map((r) => r.userSeconds)),
  });
  const result = {
    command,
    method: timed[0].method === 'time' ? 'GNU time (%e %M %U %S), wall time from spawn to exit' : 'VmHWM polled from /proc every 5 ms',
    outputDeps: output.deps.length,
    outputUpdates: output.deps.reduce((n, d) => n + d.updates.length, 0),
    outputWarnings: output.deps.reduce((n, d) => n + d.warnings.length, 0),
    warmUp: { wallSeconds: warm.wallSeconds, peakRssMB: warm.peakRssKB / 1024 },
    runs: timed.map((r) => ({ wallSeconds: r.wallSeconds, peakRssMB: r.peakRssKB / 1024, userSeconds: r.userSeconds, sysSeconds: r.sysSeconds })),
    median: pick(median),
    max: pick(max),
  };
  log(`CLI: ${command}`);
  log(`  ${result.outputDeps} deps, ${result.outputUpdates} updates, ${result.outputWarnings} warnings in the output`);
  log(
    `  wall s: ${timed.map((r) => r.wallSeconds.toFixed(2)).join(', ')} (median ${result.median.wallSeconds.toFixed(2)}, max ${result.max.wallSeconds.toFixed(2)}); peak RSS MiB: median ${result.median.peakRssMB.toFixed(1)}, max ${result.max.peakRssMB.toFixed(1)}`,
  );
  return result;
}
