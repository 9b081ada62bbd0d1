/**
 * The Gitea (and Forgejo) platform: REST `/api/v1`, a personal access token, the server version read
 * once (`GET /version`) to choose field names and features (version.ts). One instance per run; the bot's
 * account (`GET /user`) and the version are read at most once per instance.
 *
 * Autodiscovery lists the repositories the bot owns or collaborates on (`/repos/search?uid=`), leaves out
 * archived ones, mirrors and those it cannot push to, and applies Renovate's `autodiscoverFilter`
 * semantics on `owner/name`: globs (case-insensitive, minimatch-style) and `/regex/` entries, `!` negates,
 * matched on RE2 through the project's matcher.
 */
import { HttpClient } from '../../http/client.js';
import { compilePatternList } from '../../config/string-match.js';
import { ExternalHostError, InputError } from '../../util/errors.js';
import type { BotUser, Platform, PlatformOptions, RepoFilter, RepoPlatform } from '../types.js';
import { apiPath, GiteaApi } from './api.js';
import { contentsText, GiteaRepository } from './repo.js';
import { parseGiteaVersion, type GiteaVersion } from './version.js';
import type { GiteaRepo, GiteaUser } from './wire.js';

export interface GiteaPlatformOptions extends PlatformOptions {
  /** The run's HTTP client (host rules, limits, redaction); a default one when absent. */
  http?: HttpClient;
}

/** `https://gitea.example.com`, `…/` or `…/api/v1` → `https://gitea.example.com/api/v1`. */
export function giteaApiUrl(endpoint: string): string {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new InputError(`endpoint: "${endpoint.replace(/\/\/[^@/]*@/, '//***@')}" is not a URL`);
  }
  if (url.username || url.password) throw new InputError(`endpoint: ${url.host}: give the token separately, never in the URL`);
  return `${url.origin}${url.pathname.replace(/\/+$/, '').replace(/\/api\/v1$/, '')}/api/v1`;
}

export function createGiteaPlatform(options: GiteaPlatformOptions): Platform {
  const endpoint = giteaApiUrl(options.endpoint);
  const http = options.http ?? new HttpClient();
  const api = new GiteaApi({ apiUrl: endpoint, token: options.token, http, ...(options.onRequest ? { onRequest: options.onRequest } : {}) });
  let user: Promise<GiteaUser> | undefined;
  let version: Promise<GiteaVersion> | undefined;
  const me = () => (user ??= api.get<GiteaUser>('/user'));
  const serverVersion = () => (version ??= api.get<{ version?: string }>('/version').then((v) => parseGiteaVersion(v?.version ?? '')));
  const currentUser = async (): Promise<BotUser> => {
    const u = await me();
    const bot: BotUser = { login: u.login, name: u.full_name || u.login };
    if (u.email) bot.email = u.email;
    return bot;
  };

  return {
    id: 'gitea',
    endpoint,

    currentUser,

    async listRepositories(filter: RepoFilter = {}): Promise<string[]> {
      const bot = await me();
      const repos = await api.getAll<GiteaRepo>(
        '/repos/search',
        { uid: bot.id, archived: false, sort: 'alpha', order: 'asc' },
        { map: (b) => (b as { data?: GiteaRepo[] })?.data ?? [] },
      );
      const matches = filter.patterns?.length ? compilePatternList(filter.patterns, 'autodiscoverFilter') : () => true;
      const names = repos.filter((r) => !r.archived && !r.mirror && r.permissions?.push === true && matches(r.full_name)).map((r) => r.full_name);
      return [...new Set(names)].sort();
    },

    async repository(fullName: string): Promise<RepoPlatform> {
      const [owner, name, ...rest] = fullName.split('/');
      if (!owner || !name || rest.length) throw new ExternalHostError(api.host, undefined, `Gitea repository "${fullName}" is not owner/name`);
      const [bot, v] = await Promise.all([currentUser(), serverVersion()]);
      const repo = await api.get<GiteaRepo>(apiPath`/repos/${owner}/${name}`);
      return new GiteaRepository(api, repo, bot, v, options.token);
    },

    async readRepositoryFile(fullName: string, path: string, ref?: string): Promise<string | null> {
      const [owner, name, ...rest] = fullName.split('/');
      if (!owner || !name || rest.length) return null;
      const file = apiPath`/repos/${owner}/${name}/contents/${path.replace(/^\/+/, '')}`;
      const answer = await api.call('GET', file, { ...(ref ? { query: { ref } } : {}), allow: [404] });
      return contentsText(answer.status === 404 ? undefined : answer.body);
    },
  };
}
