/**
 * The one check of a repository config, used by `upkeep validate` and by every run, so the two can never
 * disagree. Every problem is found at once: the file's syntax and types, its values (patterns,
 * schedules, time zone, ages, versioning), its templates, each preset it extends (read, and what it
 * brings checked the same way, reported at that `extends` entry), and the config after all presets are
 * merged. A config with any error is never acted on (`config` is `{}` then).
 */
import { readFile, stat } from 'node:fs/promises';
import { findConfigFiles, MAX_CONFIG_SIZE, readConfigFile } from '../config/discover.js';
import { checkValues } from '../config/check-values.js';
import { joinPath, locateKeys, parseConfigText } from '../config/parse.js';
import { resolvePresets, type ResolvePresetsOptions } from '../config/presets.js';
import { groupShape, UPDATE_TYPES, type RepoConfig } from '../config/schema.js';
import { validateRepoConfig, type ConfigProblem } from '../config/validate.js';
import { MANAGER_IDS } from '../meta/managers.js';
import { TEMPLATE_OPTIONS } from '../plan/group.js';
import { templateProblem } from '../plan/templates.js';
import { ConfigError } from '../util/errors.js';

export interface CheckedConfig {
  /** The file checked (repository-relative when discovered); absent when there is none. */
  file?: string;
  /** The config with presets merged in; `{}` when there are errors or no file. */
  config: RepoConfig;
  /** Presets applied, in order. */
  presets: string[];
  errors: ConfigProblem[];
  warnings: ConfigProblem[];
}

export interface CheckConfigOptions {
  /** A file named by the user (`upkeep validate FILE`) instead of the one discovered in the repository. */
  file?: string;
  /** Reads a repository file for `local>` / `./` presets and presets naming this repository. */
  readLocal: (path: string) => Promise<string | null>;
  /** Reads a preset file of another repository (through the forges); absent: such presets cannot be read. */
  readRemote?: ResolvePresetsOptions['readRemote'];
  /**
   * A preset that cannot be read: an error (a run: never act on half a config), or `skip` (validate
   * without a forge: "not checked", the rest validated).
   */
  unreadable?: 'error' | 'skip';
  /** `owner/repo` being run, when known. */
  repository?: string;
  /** Asked for `owner/repo` only when a preset names a repository (presets.ts). */
  repositoryName?: ResolvePresetsOptions['repositoryName'];
}

/** The message for a config file over the size limit, the same for every command and every kind of config file. */
export function tooLargeMessage(): string {
  return `is larger than ${MAX_CONFIG_SIZE / 1024} KiB: not read`;
}

async function readGivenFile(file: string): Promise<string> {
  const info = await stat(file).catch((err: NodeJS.ErrnoException) => {
    throw new ConfigError(file, `cannot be read (${err.code ?? 'error'})`);
  });
  if (!info.isFile()) throw new ConfigError(file, 'is not a file');
  if (info.size > MAX_CONFIG_SIZE) throw new ConfigError(file, tooLargeMessage());
  return readFile(file, 'utf8');
}

function problemFrom(err: ConfigError, content: string | undefined): ConfigProblem {
  const line = err.line ?? (err.key && content !== undefined ? locateKeys(content).lines.get(err.key) : undefined);
  return {
    file: err.file,
    ...(err.key ? { key: err.key } : {}),
    ...(line !== undefined ? { line } : {}),
    ...(err.column !== undefined ? { column: err.column } : {}),
    message: err.detail,
  };
}

/** Problems with values in a (merged) config: what the schema cannot judge, and templates. */
function valueProblems(config: RepoConfig): Array<{ key?: string; message: string }> {
  const found: Array<{ key?: string; message: string }> = [];
  checkValues(
    config,
    (severity, key, message) => severity === 'error' && found.push({ ...(key ? { key } : {}), message }),
    (path) => path.reduce<string>((acc, p) => joinPath(acc, typeof p === 'number' ? p : String(p)), ''),
  );
  return [...found, ...templateProblems(config as Record<string, unknown>)];
}

/**
 * Templates that cannot be parsed — top level, in manager and update-type objects, in package rules, and
 * each one's `group` settings (`group.commitMessageTopic`, …) — as the plan renders them; safe on a
 * config not yet validated.
 */
function templateProblems(config: Record<string, unknown>): Array<{ key?: string; message: string }> {
  const found: Array<{ key?: string; message: string }> = [];
  const rules = Array.isArray(config.packageRules) ? config.packageRules : [];
  const holders: Array<[string, unknown]> = [
    ['', config],
    ...[...MANAGER_IDS, ...UPDATE_TYPES].map((key): [string, unknown] => [key, config[key]]),
    ...rules.map((rule, i): [string, unknown] => [`packageRules[${i}]`, rule]),
  ];
  const check = (key: string, template: unknown) => {
    const problem = typeof template === 'string' ? templateProblem(template) : undefined;
    if (problem) found.push({ key, message: `bad template ${JSON.stringify((template as string).slice(0, 100))}: ${problem}` });
  };
  for (const [path, holder] of holders) {
    if (!isRecord(holder)) continue;
    for (const option of [...TEMPLATE_OPTIONS, 'labels', 'addLabels']) {
      const values = holder[option];
      if (Array.isArray(values)) for (const [i, template] of values.entries()) check(joinPath(path, `${option}[${i}]`), template);
      else check(joinPath(path, option), values);
    }
    // Every option a group holds is a text the plan renders (plan/group.ts); other keys are dropped with a warning.
    if (isRecord(holder.group)) for (const option of GROUP_OPTIONS) check(joinPath(joinPath(path, 'group'), option), holder.group[option]);
  }
  return found;
}

