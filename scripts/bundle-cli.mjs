#!/usr/bin/env node
/**
 * The `upkeep` command as a bundle: `dist/cli/main.js` (and the extract worker beside it) are rebuilt by
 * esbuild from src/ after `tsc` has written dist/, so the CLI loads a handful of files instead of ~300
 * modules. On a small repository Node's module loading was a third of a run (BENCHMARKS.md, "peer"):
 * the bundle takes ~0.25 s of CPU and ~15 MiB off every run. The library (`dist/index.js`) stays tsc's.
 *
 * Each command's code is its own chunk, loaded only when that command runs (`--version` loads almost
 * nothing). Chunks sit in dist/cli/ beside main.js — the same depth as every tsc module — so paths the
 * code computes from `import.meta.url` (`../../config/presets/`, `../../package.json`, the worker
 * file) resolve alike in both builds. Packages only the forge and queue commands use stay outside the
 * bundle: they are large, loaded on demand, and some carry native addons.
 */
import { readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const OUT = join(ROOT, 'dist/cli');
/** esbuild names chunks `<name>-<8 base32 characters>.js`; tsc's modules never look like that. */
const CHUNK = /-[A-Z0-9]{8}\.js$/;

// Chunks of an earlier build would linger under other hashes; tsc's map of main.js no longer matches it.
for (const file of readdirSync(OUT, { withFileTypes: true })) {
  if (file.isFile() && (CHUNK.test(file.name) || file.name === 'main.js.map')) rmSync(join(OUT, file.name));
}

await build({
  absWorkingDir: ROOT,
  entryPoints: { main: 'src/cli/main.ts', 'extract-worker': 'src/extract/extract-worker.ts' },
  outdir: OUT,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Forge clients, the queue and the status server: only forge runs, workers and `serve` load them.
  external: ['octokit', '@octokit/*', '@gitbeaker/*', 'bullmq', 'ioredis', '@bull-board/*', 'express', 'msgpackr', 'msgpackr-extract'],
  // CommonJS packages inside an ES module bundle call `require`; ES modules have none of their own.
  banner: { js: "import { createRequire as __upkeepCreateRequire } from 'node:module'; const require = __upkeepCreateRequire(import.meta.url);" },
  // Names kept: errors and stack traces stay readable.
  minify: false,
  logLevel: 'warning',
});
