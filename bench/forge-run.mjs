#!/usr/bin/env node
/**
 * Issue 8's figure: API calls and pushes of the first run and of a rerun for a repository with 40
 * updates in 12 branches, on the Gitea fake. The fake is TypeScript test code, so this starts vitest on
 * bench/forge/forge-run.figures.ts and reads the figures it prints.
 *
 *   node bench/forge-run.mjs
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));

export async function runForgeBenchmark() {
  const vitest = join(ROOT, 'node_modules/vitest/vitest.mjs');
  const result = spawnSync(process.execPath, [vitest, 'run', '--config', 'bench/forge/vitest.config.ts'], { cwd: ROOT, encoding: 'utf8' });
  const line = `${result.stdout}\n${result.stderr}`.split('\n').find((l) => l.includes('FIGURES '));
  if (!line) throw new Error(`no figures (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
  return JSON.parse(line.slice(line.indexOf('FIGURES ') + 'FIGURES '.length));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(JSON.stringify(await runForgeBenchmark(), null, 2));
