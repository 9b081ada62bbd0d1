#!/usr/bin/env node
/**
 * Checks every built-in preset once, at build time, and writes the results to
 * dist/builtin-presets.checked.json, where a run takes them instead of checking the presets again
 * (src/config/builtin-checked.ts says when it may). Run by `npm run build`, after tsc.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkedBuiltinTable } from '../dist/config/presets.js';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
writeFileSync(join(ROOT, 'dist/builtin-presets.checked.json'), JSON.stringify(await checkedBuiltinTable()));
