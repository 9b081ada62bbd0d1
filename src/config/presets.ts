/**
 * Presets (`extends`): Renovate's named presets as data in `config/presets/<namespace>.json`, and presets
 * from files in the repository itself (`local>owner/repo[:name]`, `./relative/path`). Presets are expanded
 * recursively and merged in order with `mergeConfig` — the presets first, then the config that names them
 * wins. Presets from other repositories or npm packages are refused with a clear error.
 */
import { readFile } from 'node:fs/promises';
import { posix } from 'node:path';
import type { z } from 'zod';
import { ConfigError } from '../util/errors.js';
import { didYouMean } from './clean-keys.js';
import { mergeConfig } from './merge.js';
import { parseConfigText } from './parse.js';
import { packageRuleSchema, repoConfigSchema, type RepoConfig } from './schema.js';
import { formatProblem, validateRepoConfig, type ConfigProblem } from './validate.js';

export interface ResolvePresetsOptions {
  /** Reads a repository-relative file (`presets/base.json`); null when it does not exist. */
  readLocal?: (path: string) => Promise<string | null>;
  /** `owner/repo` being run: a `local>` preset naming another repository is refused. Unset: any `local>` is this one. */
  repository?: string;
  /** The config file's path, for messages. */
  file?: string;
}

export interface ResolvedPresets {
  /** The config with every preset merged in and no `extends` left. */
  config: RepoConfig;
  /** Presets applied, each once, in the order met (a preset before the ones it extends). */
  presets: string[];
  /** Presets accepted that set nothing in Upkeep (e.g. `group:monorepos`: nothing to do for images and charts). */
  withoutEffect: string[];
  /** Problems in the repository's own preset files that do not stop the run (keys Upkeep does not act on …), one line each. */
  warnings: string[];
}

type Obj = Record<string, unknown>;
/** The file holding a reference (for messages) and its directory (for `./relative` presets; none in built-ins). */
interface Where {
  file: string;
  dir: string | undefined;
}
/** A step of the chain being expanded: the reference as written, and its identity without arguments. */
type Link = { ref: string; id: string };
type Loaded = { id: string; content: Obj; where: Where };
interface Run {
  options: ResolvePresetsOptions;
  namespaces: Map<string, Promise<Obj | undefined>>;
  ignored: Set<string>;
  presets: string[];
  withoutEffect: string[];
  warnings: string[];
}

/** Renovate's built-in namespaces; the ones Upkeep ships have a file in config/presets/. */
const NAMESPACES = new Set([
  'abandonments',
  'compatibility',
  'config',
  'customManagers',
  'default',
  'docker',
  'global',
  'group',
  'helpers',
  'mergeConfidence',
  'monorepo',
  'npm',
  'packages',
  'preview',
  'replacements',
  'schedule',
  'security',
  'workarounds',
]);
const PRESETS_DIR = new URL('../../config/presets/', import.meta.url);
/** Keys that document a preset rather than configure anything. */
const DOC_KEYS = ['description', '$schema'];

export async function resolvePresets(config: RepoConfig, options: ResolvePresetsOptions = {}): Promise<ResolvedPresets> {
  const { ignorePresets, ...rest } = config as Obj;
  const run: Run = {
    options,
    namespaces: new Map(),
    ignored: new Set(Array.isArray(ignorePresets) ? ignorePresets.filter((p): p is string => typeof p === 'string') : []),
    presets: [],
    withoutEffect: [],
    warnings: [],
  };
  const where: Where = { file: options.file ?? 'repository config', dir: '' };
  const resolved = await resolveObject(run, rest, [], where, '');
  return { config: resolved as RepoConfig, presets: run.presets, withoutEffect: run.withoutEffect, warnings: run.warnings };
}

