/**
 * A repository's config as the run uses it: discovered, parsed, validated, presets expanded. Never throws
 * for a bad config: problems come back as one line each, and with any error the config is not used
 * (a half-read config never opens update PRs).
 */
import { readFile, realpath, stat } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import { MAX_CONFIG_SIZE } from '../config/discover.js';
import type { RepoConfig } from '../config/schema.js';
import { formatProblem } from '../config/validate.js';
import { checkRepositoryConfig, tooLargeMessage, type CheckConfigOptions } from './check-config.js';
import { repositoryNameAsker } from './repository-name.js';

export interface RepoConfigResult {
  file?: string;
  config: RepoConfig;
  presets: string[];
  errors: string[];
  warnings: string[];
}

/** Read a repository-relative file for a `local>` / `./` preset, never outside the repository. */
export function repositoryReader(dir: string): (path: string) => Promise<string | null> {
  return async (path) => {
    const root = await realpath(dir);
    const target = resolve(root, path.replace(/^\/+/, ''));
    let real: string;
    try {
      real = await realpath(target);
    } catch {
      return null;
    }
    if (real !== root && !real.startsWith(root + sep)) return null;
    const info = await stat(real);
    if (!info.isFile()) return null;
    if (info.size > MAX_CONFIG_SIZE) throw new Error(tooLargeMessage());
    return readFile(real, 'utf8');
  };
}

export interface LoadConfigOptions {
  /** `owner/repo`: presets naming it are read from `dir`. */
  repository?: string;
  /** Asked for `owner/repo` only when a preset names a repository (a git process for a working directory). */
  repositoryName?: CheckConfigOptions['repositoryName'];
  /** Reads presets of other repositories (preset-reader.ts); without it they cannot be read. */
  readRemote?: CheckConfigOptions['readRemote'];
  /** What an unreadable preset is: an error (default: a run never acts on half a config) or skipped with a warning. */
  unreadable?: CheckConfigOptions['unreadable'];
}

export async function loadRepositoryConfig(dir: string, options: LoadConfigOptions = {}): Promise<RepoConfigResult> {
  const checked = await checkRepositoryConfig(dir, { readLocal: repositoryReader(dir), ...options });
  const result: RepoConfigResult = {
    config: checked.config,
    presets: checked.presets,
    errors: checked.errors.map(formatProblem),
    warnings: checked.warnings.map(formatProblem),
  };
  if (checked.file) result.file = checked.file;
  return result;
}

/**
 * The config for the read-only commands (`extract`, `lookup`): the repository's own when it reads
 * cleanly; otherwise Upkeep's defaults, with one warning saying so (they change nothing, so a broken
 * config need not stop them — `run` refuses instead).
 */
export async function configForReading(dir: string, globalAliases: Record<string, string> = {}): Promise<{ config: RepoConfig; warnings: string[] }> {
  // Presets of other repositories are not fetched here: what cannot be read is said, the rest is used.
  const loaded = await loadRepositoryConfig(dir, { unreadable: 'skip', repositoryName: repositoryNameAsker(dir) });
  const warnings = [...loaded.warnings];
  let config = loaded.config;
  if (loaded.errors.length > 0) {
    // The errors themselves, as validate and run say them, then what this command does about them.
    warnings.push(...loaded.errors, `${loaded.file ?? 'config'}: has errors (see \`upkeep validate\`); Upkeep's defaults are used here`);
    config = {};
  }
  return { config: { ...config, registryAliases: { ...globalAliases, ...(config.registryAliases ?? {}) } }, warnings };
}
