#!/usr/bin/env node
/**
 * The `upkeep` command as bundles, rebuilt by esbuild from src/ after `tsc` has written dist/ (the
 * library, `dist/index.js`, stays tsc's):
 *
 * - dist/cli/upkeep.cjs (one CommonJS file): every command, run with V8's code cache
 *   (src/cli/code-cache.ts). Packages only the forge and queue commands use stay outside (large, loaded
 *   on demand, some with native addons) and are required when needed; octokit, an ES module only, is
 *   imported first by the entry and stood in for (src/util/external.ts). The build checks that the
 *   bundle requires no ES module.
 * - dist/cli/upkeep-esm.js and its chunks (an ES module bundle): the same commands, each its own chunk;
 *   the extraction worker's code, and every command's with UPKEEP_CODE_CACHE=off.
 * - dist/cli/main.js (src/cli/launch.ts): runs the first (the second with UPKEEP_CODE_CACHE=off).
 * - dist/cli/upkeep.cjs.<hash>.codecache: the code cache of a short offline run, made with the
 *   Node that builds (in the container image: the image's Node).
 *
 * Chunks sit in dist/cli/ — the same depth as every tsc module — so paths the code computes from
 * `import.meta.url` (`../../config/presets/`, `../../package.json`, the worker file) resolve alike in
 * every build; in the CommonJS bundle `import.meta.url` is the bundle's own file URL.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const OUT = join(ROOT, 'dist/cli');
/** esbuild names chunks `<name>-<8 base32 characters>.js`; tsc's modules never look like that. */
const CHUNK = /-[A-Z0-9]{8}\.js$/;
/** Forge clients, the queue and the status server: only forge runs, workers and `serve` load them. */
const EXTERNAL = ['octokit', '@octokit/*', '@gitbeaker/*', 'bullmq', 'ioredis', '@bull-board/*', 'express', 'msgpackr', 'msgpackr-extract'];

// Chunks and caches of an earlier build would linger under other hashes; tsc's map of main.js no longer matches it.
for (const file of readdirSync(OUT, { withFileTypes: true })) {
  if (file.isFile() && (CHUNK.test(file.name) || file.name === 'main.js.map' || file.name.endsWith('.codecache') || file.name.endsWith('.cjs')))
    rmSync(join(OUT, file.name));
}

const common = { absWorkingDir: ROOT, bundle: true, platform: 'node', target: 'node20', external: EXTERNAL, minify: false, logLevel: 'warning' };

await build({
  ...common,
  entryPoints: { 'upkeep-esm': 'src/cli/main.ts', 'extract-worker': 'src/extract/extract-worker.ts' },
  outdir: OUT,
  splitting: true,
  format: 'esm',
  // CommonJS packages inside an ES module bundle call `require`; ES modules have none of their own.
  banner: { js: "import { createRequire as __upkeepCreateRequire } from 'node:module'; const require = __upkeepCreateRequire(import.meta.url);" },
});

await build({
  ...common,
  entryPoints: { main: 'src/cli/launch.ts' },
  outdir: OUT,
  format: 'esm',
});

/** ES-module-only packages: in the CommonJS bundle, stand-ins handing out what src/util/external.ts imported. */
const ESM_ONLY = /^octokit$/;
const preloaded = {
  name: 'upkeep-preloaded-externals',
  setup(b) {
    b.onResolve({ filter: ESM_ONLY }, (args) => ({ path: args.path, namespace: 'upkeep-preloaded' }));
    b.onLoad({ filter: /.*/, namespace: 'upkeep-preloaded' }, (args) => ({
      contents: `const m = globalThis.__upkeepExternals && globalThis.__upkeepExternals.get(${JSON.stringify(args.path)});
if (!m) throw new Error(${JSON.stringify(`${args.path} was not imported first (src/util/external.ts)`)});
module.exports = m;`,
      loader: 'js',
    }));
  },
};
const local = await build({
  ...common,
  entryPoints: { upkeep: 'src/cli/main.ts' },
  outdir: OUT,
  outExtension: { '.js': '.cjs' },
  format: 'cjs',
  plugins: [preloaded],
  // CommonJS packages (bullmq, ioredis, …) are required as usual; the ES-module-only ones are stood in for.
  external: EXTERNAL.filter((p) => !ESM_ONLY.test(p)),
  define: { 'import.meta.url': '__upkeepImportMetaUrl' },
  banner: { js: "var __upkeepImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  metafile: true,
});
// esbuild writes strings, templates and regular expressions in ASCII; what is left is comments. Escaped too,
// the file is ASCII, which the entry reads three times faster (as Latin-1) than UTF-8.
const bundled = readFileSync(join(OUT, 'upkeep.cjs'), 'utf8').replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
writeFileSync(join(OUT, 'upkeep.cjs'), bundled);
const esmOnly = ['octokit', '@octokit/'].filter((p) => bundled.includes(`require("${p}`));
if (esmOnly.length > 0 || /(?<![{\w.])import\(["'`]/.test(bundled))
  throw new Error(`dist/cli/upkeep.cjs requires an ES module (${esmOnly.join(', ') || 'import()'}): it cannot run as a script`);
if (Object.keys(local.metafile.outputs).length !== 1) throw new Error('dist/cli/upkeep.cjs: expected one file');

// The code cache: a short run with nothing to ask of any host (every host turned off), written by the launcher.
const work = mkdtempSync(join(tmpdir(), 'upkeep-code-cache-'));
try {
  const repo = join(work, 'repo');
  mkdirSync(join(repo, 'k8s/apps/web'), { recursive: true });
  writeFileSync(join(repo, 'renovate.json'), JSON.stringify({ extends: ['config:recommended'], kubernetes: { managerFilePatterns: ['/^k8s/.+\\.ya?ml$/'] } }));
  writeFileSync(join(repo, 'Dockerfile'), 'FROM node:20.11.1-alpine AS build\nFROM nginx:1.25.3@sha256:' + 'a'.repeat(64) + '\n');
  writeFileSync(
    join(repo, 'k8s/apps/web/deployment.yaml'),
    'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: ghcr.io/example/web:v1.2.3\n',
  );
  writeFileSync(join(work, 'global.json'), JSON.stringify({ hostRules: [{ enabled: false }] }));
  execFileSync(
    process.execPath,
    [join(OUT, 'main.js'), 'run', '--platform', 'local', '--dry-run', repo, '--config', join(work, 'global.json'), '--report', join(work, 'report.json')],
    {
      env: { ...process.env, UPKEEP_CODE_CACHE_WRITE: join(work, 'code.cache'), XDG_CACHE_HOME: join(work, 'xdg') },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  const { cacheFileName } = await import('../dist/cli/code-cache.js');
  writeFileSync(join(OUT, cacheFileName(join(OUT, 'upkeep.cjs'), Buffer.from(bundled))), readFileSync(join(work, 'code.cache')), { mode: 0o644 });
} finally {
  rmSync(work, { recursive: true, force: true });
}