const GROUP_OPTIONS = Object.keys(groupShape);
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export async function checkRepositoryConfig(dir: string, options: CheckConfigOptions): Promise<CheckedConfig> {
  const result = await check(dir, options);
  // As validate prints them: the config file's problems in line order, then those of the files it reaches.
  const rank = (p: ConfigProblem) => (p.file === result.file ? 0 : 1) * 1e9 + (p.line ?? 1e8);
  result.errors.sort((a, b) => rank(a) - rank(b));
  return result;
}

async function check(dir: string, options: CheckConfigOptions): Promise<CheckedConfig> {
  const result: CheckedConfig = { config: {}, presets: [], errors: [], warnings: [] };
  let content: string | undefined;
  try {
    if (options.file !== undefined) {
      result.file = options.file;
      content = await readGivenFile(options.file);
    } else {
      const [file, ...others] = await findConfigFiles(dir);
      if (file === undefined) return result;
      result.file = file;
      result.warnings.push(...others.map((other) => ({ file: other, message: `ignored: ${file} comes first` })));
      content = await readConfigFile(dir, file);
    }
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    result.errors.push(problemFrom(err, undefined));
    return result;
  }
  const file = result.file!;
  let value: unknown;
  try {
    value = parseConfigText(file, content, result.warnings);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    result.errors.push(problemFrom(err, content));
    return result;
  }
  const validated = validateRepoConfig(value, file, content);
  result.errors.push(...validated.errors);
  result.warnings.push(...validated.warnings);
  const lines = locateKeys(content).lines;
  const at = (key: string, message: string): ConfigProblem => ({ file, key, ...(lines.get(key) !== undefined ? { line: lines.get(key)! } : {}), message });

  // Each preset on its own, so what one brings is reported at the entry that names it — even when the
  // file has other errors (everything at once).
  const refs = (value as { extends?: unknown }).extends;
  const list = typeof refs === 'string' ? [refs] : Array.isArray(refs) ? refs : [];
  const presetOptions: ResolvePresetsOptions = {
    readLocal: options.readLocal,
    file,
    unreadable: options.unreadable ?? 'error',
    ...(options.readRemote ? { readRemote: options.readRemote } : {}),
    ...(options.repository ? { repository: options.repository } : {}),
    ...(options.repositoryName ? { repositoryName: options.repositoryName } : {}),
  };
  const reported = new Set<string>();
  const notChecked = new Map<string, string>();
  for (const [i, ref] of list.entries()) {
    if (typeof ref !== 'string') continue;
    const key = typeof refs === 'string' ? 'extends' : `extends[${i}]`;
    try {
      const alone = await resolvePresets({ extends: [ref] } as RepoConfig, presetOptions);
      for (const skipped of alone.notChecked) notChecked.set(skipped.preset, skipped.reason);
      for (const problem of valueProblems(alone.config)) {
        reported.add(`${problem.key ?? ''}\0${problem.message}`);
        result.errors.push(at(key, `preset "${ref}" sets ${problem.key ? `${problem.key}: ` : ''}${problem.message}`));
      }
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      if (err.file !== file) {
        // A problem inside a preset's own file: named at its file and line, and how this config reached it.
        const problem = problemFrom(err, undefined);
        result.errors.push({ ...problem, message: `${problem.message} (preset "${ref}", ${file} ${key})` });
      } else result.errors.push(at(key, err.detail.includes(ref) ? err.detail : `preset "${ref}": ${err.detail}`));
    }
  }
  // The file's own templates (the schema and checkValues judged the rest of its values).
  if (typeof value === 'object' && value !== null)
    for (const problem of templateProblems(value as Record<string, unknown>)) result.errors.push(at(problem.key ?? '', problem.message));
  const notCheckedWarnings = (): ConfigProblem[] =>
    [...notChecked].map(([preset, reason]) => ({ file, message: `not checked: could not fetch ${preset} (${reason})` }));
  if (result.errors.length > 0) {
    result.warnings.push(...notCheckedWarnings());
    return result;
  }

  try {
    const resolved = await resolvePresets(validated.config, presetOptions);
    // What only the combination shows (a preset's schedule with the file's time zone, …).
    for (const problem of valueProblems(resolved.config)) {
      if (!reported.has(`${problem.key ?? ''}\0${problem.message}`))
        result.errors.push({ file, ...(problem.key ? { key: problem.key } : {}), message: `after presets: ${problem.message}` });
    }
    for (const message of resolved.warnings) result.warnings.push({ file, message });
    for (const skipped of resolved.notChecked) notChecked.set(skipped.preset, skipped.reason);
    result.warnings.push(...notCheckedWarnings());
    if (result.errors.length === 0) {
      result.config = resolved.config;
      result.presets = resolved.presets;
    }
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    result.errors.push(problemFrom(err, content));
  }
  return result;
}
