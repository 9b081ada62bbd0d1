/**
 * Presets (`extends`): Renovate's built-in presets as data in `config/presets/<namespace>.json`, and
 * presets from repositories (preset-ref.ts has the forms). A preset from the repository being processed
 * is read from its checkout (`readLocal`: no API call, works offline); any other repository's through
 * `readRemote` (the run's forge adapters, cached). Presets expand recursively and merge in order with
 * `mergeConfig` — the presets first, then the config that names them wins.
 *
 * Every preset is validated like the repository's own file: what Upkeep does not read is taken out
 * (credentials and operator options never come from a preset), problems name the preset's file and line.
 * A built-in preset brings Renovate's settings; what of them concerns things Upkeep does not do is listed
 * in one warning per preset the config names.
 */
import { readFile } from 'node:fs/promises';
import { posix } from 'node:path';
import type { z } from 'zod';
import { ConfigError } from '../util/errors.js';
import { didYouMean } from './clean-keys.js';
import { mergeConfig } from './merge.js';
import { parseConfigText } from './parse.js';
import { parsePresetRef, type PresetHost, type PresetRef } from './preset-ref.js';
import { packageRuleSchema, repoConfigSchema, type RepoConfig } from './schema.js';
import { formatProblem, type ConfigProblem } from './validate.js';
import { checkPreset, validateBuiltin, withoutDocs } from './check-preset.js';
import { buildCheckedTable, checkedBuiltinsAt, digestOf, type CheckedBuiltins, type CheckedTable } from './builtin-checked.js';

/** A file of another repository: `path` at `tag` (default branch when absent). */
export interface RemotePresetFile {
  host: PresetHost;
  repo: string;
  path: string;
  tag?: string;
}

export interface ResolvePresetsOptions {
  /** Reads a file of the repository being processed (`presets/base.json`); null when it does not exist. */
  readLocal?: (path: string) => Promise<string | null>;
  /**
   * Reads a file of another repository: null when it does not exist; throws (with a reason that names no
   * credential) when it cannot be read — offline, no token, refused.
   */
  readRemote?: (file: RemotePresetFile) => Promise<string | null>;
  /**
   * `owner/repo` being processed: presets naming it are read from the checkout. Unset: the first
   * repository preset whose file is in the checkout names it.
   */
  repository?: string;
  /**
   * Asked for the repository's name when `repository` is unset and a preset names a repository — only
   * then: for a local run it is a git process, and most configs extend built-in presets alone.
   */
  repositoryName?: () => Promise<string | undefined>;
  /** A preset that cannot be read: `error` (a run), or `skip` — left out and listed in `notChecked` (validate). */
  unreadable?: 'error' | 'skip';
  /** The config file's path, for messages. */
  file?: string;
  /** Built-in presets checked ahead (default: the table the build wrote beside the code, builtin-checked.ts). */
  checkedBuiltins?: CheckedBuiltins;
}

export interface ResolvedPresets {
  /** The config with every preset merged in and no `extends` left. */
  config: RepoConfig;
  /** Presets applied, each once, in the order met (a preset before the ones it extends). */
  presets: string[];
  /** Presets accepted that set nothing in Upkeep (e.g. `group:monorepos`: nothing to do for images and charts). */
  withoutEffect: string[];
  /** Problems that do not stop the run (keys Upkeep does not act on, old preset names …), one line each. */
  warnings: string[];
  /** Presets left out because they could not be read (`unreadable: 'skip'`), with why. */
  notChecked: Array<{ preset: string; reason: string }>;
}

