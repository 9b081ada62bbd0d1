#!/usr/bin/env node
/**
 * The `upkeep` command's entry (dist/cli/main.js). The commands that work on a directory — `run
 * --platform local`, `extract`, `lookup`, `validate`, `explain` — run from one CommonJS bundle with V8's
 * code cache (code-cache.ts): they start ~80 ms sooner on Node 20. Everything else (forge runs, the
 * queue, help) loads the ES module bundle, whose forge and queue code comes with packages the CommonJS
 * bundle cannot load. Both bundles are built from the same source (scripts/bundle-cli.mjs).
 *
 * UPKEEP_CODE_CACHE=off runs every command from the ES module bundle.
 */
import { fileURLToPath } from 'node:url';
import { runWithCodeCache } from './code-cache.js';

/** Commands the CommonJS bundle holds whole; `run` only when `--platform local` is said (a global config may name a forge). */
const LOCAL_COMMANDS = new Set(['extract', 'lookup', 'validate', 'explain']);

function runsLocally(args: readonly string[]): boolean {
  const [command, ...rest] = args;
  if (command === undefined) return false;
  if (LOCAL_COMMANDS.has(command)) return true;
  if (command !== 'run') return false;
  const platforms = rest.flatMap((arg, i) => (arg === '--platform' ? [rest[i + 1]] : arg.startsWith('--platform=') ? [arg.slice('--platform='.length)] : []));
  return platforms.length > 0 && platforms.every((p) => p === 'local');
}

if (process.env.UPKEEP_CODE_CACHE !== 'off' && runsLocally(process.argv.slice(2))) {
  // ES-module-only packages are imported from here, outside the script (util/external.ts).
  (globalThis as { __upkeepImport?: (specifier: string) => Promise<unknown> }).__upkeepImport = (specifier) => import(specifier);
  const writeTo = process.env.UPKEEP_CODE_CACHE_WRITE;
  runWithCodeCache(fileURLToPath(new URL('./upkeep-local.cjs', import.meta.url)), writeTo ? { writeTo } : {});
} else {
  await import(new URL('./upkeep-esm.js', import.meta.url).href);
}
