#!/usr/bin/env node
/**
 * Issue 9's figures: 200 repositories sharing 100 images on 1, 2 and 4 `upkeep worker` processes (local
 * platform, real Redis and registry on loopback). The services are TypeScript test code, so this starts
 * vitest on bench/queue/queue-workers.figures.ts and reads the figures it prints. Needs `npm run build`.
 *
 *   node bench/queue-workers.mjs
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));

export async function runQueueBenchmark() {
  const vitest = join(ROOT, 'node_modules/vitest/vitest.mjs');
  const result = spawnSync(process.execPath, [vitest, 'run', '--config', 'bench/queue/vitest.config.ts'], { cwd: ROOT, encoding: 'utf8' });
  const line = `${result.stdout}\n${result.stderr}`.split('\n').find((l) => l.includes('FIGURES '));
  if (!line) throw new Error(`no figures (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
  return JSON.parse(line.slice(line.indexOf('FIGURES ') + 'FIGURES '.length));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(JSON.stringify(await runQueueBenchmark(), null, 2));
