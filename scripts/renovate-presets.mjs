#!/usr/bin/env node
/**
 * Completes Upkeep's catalogue of Renovate's built-in presets from an installed Renovate package (Node 24;
 * Renovate's dist is ESM that needs it):
 *
 *   node scripts/renovate-presets.mjs <path of node_modules/renovate>
 *
 * - test/fixtures/renovate/preset-names.txt: every built-in name, sorted (`:name` for the default namespace);
 * - config/presets/renamed.json: Renovate's map of removed and renamed presets (old name → new name, or null);
 * - config/presets/<namespace in kebab-case>.json: every preset missing there is appended with Renovate's
 *   settings. Every `description` is left out, at any depth: Renovate's prose is not copied.
 *
 * Entries Upkeep already has were adapted by hand and are never touched; the ones whose settings differ from
 * Renovate's are printed, one line each (`name: upkeep=<json> renovate=<json>`), for a person to judge.
 * A file gets new entries appended after its own and is left alone when nothing is missing, so a rerun with
 * the same Renovate changes nothing.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = new URL('../', import.meta.url);
const PRESETS_DIR = new URL('config/presets/', ROOT);
const NAMES_FILE = new URL('test/fixtures/renovate/preset-names.txt', ROOT);

const renovateDir = process.argv[2];
if (!renovateDir) {
  console.error('usage: node scripts/renovate-presets.mjs <path of an installed renovate package>');
  process.exit(2);
}
const distFile = (path) => pathToFileURL(join(renovateDir, 'dist', path)).href;
const { groups } = await import(distFile('config/presets/internal/index.js'));
const { removedPresets } = await import(distFile('config/presets/common.js'));

const kebab = (namespace) => namespace.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
const fullName = (namespace, preset) => (namespace === 'default' ? `:${preset}` : `${namespace}:${preset}`);

/** The value without any `description` (documentation, in Renovate's words), as plain JSON. */
function withoutDescriptions(value) {
  if (Array.isArray(value)) return value.map(withoutDescriptions);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => key !== 'description')
      .map(([key, v]) => [key, withoutDescriptions(v)]),
  );
}

/** JSON with object keys sorted, to compare settings whatever order they were written in. */
function canonical(value) {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const keys = Object.keys(value).sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonical(value[key])}`).join(',')}}`;
}

/** Prettier with the project's settings when it is installed; the text as it is otherwise. */
async function formatJson(text, file) {
  try {
    const prettier = await import('prettier');
    const options = (await prettier.resolveConfig(file)) ?? {};
    return await prettier.format(text, { ...options, filepath: file });
  } catch (err) {
    if (err?.code === 'ERR_MODULE_NOT_FOUND') return text;
    throw err;
  }
}

/** The file's text with `entries` appended after its own (compact JSON; prettier lays it out). */
function appendEntries(text, entries) {
  const lines = entries.map(([name, value]) => `  ${JSON.stringify(name)}: ${JSON.stringify(value)}`);
  if (text === undefined) return `{\n${lines.join(',\n')}\n}\n`;
  const body = text.trimEnd();
  if (!body.endsWith('}')) throw new Error('a preset file must hold one JSON object');
  const inside = body.slice(0, -1).trimEnd();
  const separator = inside.endsWith('{') ? '\n' : ',\n';
  return `${inside}${separator}${lines.join(',\n')}\n}\n`;
}

const names = [];
const differing = [];
const counts = [];
for (const [namespace, presets] of Object.entries(groups)) {
  const file = new URL(`${kebab(namespace)}.json`, PRESETS_DIR);
  const text = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  const upkeep = text === undefined ? {} : JSON.parse(text);
  const missing = [];
  for (const [preset, settings] of Object.entries(presets)) {
    const name = fullName(namespace, preset);
    names.push(name);
    const renovate = withoutDescriptions(settings);
    if (!Object.hasOwn(upkeep, preset)) {
      missing.push([preset, renovate]);
      continue;
    }
    const own = withoutDescriptions(upkeep[preset]);
    if (canonical(own) !== canonical(renovate)) differing.push(`${name}: upkeep=${JSON.stringify(own)} renovate=${JSON.stringify(renovate)}`);
  }
  counts.push(`${namespace}: ${Object.keys(upkeep).length} → ${Object.keys(upkeep).length + missing.length} (Renovate ${Object.keys(presets).length})`);
  if (missing.length > 0) writeFileSync(file, await formatJson(appendEntries(text, missing), file.pathname));
}

mkdirSync(new URL('.', NAMES_FILE), { recursive: true });
writeFileSync(NAMES_FILE, `${names.sort().join('\n')}\n`);
const renamedFile = new URL('renamed.json', PRESETS_DIR);
writeFileSync(renamedFile, await formatJson(`${JSON.stringify(removedPresets, null, 2)}\n`, renamedFile.pathname));

console.log(`${names.length} built-in presets; per namespace (Upkeep before → after):`);
for (const line of counts) console.log(`  ${line}`);
console.log(`${Object.keys(removedPresets).length} removed or renamed presets`);
console.log(`${differing.length} of Upkeep's entries differ from Renovate's settings:`);
for (const line of differing) console.log(line);