type Obj = Record<string, unknown>;
/** The file holding a reference (for messages) and its directory (for `./relative` presets; none in built-ins). */
interface Where {
  file: string;
  dir: string | undefined;
  /** The repository the file is in, when it is not the one being processed (its relative presets are there too). */
  remote?: Omit<RemotePresetFile, 'path'>;
  /** The built-in preset the config named that this one came through (its warnings are gathered there). */
  builtin?: string;
}
/** A step of the chain being expanded: the reference as written, and its identity without arguments. */
type Link = { ref: string; id: string };
/** `conditions`: rule conditions the preset holds that Upkeep cannot evaluate (`matchSourceUrls`). */
type Loaded = { id: string; content: Obj; where: Where; conditions?: string[] };
interface Run {
  options: ResolvePresetsOptions;
  /** Each built-in namespace's presets and the SHA-256 of their file, read once per run. */
  namespaces: Map<string, Promise<{ presets: Obj; digest: string } | undefined>>;
  ignored: Set<string>;
  presets: string[];
  withoutEffect: string[];
  warnings: string[];
  notChecked: Array<{ preset: string; reason: string }>;
  /** The repository's name as its presets tell it, when the options do not. */
  assumedRepository?: string;
  /** `options.repositoryName`'s answer, asked once. */
  askedName?: Promise<string | undefined>;
  /** Per built-in preset named by the config: what of it Upkeep does not act on (message → times). */
  builtinNotes: Map<string, Map<string, number>>;
}

/** Renovate's built-in namespaces; each has a file in config/presets/. */
const NAMESPACES = new Set([
  'abandonments',
  'config',
  'customManagers',
  'default',
  'docker',
  'global',
  'group',
  'helpers',
  'mergeConfidence',
  'monorepo',
  'packages',
  'preview',
  'replacements',
  'schedule',
  'security',
  'workarounds',
]);
/** Namespaces Renovate renamed: read under the new name. */
const NAMESPACE_RENAMES: Record<string, string> = { regexManagers: 'customManagers' };
const PRESETS_DIR = new URL('../../config/presets/', import.meta.url);
/** Written by the build beside the code (dist/), at the depth of every module and of the CLI bundle's chunks. */
const BUILD_CHECKED = checkedBuiltinsAt(new URL('../builtin-presets.checked.json', import.meta.url));
/** What is tried for a repository's default preset, in order (Renovate's order). */
const DEFAULT_FILES = ['default.json', 'default.json5', 'renovate.json'];

export async function resolvePresets(config: RepoConfig, options: ResolvePresetsOptions = {}): Promise<ResolvedPresets> {
  const { ignorePresets, ...rest } = config as Obj;
  const run = newRun(options, Array.isArray(ignorePresets) ? ignorePresets.filter((p): p is string => typeof p === 'string') : []);
  const where: Where = { file: options.file ?? 'repository config', dir: '' };
  const resolved = (await resolveObject(run, rest, [], where, '')) as Obj;
  for (const [preset, notes] of run.builtinNotes) {
    const list = [...notes].map(([message, times]) => (times > 1 ? `${message} (${times} times)` : message));
    run.warnings.push(`preset "${preset}": Upkeep applies what concerns it; left out: ${list.join('; ')}`);
  }
  return { config: resolved as RepoConfig, presets: run.presets, withoutEffect: run.withoutEffect, warnings: run.warnings, notChecked: run.notChecked };
}

function newRun(options: ResolvePresetsOptions, ignored: string[] = []): Run {
  return { options, namespaces: new Map(), ignored: new Set(ignored), presets: [], withoutEffect: [], warnings: [], notChecked: [], builtinNotes: new Map() };
}

