#!/usr/bin/env node
/**
 * The `upkeep` command's entry (dist/cli/main.js). Every command runs from one CommonJS bundle with V8's
 * code cache (code-cache.ts): on Node 20 a small repository's run starts ~80 ms sooner than from the ES
 * module bundle, which Node cannot run from a cache of the compiled code. Both bundles are built from the
 * same source (scripts/bundle-cli.mjs); UPKEEP_CODE_CACHE=off runs the ES module one.
 *
 * UPKEEP_CODE_CACHE_WRITE=<file> writes this run's cache there: the build's, made after a short offline run.
 */
import { fileURLToPath } from 'node:url';
import { runWithCodeCache } from './code-cache.js';

if (process.env.UPKEEP_CODE_CACHE === 'off') {
  await import(new URL('./upkeep-esm.js', import.meta.url).href);
} else {
  // ES-module-only packages are imported from here, outside the script (util/external.ts).
  (globalThis as { __upkeepImport?: (specifier: string) => Promise<unknown> }).__upkeepImport = (specifier) => import(specifier);
  const writeTo = process.env.UPKEEP_CODE_CACHE_WRITE;
  runWithCodeCache(fileURLToPath(new URL('./upkeep.cjs', import.meta.url)), writeTo ? { writeTo } : {});
}