/** `obj` with its `extends` merged underneath it, and presets inside its nested objects resolved too. */
async function resolveObject(run: Run, obj: Obj, chain: Link[], where: Where, keyPath: string): Promise<Obj> {
  let base: Obj = {};
  for (const ref of asList(obj.extends)) {
    if (typeof ref !== 'string') throw configError(where, keyPath, `extends: ${JSON.stringify(ref)} is not a preset name`);
    if (run.ignored.has(ref)) continue;
    const loaded = await loadPreset(run, ref, where, keyPath);
    if (chain.some((link) => link.id === loaded.id)) {
      throw configError(where, extendsKey(keyPath), `preset cycle: ${[...chain.map((link) => link.ref), ref].join(' → ')}`);
    }
    if (!run.presets.includes(ref)) run.presets.push(ref);
    const content = await resolveObject(run, labelRules(loaded.content, ref), [...chain, { ref, id: loaded.id }], loaded.where, '');
    if (Object.keys(content).length === 0 && !run.withoutEffect.includes(ref)) run.withoutEffect.push(ref);
    base = mergeConfig(base, content);
  }
  const own: Obj = {};
  for (const [key, value] of Object.entries(obj)) {
    if (key === 'extends') continue;
    own[key] = await resolveNested(run, value, chain, where, keyPath ? `${keyPath}.${key}` : key);
  }
  return mergeConfig(base, own);
}

/** Presets named inside rules and option objects (`packageRules[0].extends`), as Renovate allows. */
async function resolveNested(run: Run, value: unknown, chain: Link[], where: Where, keyPath: string): Promise<unknown> {
  if (Array.isArray(value)) {
    // One after the other: the order presets are met in is part of the result.
    const out: unknown[] = [];
    for (const [i, v] of value.entries()) out.push(await resolveNested(run, v, chain, where, `${keyPath}[${i}]`));
    return out;
  }
  if (!isObj(value) || !('extends' in value)) return value;
  const resolved = await resolveObject(run, value, chain, where, keyPath);
  // What a nested preset brings must still fit where it landed (a rule cannot hold `packageRules`).
  const shape = repoConfigSchema.shape as Record<string, z.ZodType | undefined>;
  const schema = /^packageRules\[\d+\]$/.test(keyPath) ? packageRuleSchema : Object.hasOwn(shape, keyPath) ? shape[keyPath] : undefined;
  const check = schema?.safeParse(resolved);
  if (check && !check.success) {
    const issue = check.error.issues[0]!;
    const path = [...issue.path, ...(issue.code === 'unrecognized_keys' ? issue.keys.slice(0, 1) : [])];
    throw configError(where, `${keyPath}${path.length ? `.${formatPath(path)}` : ''}`, `after presets: ${issue.message}`);
  }
  return resolved;
}

/** Find and read one preset reference, with its arguments substituted. */
async function loadPreset(run: Run, ref: string, where: Where, keyPath: string): Promise<Loaded> {
  const fail = (message: string): never => {
    throw configError(where, extendsKey(keyPath), message);
  };
  const open = ref.indexOf('(');
  if (open !== -1 && !ref.endsWith(')')) fail(`preset "${ref}": arguments must end with ")"`);
  const name = open === -1 ? ref : ref.slice(0, open);
  const args =
    open === -1
      ? []
      : ref
          .slice(open + 1, -1)
          .split(',')
          .map((a) => a.trim());
  return findPreset(run, name, where, { fail, args: (content) => withArgs(content, args, ref, fail) });
}

/** How to report a problem with the reference being loaded, and how to put its arguments in. */
interface Use {
  fail: (message: string) => never;
  args: (content: Obj) => Obj;
}

async function findPreset(run: Run, name: string, where: Where, use: Use): Promise<Loaded> {
  const { fail } = use;
  if (/^(github|gitlab|gitea|forgejo)>/.test(name) || /^https?:\/\//i.test(name)) {
    return fail(`presets from other repositories are not supported yet: ${name}`);
  }
  if (name.startsWith('npm>') || name.startsWith('@')) return fail(`presets from npm packages are not supported yet: ${name}`);
  if (/^(\.\.?\/|\/)/.test(name)) return relativePreset(run, name, where, use);
  if (name.startsWith('local>')) return localPreset(run, name.slice('local>'.length), name, use);
  const colon = name.indexOf(':');
  const namespace = colon === 0 ? 'default' : name.slice(0, colon);
  if (colon !== -1 && NAMESPACES.has(namespace)) return builtinPreset(run, namespace, name.slice(colon + 1), name, use);
  // Renovate reads `owner/repo` as `local>owner/repo`, and a bare word as the npm package renovate-config-<word>.
  if (name.includes('/')) return localPreset(run, name, name, use);
  return fail(`unknown preset "${name}"${suggest(name, await builtinNames(run))} (presets from npm packages are not supported)`);
}

