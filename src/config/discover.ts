/**
 * Finding a repository's config file, and loading it (discover → parse → validate).
 *
 * Order (../shared/DESIGN.md): Upkeep's own names, then Renovate's, so a repository that already has a Renovate
 * config works unchanged. After DESIGN's list come the other names Renovate reads: those its
 * configuration-options page lists (`.github/renovate.json5`, `.gitlab/renovate.json`,
 * `.gitlab/renovate.json5`, `.renovaterc.json5`), the `.jsonc` forms Renovate's code accepts, and the
 * `.gitea/` / `.forgejo/` forms Renovate's config validator knows for those platforms. The first file
 * found wins; any other is reported and ignored.
 */
import { lstat, readFile, realpath } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { ConfigError } from '../util/errors.js';
import { parseConfigText } from './parse.js';
import type { RepoConfig } from './schema.js';
import { validateRepoConfig, type ConfigProblem } from './validate.js';

export const CONFIG_FILE_NAMES: readonly string[] = [
  'upkeep.json',
  '.github/upkeep.json',
  '.gitea/upkeep.json',
  'renovate.json',
  'renovate.json5',
  '.github/renovate.json',
  '.gitea/renovate.json',
  '.renovaterc',
  '.renovaterc.json',
  // Renovate's other names, after DESIGN's list.
  'renovate.jsonc',
  '.github/renovate.json5',
  '.github/renovate.jsonc',
  '.gitlab/renovate.json',
  '.gitlab/renovate.json5',
  '.gitlab/renovate.jsonc',
  '.gitea/renovate.json5',
  '.forgejo/renovate.json',
  '.forgejo/renovate.json5',
  '.renovaterc.json5',
  '.renovaterc.jsonc',
];

/** Config files are small; a larger one is refused rather than read. */
export const MAX_CONFIG_SIZE = 1024 * 1024;

/** Which of the config names exist in `dir` as files (or symlinks to files inside it), in order. */
export async function findConfigFiles(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const name of CONFIG_FILE_NAMES) {
    const info = await lstat(join(dir, name)).catch(() => undefined);
    if (info && (info.isFile() || info.isSymbolicLink())) found.push(name);
  }
  return found;
}

/** Read one config file: never through a symlink that leaves `dir`, never past the size limit. */
export async function readConfigFile(dir: string, name: string): Promise<string> {
  const path = join(dir, name);
  let target: string;
  let root: string;
  try {
    [target, root] = await Promise.all([realpath(path), realpath(dir)]);
  } catch {
    throw new ConfigError(name, 'cannot be read (a broken symlink?)');
  }
  if (!target.startsWith(root.endsWith(sep) ? root : root + sep)) throw new ConfigError(name, 'is a symlink that leaves the repository: not read');
  const info = await lstat(target);
  if (!info.isFile()) throw new ConfigError(name, 'is not a file');
  if (info.size > MAX_CONFIG_SIZE) throw new ConfigError(name, `is larger than ${MAX_CONFIG_SIZE / 1024} KiB: not read`);
  try {
    return await readFile(target, 'utf8');
  } catch (err) {
    throw new ConfigError(name, `cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

/**
 * The repository's config file (path relative to `dir`, and its text), or null when there is none.
 * Throws a `ConfigError` when the file found cannot be read (rather than falling back to another name).
 */
export async function discoverConfig(dir: string): Promise<{ file: string; content: string } | null> {
  const [file] = await findConfigFiles(dir);
  if (file === undefined) return null;
  return { file, content: await readConfigFile(dir, file) };
}

export interface LoadedRepoConfig {
  /** The file read (relative to the repository), absent when there is none. */
  file?: string;
  /** The validated config; `{}` when there is no file or when there are errors. */
  config: RepoConfig;
  errors: ConfigProblem[];
  warnings: ConfigProblem[];
}

/**
 * Discover, parse and validate the config in `dir`. Never throws for a bad config: every problem is in
 * `errors` (and then `config` is `{}`: a half-read config is never acted on) or `warnings`. No config
 * file means Upkeep's defaults: `{}` with no problems.
 */
export async function loadRepoConfig(dir: string): Promise<LoadedRepoConfig> {
  const files = await findConfigFiles(dir);
  const [file, ...others] = files;
  if (file === undefined) return { config: {}, errors: [], warnings: [] };
  const warnings: ConfigProblem[] = others.map((other) => ({ file: other, message: `ignored: ${file} comes first` }));
  try {
    const content = await readConfigFile(dir, file);
    const value = parseConfigText(file, content, warnings);
    const result = validateRepoConfig(value, file, content);
    return { file, config: result.config, errors: result.errors, warnings: [...warnings, ...result.warnings] };
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    const problem: ConfigProblem = {
      file: err.file,
      ...(err.line !== undefined ? { line: err.line } : {}),
      ...(err.column !== undefined ? { column: err.column } : {}),
      message: err.detail,
    };
    return { file, config: {}, errors: [problem], warnings };
  }
}
