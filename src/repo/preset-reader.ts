/**
 * Reading presets from other repositories (`github>owner/repo`, `local>owner/repo`, …) through the forge
 * adapters: the run's own forge for `local>` and its own kind, otherwise the public forge of that kind
 * (api.github.com, gitlab.com, gitea.com, code.forgejo.org) or the operator's `presetEndpoints`, with the
 * operator's host-rule token for that host, if any. Each file is read once per run, kept in the shared
 * cache for a quarter of an hour (Renovate's preset cache time), and given a time limit.
 */
import type { GlobalConfig } from '../config/global-config.js';
import type { RemotePresetFile } from '../config/presets.js';
import type { PresetHost } from '../config/preset-ref.js';
import type { Cache } from '../http/cache.js';
import type { HttpClient } from '../http/client.js';
import { findHostRule } from '../http/host-rules.js';
import { createPlatform } from '../platforms/registry.js';
import type { Platform, PlatformId } from '../platforms/types.js';

export interface PresetReaderOptions {
  global: GlobalConfig;
  http: HttpClient;
  cache: Cache;
  /** The forge this run works on; `local>` presets are read there. */
  forge?: Platform;
  /** Longest wait for one file, in ms (default 30 s). */
  timeoutMs?: number;
}

export type PresetReader = (file: RemotePresetFile) => Promise<string | null>;

/** Renovate's default hosts for presets of a forge that is not the one the run is on. */
export const PUBLIC_PRESET_ENDPOINTS: Record<Exclude<PresetHost, 'local'>, string> = {
  github: 'https://api.github.com',
  gitlab: 'https://gitlab.com/api/v4',
  gitea: 'https://gitea.com/api/v1',
  forgejo: 'https://code.forgejo.org/api/v1',
};
const PLATFORM_OF: Record<Exclude<PresetHost, 'local'>, PlatformId> = { github: 'github', gitlab: 'gitlab', gitea: 'gitea', forgejo: 'gitea' };
const CACHE_SECONDS = 15 * 60;

export function createPresetReader(options: PresetReaderOptions): PresetReader {
  const platforms = new Map<string, Promise<Platform>>();
  const files = new Map<string, Promise<string | null>>();
  const timeoutMs = options.timeoutMs ?? 30_000;

  /** The adapter that reads `host`'s repositories, and its endpoint (a cache key: never the token). */
  const platformFor = (host: PresetHost): Promise<Platform> => {
    const forge = options.forge;
    if (host === 'local') {
      if (!forge) throw new Error('local> names a repository on the forge the run is on, and this run was given none (--platform local, or no forge passed)');
      return Promise.resolve(forge);
    }
    if (forge && forge.id === PLATFORM_OF[host] && !options.global.presetEndpoints?.[host]) return Promise.resolve(forge);
    const endpoint = options.global.presetEndpoints?.[host] ?? PUBLIC_PRESET_ENDPOINTS[host];
    let platform = platforms.get(endpoint);
    if (!platform) {
      const rule = findHostRule(options.global.hostRules, endpoint);
      // Checked here too: the GitHub adapter (octokit) makes its own requests, not through the HttpClient.
      if (rule.enabled === false)
        return Promise.reject(new Error(`${new URL(endpoint).host} is turned off by the operator's hostRules (enabled: false): not asked`));
      const token = rule.token ?? '';
      platform = createPlatform(PLATFORM_OF[host], { endpoint, token, http: options.http });
      platforms.set(endpoint, platform);
    }
    return platform;
  };

  return async (file) => {
    const platform = await platformFor(file.host);
    const key = [platform.endpoint, file.repo.toLowerCase(), file.path, file.tag ?? ''].join('\0');
    let pending = files.get(key);
    if (!pending) {
      pending = options.cache.remember('preset', key, CACHE_SECONDS, () =>
        withTimeout(platform.readRepositoryFile(file.repo, file.path, file.tag), timeoutMs, `no answer from ${platform.endpoint} in ${timeoutMs / 1000} s`),
      );
      files.set(key, pending);
    }
    return pending;
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