async function builtinPreset(run: Run, namespace: string, presetName: string, name: string, { fail, args }: Use): Promise<Loaded> {
  const presets = await namespaceFile(run, namespace);
  if (!presets) return fail(`unknown preset "${name}": Upkeep has no ${namespace}: presets`);
  const content = Object.hasOwn(presets, presetName) ? presets[presetName] : undefined;
  if (!isObj(content)) return fail(`unknown preset "${name}"${suggest(name, await builtinNames(run))}`);
  return { id: `${namespace}:${presetName}`, content: args(withoutDocs(content)), where: { file: name, dir: undefined } };
}

/** `config/presets/<namespace in kebab-case>.json`, read once per run; undefined when Upkeep has none. */
function namespaceFile(run: Run, namespace: string): Promise<Obj | undefined> {
  const kebab = namespace.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  const file =
    run.namespaces.get(namespace) ??
    readFile(new URL(`${kebab}.json`, PRESETS_DIR), 'utf8').then(
      (text) => JSON.parse(text) as Obj,
      (err: NodeJS.ErrnoException) => (err.code === 'ENOENT' ? undefined : Promise.reject(err)),
    );
  run.namespaces.set(namespace, file);
  return file;
}

async function builtinNames(run: Run): Promise<string[]> {
  const names: string[] = [];
  for (const namespace of NAMESPACES) {
    const presets = await namespaceFile(run, namespace);
    for (const key of Object.keys(presets ?? {})) names.push(namespace === 'default' ? `:${key}` : `${namespace}:${key}`);
  }
  return names;
}

