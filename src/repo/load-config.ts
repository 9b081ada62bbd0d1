/**
 * A repository's config as the run uses it: discovered, parsed, validated, presets expanded. Never throws
 * for a bad config: problems come back as one line each, and with any error the config is not used
 * (a half-read config never opens update PRs).
 */
import { readFile, realpath, stat } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import { loadRepoConfig } from '../config/discover.js';
import { resolvePresets } from '../config/presets.js';
import type { RepoConfig } from '../config/schema.js';
import { formatProblem } from '../config/validate.js';
import { ConfigError } from '../util/errors.js';

export interface RepoConfigResult {
  file?: string;
  config: RepoConfig;
  presets: string[];
  errors: string[];
  warnings: string[];
}

const MAX_PRESET_SIZE = 256 * 1024;

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
    if (!info.isFile() || info.size > MAX_PRESET_SIZE) return null;
    return readFile(real, 'utf8');
  };
}

export async function loadRepositoryConfig(dir: string, repository?: string): Promise<RepoConfigResult> {
  const loaded = await loadRepoConfig(dir);
  const result: RepoConfigResult = {
    config: {},
    presets: [],
    errors: loaded.errors.map(formatProblem),
    warnings: loaded.warnings.map(formatProblem),
  };
  if (loaded.file) result.file = loaded.file;
  if (result.errors.length > 0) return result;
  try {
    const resolved = await resolvePresets(loaded.config, {
      readLocal: repositoryReader(dir),
      ...(repository ? { repository } : {}),
      ...(loaded.file ? { file: loaded.file } : {}),
    });
    result.config = resolved.config;
    result.presets = resolved.presets;
    result.warnings.push(...resolved.warnings);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    result.errors.push(err.message);
  }
  return result;
}

/**
 * The config for the read-only commands (`extract`, `lookup`): the repository's own when it reads
 * cleanly; otherwise Upkeep's defaults, with one warning saying so (they change nothing, so a broken
 * config need not stop them — `run` refuses instead).
 */
export async function configForReading(dir: string, globalAliases: Record<string, string> = {}): Promise<{ config: RepoConfig; warnings: string[] }> {
  const loaded = await loadRepositoryConfig(dir);
  const warnings = [...loaded.warnings];
  let config = loaded.config;
  if (loaded.errors.length > 0) {
    warnings.push(`${loaded.file ?? 'config'}: has errors (see \`upkeep validate\`); Upkeep's defaults are used here`);
    config = {};
  }
  return { config: { ...config, registryAliases: { ...globalAliases, ...(config.registryAliases ?? {}) } }, warnings };
}