/** `obj` with its `extends` merged underneath it, and presets inside its nested objects resolved too. */
async function resolveObject(run: Run, obj: Obj, chain: Link[], where: Where, keyPath: string): Promise<Obj | typeof DROPPED> {
  let base: Obj = {};
  for (const ref of asList(obj.extends)) {
    if (typeof ref !== 'string') throw configError(where, keyPath, `extends: ${JSON.stringify(ref)} is not a preset name`);
    if (run.ignored.has(ref)) continue;
    const loaded = await loadPreset(run, ref, where, keyPath);
    if (!loaded) continue;
    if (chain.some((link) => link.id === loaded.id)) {
      throw configError(where, extendsKey(keyPath), `preset cycle: ${[...chain.map((link) => link.ref), ref].join(' → ')}`);
    }
    if (!run.presets.includes(ref)) run.presets.push(ref);
    if (/^packageRules\[\d+\]$/.test(keyPath) && loaded.conditions?.length) {
      // A rule whose preset names what it matches by a condition Upkeep cannot evaluate would, without
      // it, match every update (`group:xMonorepo` grouping everything): the whole rule is left out.
      const note = `rule ignored: its preset ${ref} matches on ${loaded.conditions.join(', ')}, which Upkeep cannot evaluate`;
      if (where.builtin) noteBuiltin(run, where.builtin, note);
      else run.warnings.push(`${where.file}: ${keyPath}: ${note}`);
      return DROPPED;
    }
    const content = (await resolveObject(run, labelRules(loaded.content, ref), [...chain, { ref, id: loaded.id }], loaded.where, '')) as Obj;
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
    for (const [i, v] of value.entries()) {
      const resolved = await resolveNested(run, v, chain, where, `${keyPath}[${i}]`);
      if (resolved !== DROPPED) out.push(resolved);
    }
    return out;
  }
  if (!isObj(value) || !('extends' in value)) return value;
  const resolved = await resolveObject(run, value, chain, where, keyPath);
  if (resolved === DROPPED) return DROPPED;
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

/** How to report a problem with the reference being loaded, and how to put its arguments in. */
interface Use {
  ref: string;
  fail: (message: string) => never;
  args: (content: Obj) => Obj;
  /** Whether the reference gives arguments (`:timezone(Europe/Berlin)`). */
  hasArgs: boolean;
}

/** Find and read one preset reference, with its arguments substituted; undefined when it is skipped. */
async function loadPreset(run: Run, ref: string, where: Where, keyPath: string): Promise<Loaded | undefined> {
  const fail = (message: string): never => {
    throw configError(where, extendsKey(keyPath), message);
  };
  const parsed = parsePresetRef(ref);
  const use: Use = { ref, fail, args: (content) => withArgs(content, parsed.args, ref, fail), hasArgs: parsed.args.length > 0 };
  const target = parsed.ref;
  switch (target.kind) {
    case 'invalid':
      if (target.why.startsWith('arguments')) return fail(`preset "${ref}": arguments must end with ")"`);
      return fail(`invalid preset name "${ref}": ${target.why}`);
    case 'unsupported':
      if (target.why.startsWith('a bare name')) return fail(`unknown preset "${parsed.name}"${suggest(parsed.name, await builtinNames(run))} (${target.why})`);
      return fail(`preset "${ref}": ${target.why}`);
    case 'builtin':
      return builtinPreset(run, target, parsed.name, use, where);
    case 'relative':
      return relativePreset(run, target.path, where, use);
    case 'repository':
      return repositoryPreset(run, target, where, use);
  }
}

async function builtinPreset(run: Run, target: Extract<PresetRef, { kind: 'builtin' }>, name: string, use: Use, where: Where): Promise<Loaded | undefined> {
  const { fail, args } = use;
  const renamed = await renamedPreset(run, name);
  if (renamed !== undefined) {
    if (renamed === null) {
      run.warnings.push(`preset "${name}": Renovate removed it; it sets nothing (take it out of extends)`);
      return undefined;
    }
    // The new name, with the arguments as written.
    run.warnings.push(`preset "${name}": Renovate's old name, read as "${renamed}" (write that instead)`);
    const newRef = parsePresetRef(renamed + use.ref.slice(name.length));
    if (newRef.ref.kind === 'builtin')
      return builtinPreset(run, newRef.ref, newRef.name, { ...use, ref: renamed }, { ...where, builtin: where.builtin ?? use.ref });
    return fail(`preset "${name}" was renamed to "${renamed}", which Upkeep cannot read`);
  }
  const namespace = NAMESPACE_RENAMES[target.namespace] ?? target.namespace;
  if (!NAMESPACES.has(namespace)) return fail(`unknown preset "${name}"${suggest(name, await builtinNames(run))}`);
  const file = await namespaceEntry(run, namespace);
  const content = file && Object.hasOwn(file.presets, target.preset) ? file.presets[target.preset] : undefined;
  if (!file || !isObj(content)) return fail(`unknown preset "${name}"${suggest(name, await builtinNames(run))}`);
  const id = `${namespace}:${target.preset}`;
  const outer = where.builtin ?? use.ref;
  const ahead = use.hasArgs ? undefined : await (run.options.checkedBuiltins ?? BUILD_CHECKED).get(namespace, file.digest, id);
  const checked = ahead ?? validateBuiltin(args(withoutDocs(content)), id);
  // With arguments, a value the schema refuses is the config's own (`:timezone(Mars/X)`), not Renovate's data.
  if (checked.error && /\(.*\)/.test(use.ref)) return fail(`preset "${use.ref}" sets ${checked.error}`);
  for (const note of checked.notes) noteBuiltin(run, outer, note);
  return { id, content: checked.content, where: { file: name, dir: undefined, builtin: outer }, conditions: checked.conditions };
}

function noteBuiltin(run: Run, preset: string, note: string): void {
  const notes = run.builtinNotes.get(preset) ?? new Map<string, number>();
  notes.set(note, (notes.get(note) ?? 0) + 1);
  run.builtinNotes.set(preset, notes);
}

/** Renovate's renamed and removed presets (config/presets/renamed.json): the new name, null when removed, undefined when current. */
async function renamedPreset(run: Run, name: string): Promise<string | null | undefined> {
  const renames = await namespaceFile(run, 'renamed');
  const value = renames && Object.hasOwn(renames, name) ? renames[name] : undefined;
  return typeof value === 'string' || value === null ? value : undefined;
}

/** `config/presets/<namespace in kebab-case>.json` and its SHA-256, read once per run; undefined when Upkeep has none. */
function namespaceEntry(run: Run, namespace: string): Promise<{ presets: Obj; digest: string } | undefined> {
  const kebab = namespace.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  const file =
    run.namespaces.get(namespace) ??
    readFile(new URL(`${kebab}.json`, PRESETS_DIR), 'utf8').then(
      (text) => ({ presets: JSON.parse(text) as Obj, digest: digestOf(text) }),
      (err: NodeJS.ErrnoException) => (err.code === 'ENOENT' ? undefined : Promise.reject(err)),
    );
  run.namespaces.set(namespace, file);
  return file;
}

const namespaceFile = async (run: Run, namespace: string): Promise<Obj | undefined> => (await namespaceEntry(run, namespace))?.presets;

/** Every built-in preset checked, for the build to write beside the code (scripts/check-builtin-presets.mjs). */
export async function checkedBuiltinTable(): Promise<CheckedTable> {
  const files: Array<{ namespace: string; text: string }> = [];
  for (const namespace of NAMESPACES) {
    const kebab = namespace.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
    const text = await readFile(new URL(`${kebab}.json`, PRESETS_DIR), 'utf8').catch((err: NodeJS.ErrnoException) =>
      err.code === 'ENOENT' ? undefined : Promise.reject(err),
    );
    if (text !== undefined) files.push({ namespace, text });
  }
  return buildCheckedTable(files);
}

/** Every built-in preset with its settings as Renovate gives them (for the README's coverage table). */
export async function builtinPresets(): Promise<Array<{ name: string; content: Record<string, unknown> }>> {
  const run = newRun({});
  const all: Array<{ name: string; content: Record<string, unknown> }> = [];
  for (const namespace of NAMESPACES) {
    for (const [key, content] of Object.entries((await namespaceFile(run, namespace)) ?? {})) {
      if (isObj(content)) all.push({ name: namespace === 'default' ? `:${key}` : `${namespace}:${key}`, content });
    }
  }
  return all;
}

async function builtinNames(run: Run): Promise<string[]> {
  const names: string[] = [];
  for (const namespace of NAMESPACES) {
    const presets = await namespaceFile(run, namespace);
    for (const key of Object.keys(presets ?? {})) names.push(namespace === 'default' ? `:${key}` : `${namespace}:${key}`);
  }
  return names;
}

/**
 * Whether a preset names the repository being processed. Its name unknown (a directory whose origin is
 * no forge URL), the first repository preset whose file is in the checkout tells it — said once.
 */
async function isThisRepository(run: Run, target: Extract<PresetRef, { kind: 'repository' }>, use: Use): Promise<boolean> {
  run.askedName ??=
    run.options.repository === undefined && run.options.repositoryName ? run.options.repositoryName().catch(() => undefined) : Promise.resolve(undefined);
  const own = run.options.repository ?? (await run.askedName) ?? run.assumedRepository;
  if (own !== undefined) return target.repo.toLowerCase() === own.toLowerCase();
  if (!run.options.readLocal || target.tag !== undefined) return false;
  // renovate.json is in many repositories: it says nothing about which one this is (and would be the config itself).
  const probe = target.file !== undefined ? target.file : target.host === 'local' ? ['default.json', 'default.json5'] : [];
  let found = false;
  for (const path of [probe].flat()) if (!outside(path) && (await readLocal(run, path, use)) !== null) found = true;
  if (!found) return false;
  run.assumedRepository = target.repo;
  run.warnings.push(`this directory is taken to be ${target.repo} (the files of its presets are here); --repository OWNER/NAME says which repository it is`);
  return true;
}

async function repositoryPreset(run: Run, target: Extract<PresetRef, { kind: 'repository' }>, where: Where, use: Use): Promise<Loaded | undefined> {
  const files = target.file !== undefined ? [target.file] : DEFAULT_FILES;
  const here = !where.remote && target.tag === undefined && (await isThisRepository(run, target, use));
  // A preset in another repository that names a file of its own repository by `local>`: still that one.
  const remote = here
    ? undefined
    : { host: target.host === 'local' && where.remote ? where.remote.host : target.host, repo: target.repo, ...(target.tag ? { tag: target.tag } : {}) };
  const read = (path: string) => (remote ? readRemote(run, { ...remote, path }, use) : readLocal(run, path, use));
  if (remote && run.options.unreadable === 'skip' && !run.options.readRemote) {
    run.notChecked.push({ preset: use.ref, reason: 'no forge to read it from' });
    return undefined;
  }
  for (const path of files) {
    const text = await read(path);
    if (text === SKIPPED) return undefined;
    if (text === null) continue;
    const file = remote ? remoteName(remote, path) : posix.normalize(path);
    const loaded = parsePresetFile(run, file, text, target.keys, use);
    return { ...loaded, where: { ...loaded.where, ...(remote ? { remote, dir: posix.dirname(path).replace(/^\.$/, '') } : {}) } };
  }
  const tried = files.join(', ');
  // A forge answers "not found" alike for a missing file and a repository it does not show the bot.
  const inWhat = remote
    ? `${remote.repo}${remote.tag ? ` at ${remote.tag}` : ''} (or that repository does not exist or is not visible to the bot)`
    : 'this repository';
  return use.fail(`preset "${use.ref}": ${files.length > 1 ? `none of ${tried}` : `${tried} not`} found in ${inWhat}`);
}

function relativePreset(run: Run, name: string, where: Where, use: Use): Promise<Loaded | undefined> {
  if (where.dir === undefined) return Promise.resolve(use.fail(`preset "${name}": a relative preset needs a file in a repository to be relative to`));
  const path = jsonFile(name.startsWith('/') ? name.slice(1) : posix.join(where.dir, name));
  if (where.remote) return repositoryPreset(run, { kind: 'repository', ...where.remote, file: path, keys: [] }, where, use);
  return readLocal(run, path, use).then((text) => {
    if (text === null) return use.fail(`preset "${name}": ${posix.normalize(path)} not found in this repository`);
    return parsePresetFile(run, posix.normalize(path), text as string, [], use);
  });
}

const jsonFile = (path: string): string => (/\.json5?$/.test(path) ? path : `${path}.json`);
const remoteName = (remote: Omit<RemotePresetFile, 'path'>, path: string) => `${remote.host}>${remote.repo}//${path}${remote.tag ? `#${remote.tag}` : ''}`;
/** A preset left out (`unreadable: 'skip'`). */
const SKIPPED = Symbol('skipped');
/** A rule left out whole (see resolveObject). */
const DROPPED = Symbol('dropped');

function outside(path: string): boolean {
  const normal = posix.normalize(path);
  return normal === '..' || normal.startsWith('../') || normal.startsWith('/');
}

async function readLocal(run: Run, path: string, { ref, fail }: Use): Promise<string | null> {
  if (outside(path)) return fail(`preset "${ref}" points outside the repository`);
  const normal = posix.normalize(path);
  if (!run.options.readLocal) return fail(`preset "${ref}": this run cannot read the repository's files`);
  try {
    return await run.options.readLocal(normal);
  } catch (err) {
    return fail(`preset "${ref}": cannot read ${normal}: ${(err as Error).message}`);
  }
}

async function readRemote(run: Run, file: RemotePresetFile, { ref, fail }: Use): Promise<string | null | typeof SKIPPED> {
  if (outside(file.path)) return fail(`preset "${ref}" points outside the repository`);
  const path = posix.normalize(file.path);
  let reason: string;
  if (!run.options.readRemote) reason = 'this run reads no forge';
  else {
    try {
      return await run.options.readRemote({ ...file, path });
    } catch (err) {
      reason = (err as Error).message;
    }
  }
  const what = `${path} of ${file.host}>${file.repo}${file.tag ? ` at ${file.tag}` : ''}`;
  if (run.options.unreadable === 'skip') {
    if (!run.notChecked.some((n) => n.preset === ref)) run.notChecked.push({ preset: ref, reason: `${what}: ${reason}` });
    return SKIPPED;
  }
  return fail(`preset "${ref}": could not read ${what}: ${reason}`);
}

function parsePresetFile(run: Run, path: string, text: string, keys: string[], { fail, args }: Use): Loaded {
  const notes: ConfigProblem[] = [];
  let value = parseConfigText(path, text, notes);
  for (const key of keys) value = isObj(value) && Object.hasOwn(value, key) ? value[key] : undefined;
  const at = keys.join('.');
  if (!isObj(value)) return fail(keys.length ? `preset "${at}" not found in ${path}` : `${path} does not hold a JSON object`);
  // A preset file is validated like the repository's config, with line numbers (of the key inside the file, too).
  const { config, errors, warnings, conditions } = checkPreset(args(withoutDocs(value)), path, text);
  const where = (p: ConfigProblem): ConfigProblem => (at ? { ...p, key: p.key ? `${at}.${p.key}` : at } : p);
  run.warnings.push(...[...notes, ...warnings].map((p) => formatProblem(where(p))));
  const first = errors[0];
  if (first) {
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more problem${errors.length > 2 ? 's' : ''})` : '';
    const { key, line } = where(first);
    throw new ConfigError(path, `${first.message}${more}`, { ...(key ? { key } : {}), ...(line !== undefined ? { line } : {}) });
  }
  return {
    id: `file:${path}#${at}`,
    content: config,
    where: { file: path, dir: posix.dirname(path).replace(/^\.$/, '') },
    conditions,
  };
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