/** `owner/repo`, `owner/repo:file`, `owner/repo:file/preset`, `owner/repo//dir/file` (after `local>`). */
async function localPreset(run: Run, spec: string, name: string, use: Use): Promise<Loaded> {
  const { fail } = use;
  const m = /^(?<repo>[\w\-. /%~]+?)(?:\/\/(?<path>[\w\-./]+)|:(?<preset>[\w\-.+/]+))?(?:#(?<tag>[\w\-./]+))?$/.exec(spec);
  if (!m?.groups) return fail(`invalid preset name "${name}"`);
  const { repo, path, preset, tag } = m.groups as { repo: string; path?: string; preset?: string; tag?: string };
  const own = run.options.repository;
  if (own !== undefined && repo.toLowerCase() !== own.toLowerCase()) {
    return fail(`presets from other repositories are not supported yet: ${name}`);
  }
  if (tag !== undefined) return fail(`preset "${name}": a #tag names another revision; only this checkout's files are read`);
  if (path !== undefined) return readPresetFile(run, jsonFile(path), [], name, use);
  const [file = 'default', ...keys] = (preset ?? 'default').split('/');
  if (file === 'default') {
    const text = await readLocal(run, 'default.json', name, fail);
    // Renovate still falls back to renovate.json for a repository's default preset.
    if (text === null) return readPresetFile(run, 'renovate.json', keys, name, use);
    return parsePresetFile(run, 'default.json', text, keys, use);
  }
  return readPresetFile(run, jsonFile(file), keys, name, use);
}

function relativePreset(run: Run, name: string, where: Where, use: Use): Promise<Loaded> {
  if (where.dir === undefined) return use.fail(`preset "${name}": a relative preset needs a file in this repository to be relative to`);
  if (!/^(\/|(\.\.?\/)+)[\w\-.]+(\/[\w\-.]+)*$/.test(name)) return use.fail(`invalid preset name "${name}"`);
  return readPresetFile(run, jsonFile(name.startsWith('/') ? name.slice(1) : posix.join(where.dir, name)), [], name, use);
}

const jsonFile = (path: string): string => (/\.json5?$/.test(path) ? path : `${path}.json`);

async function readLocal(run: Run, path: string, name: string, fail: (m: string) => never): Promise<string | null> {
  const normal = posix.normalize(path);
  if (normal === '..' || normal.startsWith('../') || normal.startsWith('/')) return fail(`preset "${name}" points outside the repository`);
  if (!run.options.readLocal) return fail(`preset "${name}": this run cannot read the repository's files`);
  try {
    return await run.options.readLocal(normal);
  } catch (err) {
    return fail(`preset "${name}": cannot read ${normal}: ${(err as Error).message}`);
  }
}

async function readPresetFile(run: Run, path: string, keys: string[], name: string, use: Use): Promise<Loaded> {
  const text = await readLocal(run, path, name, use.fail);
  if (text === null) return use.fail(`preset "${name}": ${posix.normalize(path)} not found in this repository`);
  return parsePresetFile(run, posix.normalize(path), text, keys, use);
}

function parsePresetFile(run: Run, path: string, text: string, keys: string[], { fail, args }: Use): Loaded {
  const notes: ConfigProblem[] = [];
  let value = parseConfigText(path, text, notes);
  for (const key of keys) value = isObj(value) && Object.hasOwn(value, key) ? value[key] : undefined;
  const at = keys.join('.');
  if (!isObj(value)) return fail(keys.length ? `preset "${at}" not found in ${path}` : `${path} does not hold a JSON object`);
  // A preset file is validated like the repository's config (line numbers only when it is the whole file).
  const { config, errors, warnings } = validateRepoConfig(args(withoutDocs(value)), path, keys.length ? undefined : text);
  const where = (p: ConfigProblem): ConfigProblem => (at ? { ...p, key: p.key ? `${at}.${p.key}` : at } : p);
  run.warnings.push(...[...notes, ...warnings].map((p) => formatProblem(where(p))));
  const first = errors[0];
  if (first) {
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more problem${errors.length > 2 ? 's' : ''})` : '';
    const { key, line } = where(first);
    throw new ConfigError(path, `${first.message}${more}`, { ...(key ? { key } : {}), ...(line !== undefined ? { line } : {}) });
  }
  return { id: `local:${path}#${at}`, content: config as Obj, where: { file: path, dir: posix.dirname(path).replace(/^\.$/, '') } };
}

/** `{{arg0}}`… replaced in every string of the preset; a missing argument is an error. */
function withArgs(content: Obj, args: string[], ref: string, fail: (m: string) => never): Obj {
  const replace = (value: unknown): unknown => {
    if (typeof value === 'string') {
      return value.replace(/\{\{arg(\d+)\}\}/g, (_, n: string) => {
        const arg = args[Number(n)];
        if (arg === undefined || arg === '') {
          const name = ref.replace(/\(.*$/, '');
          const wanted = Array.from({ length: Number(n) + 1 }, (_, i) => `<arg${i}>`).join(', ');
          return fail(`preset "${ref}" needs ${Number(n) + 1 === 1 ? 'an argument' : `${Number(n) + 1} arguments`}: write ${name}(${wanted})`);
        }
        return arg;
      });
    }
    if (Array.isArray(value)) return value.map(replace);
    if (isObj(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replace(v)]));
    return value;
  };
  return replace(content) as Obj;
}

/** Rules a preset brings say which preset they came from (for `explain`), unless they describe themselves. */
function labelRules(content: Obj, ref: string): Obj {
  if (!Array.isArray(content.packageRules)) return content;
  const packageRules = content.packageRules.map((rule: unknown) =>
    isObj(rule) && rule.description === undefined ? { description: `preset ${ref}`, ...rule } : rule,
  );
  return { ...content, packageRules };
}

function withoutDocs(content: Obj): Obj {
  return Object.fromEntries(Object.entries(content).filter(([key]) => !DOC_KEYS.includes(key)));
}

/** The closest built-in name; a bare word is tried as a preset name in every namespace, config: first. */
function suggest(name: string, names: string[]): string {
  const lower = name.toLowerCase();
  const sameName = names.filter((n) => n.toLowerCase().endsWith(`:${lower}`));
  const close = sameName.find((n) => n.startsWith('config:')) ?? sameName[0] ?? didYouMean(name, names);
  return close ? ` (did you mean ${close}?)` : '';
}

const extendsKey = (keyPath: string): string => (keyPath ? `${keyPath}.extends` : 'extends');

function configError(where: Where, key: string, message: string): ConfigError {
  return new ConfigError(where.file, message, key ? { key } : {});
}

const formatPath = (path: PropertyKey[]): string => path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join('');
const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]);
const isObj = (value: unknown): value is Obj => typeof value === 'object' && value !== null && !Array.isArray(value);
